import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import FinalReport
from reports.pdf import render_report_pdf
from reports.pdfcheck import pdf_problems
from reviews.models import Review


def _store(*, review, user, pdf, replaces=None, reason="") -> FinalReport:
    return FinalReport.objects.create(
        review=review,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        created_by=user,
        replaces=replaces,
        reason=reason,
    )


@transaction.atomic
def final_report_store(*, review, user) -> FinalReport:
    """Render the finalized review once and keep the bytes with their SHA-256."""
    return _store(review=review, user=user, pdf=render_report_pdf(review))


@transaction.atomic
def final_report_rerender(*, review, user, reason: str) -> FinalReport:
    """Render a finalized review's stored report again, because it came out unstyled.

    Only an unstyled report may be replaced (no Carlito, no page numbers: `pdf_problems`);
    a report that printed as intended is evidence of what was finalized and stays. The old
    report is kept; the new one records who rendered it and why. Expensive: one render.
    """
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_finalized:
        raise ValidationError(_("Only the report of a finalized review can be rendered again."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for rendering the report again."))
    current = FinalReport.objects.current_for(review)
    if current is None:
        raise ValidationError(_("The review has no stored report."))
    if not pdf_problems(bytes(current.pdf)):
        raise ValidationError(_("The stored report is printed as intended, so it stays as it is."))
    pdf = render_report_pdf(review)
    problems = pdf_problems(pdf)
    if problems:
        # The server is still misconfigured (e.g. collectstatic not run): keep the old one.
        raise ValidationError(
            [_("The new rendering is not right either; nothing was stored."), *problems]
        )
    return _store(review=review, user=user, pdf=pdf, replaces=current, reason=reason.strip())
