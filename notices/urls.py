from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("konto/meddelelser/", views.notice_settings, name="notice_settings"),
]
