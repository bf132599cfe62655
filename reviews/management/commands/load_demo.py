from django.core.management.base import BaseCommand
from django.db import transaction

from reviews import demo


class Command(BaseCommand):
    help = "Load the demo users and data (idempotent). For local demonstration only."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = demo.load_demo()
        for line in summary:
            self.stdout.write(line)
