from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/totrin/", views.second_factor, name="second_factor"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("konto/totrin/", views.second_factor_setup, name="second_factor_setup"),
    path("konto/gendannelseskoder/", views.recovery_codes, name="recovery_codes"),
    path("glemt-adgangskode/", views.password_reset, name="password_reset"),
    path("glemt-adgangskode/sendt/", views.password_reset_done, name="password_reset_done"),
    path(
        "adgangskode/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("adgangskode/gemt/", views.password_reset_complete, name="password_reset_complete"),
    path("invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
]
