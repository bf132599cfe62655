from django.urls import path

from reports import views

urlpatterns = [
    path("reviews/<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("reviews/<int:pk>/rapport/dan-igen/", views.report_rerender, name="report_rerender"),
    path(
        "reviews/<int:pk>/informationsanmodning/",
        views.information_request,
        name="information_request",
    ),
    path(
        "reviews/<int:pk>/informationsanmodning.pdf",
        views.information_request_pdf,
        name="information_request_pdf",
    ),
    path("steder/<int:pk>/", views.site_detail, name="site_detail"),
    path("overblik/", views.overview, name="overview"),
    path("overblik.pdf", views.overview_pdf, name="overview_pdf"),
    path("eksport/<str:table>.<str:fmt>", views.export, name="export"),
]
