from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (`manage.py load_demo`): on the top floor, it may use every app."""

    name = "demo"
    verbose_name = _("Demo")
