"""Issuing the report: finalizing a review stores its PDF, all or nothing; a stored report
that came out unstyled is rendered again with a reason."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import prerender
from reports.finalizing import finalize_problems
from reports.models import FinalReport
from reports.pdf import render_report_pdf
from reviews import notifying
from reviews.models import FinalizedReviewError, Hearing, Review
from toolkit.pdfcheck import pdf_problems


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
def review_finalize(*, review, user, at=None) -> Review:
    """Lock a complete review for good and store its PDF report, all or nothing.

    Renders the report (a second or two) inside the transaction: if rendering fails, the
    review stays a draft rather than being finalized without its report. `at`: when a
    review entered after the fact was finalized in its day (now unless told).
    """
    review = (
        Review.objects.select_for_update()
        .prefetch_related("item_scores__item", "reviewer_links__user")
        .get(pk=review.pk)
    )
    if review.is_finalized:
        raise FinalizedReviewError()
    problems = finalize_problems(review)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    # Finalizing ends the høring; the comments stay with the review.
    Hearing.objects.open().filter(review=review).update(closed_at=now, closed_by=user)
    review.status = Review.Status.FINALIZED
    review.finalized_at = at or now
    review.finalized_by = user
    review._change_reason = "status"
    review.save(update_fields=["status", "finalized_at", "finalized_by"])
    report = final_report_store(review=review, user=user)
    notifying.after_commit(notifying.final_ready, review_id=review.pk, report_id=report.pk)
    return review


@transaction.atomic
def final_report_store(*, review, user) -> FinalReport:
    """Render the finalized review once and keep the bytes with their SHA-256.

    When the worker rendered this very report ahead (the same HTML, by the same renderer),
    those bytes are taken instead of rendering again (`reports/prerender.py`).
    """
    pdf = render_report_pdf(review, rendered_ahead=prerender.rendered)
    return _store(review=review, user=user, pdf=pdf)


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
