"""Rendering a review as the Danish PDF report (the engine is `toolkit.pdf`)."""

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from reports.report_context import report_context
from reviews.models import ItemScore, Review, ReviewReviewer
from scales.models import Band
from toolkit import pdf as engine


def report_queryset():
    return Review.objects.select_related("site__region", "scale").prefetch_related(
        Prefetch(
            "item_scores",
            queryset=ItemScore.objects.select_related("item__section", "item__ladder"),
        ),
        Prefetch("scale__bands", queryset=Band.objects.order_by("-min_total")),
        Prefetch("reviewer_links", queryset=ReviewReviewer.objects.select_related("user")),
        "evidence",
        "improvement_areas",
    )


def render_report_html(review) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("reports/report.html", report_context(review))


def render_report_pdf(review, *, rendered_ahead=None) -> bytes:
    """The review's report as PDF bytes (UDKAST unless finalized): rendered afresh, or taken
    from `rendered_ahead(html)` when that has a PDF of exactly this HTML."""
    review = report_queryset().get(pk=review.pk)
    html = render_report_html(review)
    pdf = rendered_ahead(html) if rendered_ahead else None
    return pdf or engine.html_to_pdf(html)
