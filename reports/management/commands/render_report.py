from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.pdf import render_report_pdf
from reviews.models import Review


class Command(BaseCommand):
    help = (
        "Render a review's PDF report afresh and write it to a file. "
        "The stored report of a finalized review is left untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, review_id, output, **options):
        review = Review.objects.filter(pk=review_id).first()
        if review is None:
            raise CommandError(_("There is no review %(id)s.") % {"id": review_id})
        pdf = render_report_pdf(review)
        output.write_bytes(pdf)
        self.stdout.write(
            _("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": len(pdf)}
        )
