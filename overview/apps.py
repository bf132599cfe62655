from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The sites across reviews: Overblik, each site's page, the exports."""

    name = "overview"
    verbose_name = _("Overview")
