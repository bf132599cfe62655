from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.models import FinalReport
from reviews.models import Review
from toolkit.pdfcheck import pdf_problems


class Command(BaseCommand):
    help = (
        "List the finalized reviews whose stored report is not as it should be (no Carlito, "
        "no page numbers), e.g. reports stored before the static-files fix. Changes nothing; "
        "an administrator renders them again on the review's page."
    )

    def handle(self, *args, **options):
        broken = 0
        for review in Review.objects.finalized().select_related("site", "scale").iterator():
            report = FinalReport.objects.current_for(review)
            problems = pdf_problems(bytes(report.pdf)) if report else [_("No stored report.")]
            if problems:
                broken += 1
                self.stdout.write(f"{review.pk}\t{review}\t" + " ".join(problems))
        if broken:
            raise CommandError(
                _("%(count)s stored reports need rendering again.") % {"count": broken}
            )
        self.stdout.write(_("Every stored report is as it should be."))
