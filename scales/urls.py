from django.urls import path

from scales import views

app_name = "scales"

urlpatterns = [
    path("", views.scale_list, name="scale_list"),
    path("<int:pk>/", views.scale_detail, name="scale_detail"),
]
