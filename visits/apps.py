from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """The visit: its plan of sessions, the reviewers' notes tagged to items, and their
    deletion on time after finalizing."""

    name = "visits"
    label = "visits"
    verbose_name = _("Visits")
