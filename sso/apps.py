from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """Single sign-on through the organisations' identity providers (SAML 2.0, OIOSAML 3)."""

    name = "sso"
    label = "sso"
    verbose_name = _("Single sign-on")
