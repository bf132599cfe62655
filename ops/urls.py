from django.urls import path

from ops import views

app_name = "ops"

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("offline-sw.js", views.offline_worker, name="offline_worker"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
]
