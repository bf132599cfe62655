from django.core.management.base import BaseCommand
from django.db import transaction

from demo import loading as demo
from demo import progress


class Command(BaseCommand):
    help = "Load the demo users and data (idempotent). For local demonstration only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-region",
            action="store_true",
            help="Skip the Region Sjælland reviews (26 reports to render).",
        )

    def handle(self, *args, without_region=False, **options):
        with transaction.atomic(), progress.reporting(self._progress):
            summary = demo.load_demo(regional=not without_region)
        for line in summary:
            self.stdout.write(line)

    def _progress(self, line):
        self.stdout.write(line)
        self.stdout.flush()
