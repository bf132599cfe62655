import hashlib

from django.db import transaction

from reports.models import FinalReport
from reports.pdf import render_report_pdf


@transaction.atomic
def final_report_store(*, review, user) -> FinalReport:
    """Render the finalized review once and keep the bytes with their SHA-256."""
    pdf = render_report_pdf(review)
    return FinalReport.objects.create(
        review=review,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        created_by=user,
    )
