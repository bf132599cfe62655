from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the app: health check, error pages, backups."""

    name = "ops"
    verbose_name = _("Operations")
