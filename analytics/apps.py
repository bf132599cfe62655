from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Item-level regional analytics and reviewer calibration: read-only views of reviews."""

    name = "analytics"
    verbose_name = _("Analytics")
