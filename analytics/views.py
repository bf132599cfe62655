"""Regional item analytics and reviewer calibration. Who sees which sites, which reviews make
up the regional mean, and whose pairs are named: the access policy decides (reviews.access)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.accesslog import logged_export, logged_read
from accounts.rules import user_access
from analytics.calibration import calibration
from analytics.forms import RegionalFilterForm
from analytics.regional import item_changes, regional_disclosure, regional_heatmap
from reviews import access
from reviews.models import Review
from scales.models import Scale
from toolkit.exports import csv_response, xlsx_response


def _regional(request):
    """The filter form and, when it is valid, everything the page and the export show."""
    if not user_access(request.user).can_see_analytics:
        raise PermissionDenied(_("The analytics are for reviewers, leaders and administrators."))
    scope = access.analytics_scope(request.user)
    form = RegionalFilterForm(request.GET, reviews=scope.named_reviews, sites=scope.named_sites)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    in_region = {"site__region": data["region"]}
    options = {"scale_code": data["scale"], "kind": data["kind"]}
    named = scope.named_reviews.filter(**in_region)
    counted = scope.mean_reviews.filter(**in_region)
    shown = regional_disclosure(
        mean_reviews=counted, named_reviews=named, min_pooled=scope.min_pooled, **options
    )
    heatmap = regional_heatmap(
        named_reviews=named,
        mean_reviews=counted,
        round=data["round"],
        shown=shown,
        part=form.chosen_part,
        **options,
    )
    changes = None
    compared = data.get("compare") is not None
    if compared:
        first, second = sorted([data["compare"], data["round"]])
        changes = item_changes(
            mean_reviews=counted,
            first=first,
            second=second,
            items=heatmap.items,
            shown=shown,
            **options,
        )
    site_row = heatmap.row_for(data["site"]) if data.get("site") else None
    if site_row is None and len(heatmap.rows) == 1:
        site_row = heatmap.rows[0]
    alone = site_row is not None and heatmap.mean_is_only(site_row)
    return form, {
        "alone": alone,
        "heatmap": heatmap,
        "changes": changes,
        "changes_withheld": compared and changes is None,
        "site_row": site_row,
        "against_mean": heatmap.against_mean(site_row) if site_row and not alone else [],
        "scale_label": " – ".join(filter(None, [data["scale"].upper(), form.part_name()])),
    }


@login_required
@logged_read
def regional(request):
    """A region's round item by item: heatmap, lowest means, a site against the mean, change."""
    form, result = _regional(request)
    context = {"form": form, "result": result}
    if result:
        context["query"] = urlencode({k: v for k, v in form.data.items() if v})
    return render(request, "analytics/regional.html", context)


@login_required
@logged_export
def regional_export(request, fmt):
    """The heatmap as a table: one row per site the user sees, then the regional mean."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    form, result = _regional(request)
    if result is None:
        # The filters were refused: nothing was exported (nor logged as an export).
        context = {"form": form, "result": None}
        return render(request, "analytics/regional.html", context, status=400)
    heatmap = result["heatmap"]
    header = [
        _("Region"),
        _("Cluster"),
        _("Site"),
        *[f"{item.number}. {item.name}" for item in heatmap.items],
        _("Total"),
    ]
    region = form.cleaned_data["region"].name
    rows = [
        [
            region,
            row.site.cluster.name if row.site.cluster else "",
            row.site.name,
            *row.cells,
            row.total,
        ]
        for row in heatmap.rows
    ]
    if heatmap.mean_shown:
        rows.append(
            [
                region,
                "",
                ngettext(
                    "Regional mean (%(n)s site)", "Regional mean (%(n)s sites)", heatmap.counted
                )
                % {"n": heatmap.counted},
                *[float(m.mean) if m.mean is not None else None for m in heatmap.means],
                None,
            ]
        )
    data = form.cleaned_data
    part = f"-del-{form.chosen_part}" if form.chosen_part is not None else ""
    filename = f"ips-fidelity-items-{data['scale']}{part}-runde-{data['round']}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows)


@login_required
@logged_read
def calibration_page(request):
    """How alike reviewers score: per item and per pair, across every review rated twice."""
    rules = user_access(request.user)
    if not rules.can_see_calibration:
        raise PermissionDenied(_("Calibration is for reviewers and administrators."))
    codes = list(
        Scale.objects.with_totals().values_list("code", flat=True).distinct().order_by("code")
    )
    code = request.GET.get("scale")
    if code not in codes:
        code = "ips-25" if "ips-25" in codes else (codes[0] if codes else "")
    result = calibration(
        scale_code=code,
        reviews=access.calibration_pool(request.user, Review.objects.filter(scale__code=code)),
        show_pair=access.calibration_pair_shown(request.user),
    )
    return render(
        request,
        "analytics/calibration.html",
        {
            "result": result,
            "codes": codes,
            "code": code,
            "rules": rules,
            "min_pooled": access.MIN_POOLED,
        },
    )
