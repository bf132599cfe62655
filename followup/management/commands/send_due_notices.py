import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from followup.due import due_notices_send
from toolkit import dates


class Command(BaseCommand):
    help = (
        "Queue the due notices (run once a day): leaders a week before an action falls due, "
        "reviewers when a site becomes due for its next review. Each is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        today = timezone.localdate()
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Not a date (YYYY-MM-DD): {date!r}") from None
            try:
                dates.PLANNED(today)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from None
        sent = due_notices_send(today=today)
        self.stdout.write(
            f"Queued {sent.actions} action notice(s) and {sent.sites} site notice(s) "
            f"for {today.isoformat()}."
        )
