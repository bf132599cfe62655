"""The sites across reviews: the overview of every site's totals per round (Overblik) and
its PDF, each site's page, and the exports of scores and totals."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from accounts.accesslog import logged_download, logged_export, logged_read
from accounts.rules import user_access
from followup.schedule import site_schedule
from outcomes.site import site_outcomes
from overview import home as start
from overview.exports import national_table, redcap_reviews, score_table, total_table
from overview.forms import OverviewFilterForm
from overview.overview import build_overview
from overview.site_history import compare_latest, part_totals, site_charts
from reviews import lifecycle
from reviews.access import site_for_user, visible_reviews, visible_sites
from reviews.models import Review
from scales import redcap
from scales.models import Band
from sites.models import Site, danish_slug
from toolkit import pdf as engine
from toolkit.exports import csv_response, xlsx_response

logger = logging.getLogger(__name__)


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
        part=form.chosen_part,
        part_name=form.part_name(),
    )


@login_required
def home(request):
    """The start page: for each of the person's roles, what waits for them (overview/home.py)."""
    access = user_access(request.user)
    today = timezone.localdate()
    context = {
        "today": today,
        "steps": start.reviewer_steps(request.user) if access.can_list_own_reviews else None,
        "led": start.leader_sites(request.user, today) if access.can_list_led_reports else None,
        "admin": start.admin_home(request.user, today) if access.can_list_all_reviews else None,
        "follow": start.follower_home(request.user, today) if access.can_follow_regions else None,
    }
    if all(value is None for key, value in context.items() if key != "today"):
        return render(request, "reviews/no_role.html")
    return render(request, "overview/home.html", context)


@login_required
def overview(request):
    """Every visible site's totals per round, like the regional report of seed 004."""
    form, valid = _filters(request)
    context = {"form": form, "overview": _overview(request, form) if valid else None}
    context["query"] = urlencode({k: v for k, v in form.data.items() if v}) if valid else ""
    return render(request, "overview/overview.html", context)


@login_required
@logged_download
def overview_pdf(request):
    form, valid = _filters(request)
    if not valid:
        # The filters were refused: nothing was downloaded (nor logged as a download).
        context = {"form": form, "overview": None}
        return render(request, "overview/overview.html", context, status=400)
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
            html = render_to_string("overview/overview_pdf.html", context)
        pdf = engine.html_to_pdf(html)
    except Exception:
        logger.exception("Rendering the overview PDF failed")
        return render(request, "reports/render_failed.html", {"review": None}, status=500)
    where = danish_slug(region.name) if region else "alle"
    name = f"fidelity-overblik-{where}-{form.cleaned_data['scale']}.pdf"
    return engine.pdf_response(pdf, name)


EXPORTS = ("scores", "totaler", "redcap")


@login_required
@logged_export
def export(request, table, fmt):
    """Scores or totals of the finalized reviews the user may see, as CSV or XLSX."""
    if table not in EXPORTS or fmt not in {"csv", "xlsx"}:
        raise Http404
    form, valid = _filters(request)
    if not valid:
        # The filters were refused: nothing was exported (nor logged as an export).
        context = {"form": form, "overview": None}
        return render(request, "overview/overview.html", context, status=400)
    reviews = form.filter_reviews(visible_reviews(request.user).finalized())
    code = form.cleaned_data["scale"]
    if table == "redcap":
        if fmt != "csv":
            raise Http404
        rows = redcap.record_rows(redcap_reviews(reviews), code)
        response = HttpResponse(redcap.to_csv(rows), content_type="text/csv; charset=utf-8")
        name = f"ips-fidelity-redcap-{code}.csv"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    if table == "totaler":
        header, rows = total_table(reviews, user=request.user)
    else:
        header, rows = score_table(reviews)
    filename = f"ips-fidelity-{table}-{form.cleaned_data['scale']}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows)


@login_required
@logged_export
def national_export(request, fmt):
    """Every finalized review of the chosen scale in the country (or the filtered region and
    period): scores, totals and bands without names or free text, for research and STAR."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    if not user_access(request.user).can_export_national:
        raise PermissionDenied(
            _("The national export is for the national reader and administrators.")
        )
    form, valid = _filters(request)
    if not valid:
        return render(
            request, "overview/overview.html", {"form": form, "overview": None}, status=400
        )
    header, rows = national_table(form.filter_reviews(visible_reviews(request.user).finalized()))
    filename = f"ips-fidelity-nationalt-{form.cleaned_data['scale']}.{fmt}"
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
    parts = part_totals(reviews)
    for review in reviews:
        review.part_totals = parts.get(review.pk, [])
    return render(
        request,
        "overview/site_detail.html",
        {
            "site": site,
            "reviews": list(reversed(reviews)),
            "comparison": compare_latest(finalized),
            "charts": site_charts(finalized, parts),
            "outcomes": site_outcomes(site=site, finalized=finalized),
            "can_enter_outcomes": site.access.can_enter_outcomes,
            "schedule": site_schedule(site),
            "can_set_next_review": site.access.can_set_next_review,
        },
    )
