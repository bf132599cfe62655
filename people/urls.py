from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("personer/", views.people, name="people"),
    path("personer/inviter/", views.person_invite, name="person_invite"),
    path("personer/<int:pk>/inviter-igen/", views.person_reinvite, name="person_reinvite"),
    path("personer/<int:pk>/deaktiver/", views.person_deactivate, name="person_deactivate"),
    path("personer/<int:pk>/data.xlsx", views.person_export, name="person_export"),
    path("adgangslog/", views.access_log, name="access_log"),
    path("adgangslog/eksport.<str:fmt>", views.access_log_export, name="access_log_export"),
]
