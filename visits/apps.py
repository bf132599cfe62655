from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """The visit: its plan of sessions, the reviewers' notes tagged to items, and their
    deletion on time after finalizing."""

    name = "visits"
    label = "visits"
    verbose_name = _("Visits")

    def ready(self):
        from reviews import notes_beside
        from visits.notes import notes_by_item

        # The review's pages show the visit's notes beside each item (reviews/notes_beside.py).
        notes_beside.register(notes_by_item)
