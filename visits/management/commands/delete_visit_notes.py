from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from visits.retention import notes_retention_run


class Command(BaseCommand):
    help = (
        "Delete the visit notes of reviews finalized the set number of days ago, and tell the "
        "lead reviewers a few days before (run daily)."
    )

    def handle(self, *args, **options):
        done = notes_retention_run()
        self.stdout.write(
            _("%(deleted)s notes deleted, %(noticed)s notices queued.")
            % {"deleted": done.deleted, "noticed": done.noticed}
        )
