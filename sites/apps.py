from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    """Sites, regions and clusters: who is reviewed, on the ground floor."""

    name = "sites"
    label = "sites"
    verbose_name = _("Sites")
