from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("analyser/", views.regional, name="regional_analytics"),
    path("analyser/items.<str:fmt>", views.regional_export, name="regional_export"),
    path("kalibrering/", views.calibration_page, name="calibration"),
]
