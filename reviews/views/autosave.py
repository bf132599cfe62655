"""Small JSON/partial endpoints behind the review page: one field saved at a time."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reviews import services
from reviews.access import review_for_user
from reviews.models import EvidenceSource, FinalizedReviewError, ImprovementArea, ItemScore
from reviews.text import basis_from_evidence
from scales import ladders


def json_errors(view):
    """Answer a failed autosave with a Danish message the page can show beside the field."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            message = _("This row no longer exists; another reviewer may have removed it.")
            return JsonResponse({"ok": False, "error": message}, status=404)
        except (PermissionDenied, FinalizedReviewError) as exc:
            message = str(exc) or _("You may not change this review.")
            return JsonResponse({"ok": False, "error": message}, status=403)

    return wrapper


def field_values(obj) -> dict:
    values = {}
    for field in services.AUTOSAVE_FIELDS[type(obj)]:
        value = getattr(obj, field)
        if value is None:
            values[field] = ""
        elif field == "observed":
            values[field] = ladders.format_figures(value)
        elif hasattr(value, "isoformat"):
            values[field] = value.isoformat()
        else:
            values[field] = str(value)
    return values


def _last_change(obj) -> dict:
    record = obj.history.select_related("history_user").first()
    if record is None:
        return {"by": "", "at": ""}
    user = record.history_user
    return {
        "by": (user.get_full_name() or user.get_username()) if user else "",
        "at": timezone.localtime(record.history_date).strftime("%H:%M"),
    }


def _field_label(model, field) -> str:
    if field not in services.AUTOSAVE_FIELDS.get(model, ()):
        return ""
    return str(model._meta.get_field(field).verbose_name).capitalize()


def _save(request, obj):
    try:
        base_version = int(request.POST["version"])
    except (KeyError, ValueError):
        return JsonResponse({"ok": False, "error": _("The save had no version.")}, status=400)
    field = request.POST.get("field", "")
    try:
        saved = services.field_save(
            obj=obj,
            field=field,
            raw_value=request.POST.get("value", ""),
            base_version=base_version,
            user=request.user,
        )
    except ValidationError as exc:
        message = " ".join(exc.messages)
        label = _field_label(type(obj), field)
        error = f"{label}: {message}" if label else message
        return JsonResponse({"ok": False, "error": error}, status=400)
    except services.StaleVersion as exc:
        current = exc.current
        return JsonResponse(
            {
                "ok": False,
                "conflict": True,
                "version": current.version,
                "values": field_values(current),
                **_last_change(current),
            },
            status=409,
        )
    return JsonResponse(
        {
            "ok": True,
            "version": saved.version,
            "values": field_values(saved),
            "saved_at": timezone.localtime().strftime("%H:%M"),
        }
    )


@login_required
@require_POST
@json_errors
def save_item(request, pk, item_pk):
    review = review_for_user(request, pk, need="set_agreed")
    return _save(request, get_object_or_404(ItemScore, pk=item_pk, review=review))


@login_required
@require_POST
@json_errors
def save_header(request, pk):
    return _save(request, review_for_user(request, pk, need="edit"))


@login_required
@require_POST
@json_errors
def save_evidence(request, pk, row_pk):
    review = review_for_user(request, pk, need="edit")
    return _save(request, get_object_or_404(EvidenceSource, pk=row_pk, review=review))


@login_required
@require_POST
@json_errors
def save_area(request, pk, row_pk):
    review = review_for_user(request, pk, need="edit")
    return _save(request, get_object_or_404(ImprovementArea, pk=row_pk, review=review))


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# Rows of a list on the review page: (model, partial, name in the partial, page anchor).
LISTS = {
    EvidenceSource: ("reviews/_evidence_row.html", "row", "#evidence"),
    ImprovementArea: ("reviews/_area_row.html", "area", "#areas"),
}


def _add_row(request, pk, model):
    """Append an empty row: htmx gets the row's partial, a plain form post the page again."""
    review = review_for_user(request, pk, need="edit")
    row = services.row_add(review=review, model=model)
    template, name, anchor = LISTS[model]
    if _is_htmx(request):
        return render(request, template, {"review": review, name: row, "editable": True})
    return redirect(review.get_absolute_url() + anchor)


def _remove_row(request, pk, row_pk, model):
    review = review_for_user(request, pk, need="edit")
    services.row_remove(row=get_object_or_404(model, pk=row_pk, review=review))
    if _is_htmx(request):
        return HttpResponse("")
    return redirect(review.get_absolute_url() + LISTS[model][2])


@login_required
@require_POST
def evidence_add(request, pk):
    return _add_row(request, pk, EvidenceSource)


@login_required
@require_POST
def evidence_remove(request, pk, row_pk):
    return _remove_row(request, pk, row_pk, EvidenceSource)


@login_required
@require_POST
def area_add(request, pk):
    return _add_row(request, pk, ImprovementArea)


@login_required
@require_POST
def area_remove(request, pk, row_pk):
    return _remove_row(request, pk, row_pk, ImprovementArea)


@login_required
@require_POST
def area_move(request, pk, row_pk):
    review = review_for_user(request, pk, need="edit")
    area = get_object_or_404(ImprovementArea, pk=row_pk, review=review)
    services.area_move(area=area, direction=-1 if request.POST.get("direction") == "up" else 1)
    if _is_htmx(request):
        return JsonResponse({"ok": True})
    return redirect(review.get_absolute_url() + "#areas")


@login_required
@require_GET
def basis_suggestion(request, pk):
    """A basis paragraph built from the evidence sources, for the reviewer to edit."""
    review = review_for_user(request, pk, need="edit")
    return JsonResponse({"text": basis_from_evidence(review.evidence.all())})
