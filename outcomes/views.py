"""Entering a site's outcomes: one period in a form, or many from a CSV file.

Who may enter figures for which site is the access policy's `can_enter_outcomes`
(reviews.access); every view goes through it, object by object.
"""

import base64
import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from outcomes import imports, rates, services
from outcomes.forms import OutcomePeriodForm
from outcomes.models import OutcomePeriod
from outcomes.site import verbose_names
from reviews import access
from sites.models import Site
from toolkit.versioning import Duplicate, EditConflict

MAX_UPLOAD = imports.MAX_BYTES
PENDING = "outcomes_import_pending"  # the session key of a checked file awaiting confirmation


def _site(request, pk):
    return access.site_for_user(request, pk, need="enter_outcomes")


def _form_page(request, site, period=None):
    form = OutcomePeriodForm(request.POST or None, instance=period, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_period_save(form=form, user=request.user)
        except EditConflict as exc:
            form.show_conflict(exc.current)
        except Duplicate:
            form.add_error(
                "start",
                _(
                    "Someone saved figures for this period of the site just now. Open "
                    "them to change them."
                ),
            )
        else:
            messages.success(
                request,
                _("The figures for %(period)s are saved.") % {"period": form.instance.label},
            )
            return redirect(site_url(site))
    return render(
        request, "outcomes/period_form.html", {"site": site, "form": form, "period": period}
    )


def site_url(site) -> str:
    from django.urls import reverse

    return reverse("overview:site_detail", args=[site.pk]) + "#outcomes"


@login_required
def period_create(request, site_pk):
    return _form_page(request, _site(request, site_pk))


@login_required
def period_edit(request, site_pk, pk):
    site = _site(request, site_pk)
    return _form_page(request, site, get_object_or_404(OutcomePeriod, pk=pk, site=site))


@login_required
@require_POST
def period_delete(request, site_pk, pk):
    site = _site(request, site_pk)
    period = get_object_or_404(OutcomePeriod, pk=pk, site=site)
    services.outcome_period_delete(period=period, user=request.user)
    messages.success(
        request, _("The figures for %(period)s are deleted.") % {"period": period.label}
    )
    return redirect(site_url(site))


def _import_sites(request):
    sites = access.outcome_sites(request.user)
    if not sites.exists():
        raise PermissionDenied(_("You may not enter outcomes for any site."))
    return sites.order_by("name")


@login_required
def import_page(request):
    """Upload a CSV file of outcomes: every row is checked, then what would change is shown,
    and only a confirmation saves it, if nobody changed those figures since the preview."""
    sites = _import_sites(request)
    context = {
        "sites": sites,
        "columns": imports.COLUMNS,
        "errors": [],
        "max_rows": imports.MAX_ROWS,
        "imported": sites.filter(pk__in=_ids(request.GET.get("imported", ""))),
    }
    if request.method != "POST":
        return render(request, "outcomes/import.html", context)
    confirming = "confirm" in request.POST
    content = _posted_file(request, context)
    if content is None:
        return render(request, "outcomes/import.html", context, status=400)
    result = imports.read_csv(content, allowed_sites=sites, all_sites=Site.objects.all())
    context["errors"] = result.errors
    if result.errors:
        return render(request, "outcomes/import.html", context, status=400)
    digest = hashlib.sha256(content).hexdigest()
    # The file waits in the session (PostgreSQL) for the confirmation, which names it by digest.
    request.session[PENDING] = {"digest": digest, "content": base64.b64encode(content).decode()}
    preview = {"rows": result.rows, "digest": digest, "seen": json.dumps(result.seen_versions())}
    context["preview"] = preview
    if not confirming:
        return render(request, "outcomes/import.html", context)
    changed = result.changed_since(_seen(request.POST.get("seen", "")))
    if changed:
        preview["changed"] = sorted({row.site.name for row in changed})
        return render(request, "outcomes/import.html", context, status=409)
    try:
        created, updated = services.outcomes_import(rows=result.rows, user=request.user)
    except ValidationError as exc:
        context["errors"] = exc.messages
        context.pop("preview")
        return render(request, "outcomes/import.html", context, status=409)
    request.session.pop(PENDING, None)
    messages.success(
        request,
        ngettext(
            "%(count)s period imported: %(created)s new, %(updated)s updated.",
            "%(count)s periods imported: %(created)s new, %(updated)s updated.",
            created + updated,
        )
        % {"count": created + updated, "created": created, "updated": updated},
    )
    site_ids = sorted({row.site.pk for row in result.rows})
    if len(site_ids) == 1:
        return redirect(site_url(result.rows[0].site))
    return redirect(
        f"{reverse('outcomes:outcomes_import')}?imported={','.join(map(str, site_ids))}"
    )


def _posted_file(request, context) -> bytes | None:
    """The uploaded file, or on confirming the file the preview carried; None with a message
    in `context` when there is none or it is too large."""
    if "confirm" in request.POST:
        pending = request.session.get(PENDING) or {}
        if not pending or pending.get("digest") != request.POST.get("digest"):
            gone = _("The checked file is no longer at hand (another file was checked since?).")
            again = _("Choose the file again.")
            context["errors"] = [f"{gone} {again}"]
            return None
        content = base64.b64decode(pending["content"])
    else:
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"] = [_("Choose a CSV file.")]
            return None
        if upload.size > MAX_UPLOAD:
            context["errors"] = [_("The file is larger than 2 MB.")]
            return None
        content = upload.read()
    if len(content) > MAX_UPLOAD:
        context["errors"] = [_("The file is larger than 2 MB.")]
        return None
    return content


def _seen(raw: str) -> dict:
    try:
        seen = json.loads(raw)
    except ValueError:
        return {}
    return seen if isinstance(seen, dict) else {}


def _ids(raw: str) -> list[int]:
    return [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 10]


@login_required
def import_template(request):
    """The CSV template with the sites the user may enter figures for already filled in."""
    sites = _import_sites(request)
    content = imports.template_csv(sites.values_list("name", flat=True))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "resultater-skabelon.csv")
    return response


@login_required
def formulas(request):
    """How each rate is computed, and the CSV format: the same text as the README."""
    names = verbose_names()
    return render(
        request,
        "outcomes/formulas.html",
        {
            "formulas": [(f.label, f.text(names)) for f in rates.FORMULAS.values()],
            "benchmarks": rates.BENCHMARKS,
            "columns": imports.COLUMNS,
            "names": names,
        },
    )
