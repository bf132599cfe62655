import calendar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import AccessLogEntry


def months_before(moment, months):
    """The same time `months` calendar months earlier (the 31st becomes the month's last day)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


class Command(BaseCommand):
    help = (
        "Remove the access log entries older than ACCESS_LOG_RETENTION_MONTHS (default 6) "
        "and nothing else. Meant for cron, e.g. daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, default=None, help="Keep this many months instead."
        )

    def handle(self, *args, months=None, **options):
        months = settings.ACCESS_LOG_RETENTION_MONTHS if months is None else months
        if months < 1:
            raise CommandError("Keep at least one month of the access log.")
        cutoff = months_before(timezone.now(), months)
        removed = AccessLogEntry.objects.remove_older_than(cutoff)
        self.stdout.write(f"Removed {removed} access log entries from before {cutoff:%Y-%m-%d}.")
