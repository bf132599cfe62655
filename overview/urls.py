from django.urls import path

from overview import views

app_name = "overview"

urlpatterns = [
    path("", views.home, name="home"),
    path("steder/<int:pk>/", views.site_detail, name="site_detail"),
    path("overblik/", views.overview, name="overview"),
    path("overblik.pdf", views.overview_pdf, name="overview_pdf"),
    path("eksport/nationalt.<str:fmt>", views.national_export, name="national_export"),
    path("eksport/<str:table>.<str:fmt>", views.export, name="export"),
]
