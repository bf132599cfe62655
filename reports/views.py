import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from accounts.accesslog import logged_download, logged_export, logged_read
from followup.schedule import site_schedule
from outcomes.site import site_outcomes
from reports import drafts
from reports import pdf as rendering
from reports.exports import csv_response, score_table, total_table, xlsx_response
from reports.forms import OverviewFilterForm, RerenderForm
from reports.models import FinalReport, report_filename
from reports.overview import build_overview
from reports.pdfcheck import pdf_problems
from reports.services import final_report_rerender
from reports.site_history import compare_latest, site_charts
from reviews import lifecycle
from reviews.access import review_for_user, site_for_user, visible_reviews, visible_sites
from reviews.information_request import information_request as checklist
from reviews.models import Review, Site
from reviews.models.sites import danish_slug
from scales.models import Band, Item

logger = logging.getLogger(__name__)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-cache"
    return response


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
            response = _pdf_response(bytes(report.pdf), report_filename(review))
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
    return _pdf_response(pdf, report_filename(review, draft=not review.is_finalized))


def _information_request(request, pk):
    """The review and the checklist the site gets before the visit (reviewers and the
    site's leaders, even of a draft nobody else sees)."""
    review = review_for_user(request, pk, readable="can_read_information_request")
    items = Item.objects.filter(scale=review.scale_id).order_by("number")
    return {
        "review": review,
        "groups": checklist(items),
        "reviewers": [str(link) for link in review.reviewer_links.all()],
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
        pdf = rendering.html_to_pdf(html)
    except Exception:
        logger.exception("Rendering the information request of review %s failed", review.pk)
        return render(request, "reports/render_failed.html", {"review": review}, status=500)
    name = f"informationsanmodning-{review.site.slug}-{review.visit_date:%Y-%m-%d}.pdf"
    return _pdf_response(pdf, name)


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
            final_report_rerender(
                review=review, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("report_rerender", pk=review.pk)
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


def _filters(request):
    form = OverviewFilterForm(request.GET, sites=visible_sites(request.user))
    return form, form.is_valid()


def _overview(request, form):
    data = form.cleaned_data
    return build_overview(
        sites=form.filtered_sites(),
        reviews=visible_reviews(request.user),
        scale_code=data["scale"],
        kind=data.get("kind") or None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


@login_required
def overview(request):
    """Every visible site's totals per round, like the regional report of seed 004."""
    form, valid = _filters(request)
    context = {"form": form, "overview": _overview(request, form) if valid else None}
    context["query"] = urlencode({k: v for k, v in form.data.items() if v}) if valid else ""
    return render(request, "reports/overview.html", context)


@login_required
@logged_download
def overview_pdf(request):
    form, valid = _filters(request)
    if not valid:
        return render(request, "reports/overview.html", {"form": form, "overview": None})
    region = form.cleaned_data.get("region")
    kind = form.cleaned_data.get("kind")
    context = {
        "overview": _overview(request, form),
        "filters": form.cleaned_data,
        "region": region,
        "kind_label": Review.Kind(kind).label if kind else "",
    }
    try:
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string("reports/overview_pdf.html", context)
        pdf = rendering.html_to_pdf(html)
    except Exception:
        logger.exception("Rendering the overview PDF failed")
        return render(request, "reports/render_failed.html", {"review": None}, status=500)
    where = danish_slug(region.name) if region else "alle"
    name = f"fidelity-overblik-{where}-{form.cleaned_data['scale']}.pdf"
    return _pdf_response(pdf, name)


EXPORTS = ("scores", "totaler")


@login_required
@logged_export
def export(request, table, fmt):
    """Scores or totals of the finalized reviews the user may see, as CSV or XLSX."""
    if table not in EXPORTS or fmt not in {"csv", "xlsx"}:
        raise Http404
    form, valid = _filters(request)
    if not valid:
        return render(request, "reports/overview.html", {"form": form, "overview": None})
    reviews = form.filter_reviews(visible_reviews(request.user).finalized())
    if table == "totaler":
        header, rows = total_table(reviews, user=request.user)
    else:
        header, rows = score_table(reviews)
    filename = f"ips-fidelity-{table}-{form.cleaned_data['scale']}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows)


@login_required
@logged_read
def site_detail(request, pk):
    """A site's reviews over time, the latest change item by item, and a chart of totals."""
    site = site_for_user(request, pk, queryset=Site.objects.select_related("region", "cluster"))
    reviews = list(
        visible_reviews(request.user)
        .filter(site=site)
        .with_totals()
        .select_related("scale")
        .prefetch_related(
            Prefetch("scale__bands", queryset=Band.objects.order_by("-min_total")),
            "reviewer_links",
            lifecycle.open_hearings_prefetch(),
        )
        .order_by("visit_date", "pk")
    )
    finalized = [r for r in reviews if r.is_finalized and r.totals_complete]
    return render(
        request,
        "reports/site_detail.html",
        {
            "site": site,
            "reviews": list(reversed(reviews)),
            "comparison": compare_latest(finalized),
            "charts": site_charts(finalized),
            "outcomes": site_outcomes(site=site, finalized=finalized),
            "can_enter_outcomes": site.access.can_enter_outcomes,
            "schedule": site_schedule(site),
            "can_set_next_review": site.access.can_set_next_review,
        },
    )
