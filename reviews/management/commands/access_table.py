from django.core.management.base import BaseCommand

from reviews.access_docs import access_markdown


class Command(BaseCommand):
    help = "Print the access table as Markdown (docs/access.md)."

    def handle(self, *args, **options):
        self.stdout.write(access_markdown())
