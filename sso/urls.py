from django.urls import path

from sso import views

app_name = "sso"

urlpatterns = [
    path("saml/login/", views.LoginView.as_view(), name="login"),
    path("saml/acs/", views.AssertionConsumerServiceView.as_view(), name="acs"),
    path("saml/logout/", views.LogoutView.as_view(), name="logout"),
    path("saml/ls/", views.LoggedOutView.as_view(), name="logged_out"),
    path("saml/ls/post/", views.LoggedOutView.as_view(), name="logged_out_post"),
    path("saml/metadata/", views.MetadataView.as_view(), name="metadata"),
]
