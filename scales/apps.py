from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScalesConfig(AppConfig):
    name = "scales"
    verbose_name = _("Scales")
