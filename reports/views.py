import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from reports.models import FinalReport, report_filename
from reports.pdf import render_report_pdf
from reviews.access import review_for_user

logger = logging.getLogger(__name__)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def report_pdf(request, pk):
    """The stored report of a finalized review, byte for byte; a fresh UDKAST otherwise."""
    review = review_for_user(request, pk)
    if review.is_finalized:
        report = FinalReport.objects.current_for(review)
        if report is not None:
            response = _pdf_response(bytes(report.pdf), report_filename(review))
            response["ETag"] = f'"{report.sha256}"'
            return response
    try:
        pdf = render_report_pdf(review)
    except Exception:
        logger.exception("Rendering the report of review %s failed", review.pk)
        return render(request, "reports/render_failed.html", {"review": review}, status=500)
    return _pdf_response(pdf, report_filename(review, draft=not review.is_finalized))
