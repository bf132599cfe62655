import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.accesslog import logged_download
from reports import drafts, prerender, services
from reports.finalizing import finalize_check
from reports.forms import FinalizeForm, RerenderForm
from reports.information_request import information_request as checklist
from reports.models import FinalReport, report_filename
from reviews.access import review_for_user
from reviews.models import FinalizedReviewError, ItemScore, Review
from scales.models import Band, Item
from toolkit import pdf as engine
from toolkit.pdfcheck import pdf_problems

logger = logging.getLogger(__name__)


@login_required
@logged_download
def report_pdf(request, pk):
    """The stored report of a finalized review, byte for byte; a UDKAST otherwise.

    A draft comes from the cache while its content is unchanged (reports/drafts.py); a person
    with another render running gets 429 and a page asking them to wait.
    """
    review = review_for_user(request, pk)
    if review.is_finalized:
        report = FinalReport.objects.current_for(review)
        if report is not None:
            response = engine.pdf_response(bytes(report.pdf), report_filename(review))
            response["ETag"] = f'"{report.sha256}"'
            return response
    try:
        pdf = drafts.report_pdf_for(review, user=request.user)
    except drafts.RenderBusy:
        response = render(request, "reports/render_busy.html", {"review": review}, status=429)
        response["Retry-After"] = str(drafts.RETRY_AFTER_SECONDS)
        return response
    except Exception:
        logger.exception("Rendering the report of review %s failed", review.pk)
        return render(request, "reports/render_failed.html", {"review": review}, status=500)
    return engine.pdf_response(pdf, report_filename(review, draft=not review.is_finalized))


def _information_request(request, pk):
    """The review and the checklist the site gets before the visit (reviewers and the
    site's leaders, even of a draft nobody else sees)."""
    review = review_for_user(request, pk, readable="can_read_information_request")
    items = Item.objects.filter(scale=review.scale_id).order_by("number")
    return {
        "review": review,
        "groups": checklist(items),
        "reviewers": [str(link) for link in review.reviewer_links.all()],
        # The visit's programme (visits/) once the reviewers have planned a session.
        "has_programme": review.visit_sessions.exists(),
    }


@login_required
def information_request(request, pk):
    """What the site should have ready for the visit, from the scale's data sources."""
    return render(request, "reports/information_request.html", _information_request(request, pk))


@login_required
def information_request_pdf(request, pk):
    context = _information_request(request, pk)
    review = context["review"]
    try:
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string("reports/information_request_pdf.html", context)
        pdf = engine.html_to_pdf(html)
    except Exception:
        logger.exception("Rendering the information request of review %s failed", review.pk)
        return render(request, "reports/render_failed.html", {"review": review}, status=500)
    name = f"informationsanmodning-{review.site.slug}-{review.visit_date:%Y-%m-%d}.pdf"
    return engine.pdf_response(pdf, name)


@login_required
def report_rerender(request, pk):
    """An administrator renders an unstyled stored report again, with a recorded reason."""
    review = review_for_user(request, pk, need="rerender_report")
    reports = list(
        FinalReport.objects.filter(review=review)
        .select_related("created_by")
        .defer("pdf")
        .order_by("-created_at", "-pk")
    )
    current = FinalReport.objects.current_for(review) if review.is_finalized else None
    problems = pdf_problems(bytes(current.pdf)) if current else []
    form = RerenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.final_report_rerender(
                review=review, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("reports:report_rerender", pk=review.pk)
        messages.success(
            request, _("The report was rendered again; the old one is kept with your reason.")
        )
        return redirect(review)
    context = {
        "review": review,
        "reports": reports,
        "current": current,
        "problems": problems,
        "form": form,
    }
    return render(request, "reports/report_rerender.html", context)


def _finalize_queryset():
    return Review.objects.prefetch_related(
        Prefetch("item_scores", queryset=ItemScore.objects.select_related("item__section")),
        Prefetch("scale__bands", queryset=Band.objects.all()),
        "evidence",
        "improvement_areas",
    )


@login_required
def review_finalize(request, pk):
    """The lead reviewer's last step: a summary of total, band and what is still empty,
    then finalizing with a confirmation, never by one click."""
    review = review_for_user(request, pk, need="finalize", queryset=_finalize_queryset())
    form = FinalizeForm(request.POST if request.method == "POST" else None)
    refused = []
    if request.method == "POST" and form.is_valid():
        try:
            services.review_finalize(review=review, user=request.user)
        except FinalizedReviewError:
            # A second click of "Afslut" (or a colleague's) finalized it a moment ago: the
            # review is finalized, which is what the person asked for.
            messages.info(request, _("The review is finalized. It is now read-only."))
            return redirect(review)
        except ValidationError as exc:
            refused = exc.messages
        except Exception:
            logger.exception("Finalizing review %s failed while rendering its report", review.pk)
            refused = [
                _(
                    "The report could not be made, so the review was not finalized. Nothing "
                    "is lost; try again, or ask an administrator if it keeps failing."
                )
            ]
        else:
            messages.success(request, _("The review is finalized. It is now read-only."))
            return redirect(review)
    check = finalize_check(review)
    if check.can_finalize:
        # While the lead reads the summary, the worker renders the report finalizing stores.
        prerender.soon(review.pk)
    # A refusal the page's own check did not foresee (the state changed meanwhile).
    known = [str(problem) for problem in check.problems]
    problems = check.problems + [m for m in refused if m not in known]
    context = {
        "review": review,
        "check": check,
        "problems": problems,
        "form": form,
    }
    return render(request, "reports/review_finalize.html", context)
