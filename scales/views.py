import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import user_access
from scales import exchange, redcap, scoring, services
from scales.forms import ItemForm, PublishForm, ScaleImportForm, ScaleTextForm
from scales.models import Item, Scale


@login_required
def scale_list(request):
    # Grouped by scale, the newest version first (an aggregate drops Meta.ordering).
    scales = (
        Scale.objects.visible_to(request.user)
        .annotate(item_total=Count("items"))
        .order_by("code", "-version")
    )
    return render(request, "scales/scale_list.html", {"scales": scales})


@login_required
def scale_detail(request, pk):
    """The reference sheet reviewers keep open during a visit: every item with its anchors."""
    scale = get_object_or_404(
        Scale.objects.visible_to(request.user).prefetch_related(
            Prefetch("sections__items", queryset=Item.objects.prefetch_related("anchors")),
            "bands",
        ),
        pk=pk,
    )
    item_count = sum(len(section.items.all()) for section in scale.sections.all())
    lowest, highest = scoring.total_range(item_count)
    return render(
        request,
        "scales/scale_detail.html",
        {
            "scale": scale,
            "lowest": lowest,
            "highest": highest,
            "scores": scoring.score_range_label(),
        },
    )


@login_required
def scale_download(request, pk, fmt):
    """The scale version as the app's exchange JSON or as a REDCap data dictionary (CSV)."""
    if fmt not in {"json", "csv"}:
        raise Http404
    scale = get_object_or_404(Scale.objects.visible_to(request.user), pk=pk)
    data = exchange.scale_export(scale)
    name = f"{scale.code}-v{scale.version}"
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"{name}.json"
    else:
        body = redcap.to_csv(redcap.dictionary_rows(data))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        filename = f"{name}-redcap-datadictionary.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# Making a new version in the app (issue 22): draft it from a published one, edit the texts
# of the scale and of each item with its anchors, see what differs field by field, publish.
# The access table's `can_edit_scales` decides; only a draft is ever edited.


def _editor(request):
    if not user_access(request.user).can_edit_scales:
        raise PermissionDenied(_("Only administrators edit scales."))


def _draft(request, pk):
    _editor(request)
    return get_object_or_404(Scale, pk=pk, status=Scale.Status.DRAFT)


@login_required
def scale_upload(request):
    """Load a scale version from a file (JSON or a REDCap dictionary) as a new draft, through
    the checks of `manage.py import_scale`; nothing is saved when anything is wrong."""
    _editor(request)
    form = ScaleImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            read = redcap.scale_data if form.is_redcap else exchange.load_json
            data = read(form.text)
            draft = services.scale_import(data=data)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("The draft %(scale)s is made: check it, then publish it.") % {"scale": draft},
            )
            return redirect(draft)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "errors": errors}
    return render(request, "scales/scale_upload.html", context, status=status)


@login_required
@require_POST
def scale_new_version(request, pk):
    """A new draft version copied from this one (or the draft already begun for the code)."""
    _editor(request)
    scale = get_object_or_404(Scale.objects.exclude(status=Scale.Status.DRAFT), pk=pk)
    draft = Scale.objects.filter(code=scale.code, status=Scale.Status.DRAFT).first()
    if draft is not None:
        messages.info(request, _("A draft of this scale is already begun: here it is."))
        return redirect(draft)
    draft = services.scale_create_version(scale=scale)
    messages.success(
        request,
        _("Draft %(draft)s is made. Change what should change, then publish it.")
        % {"draft": draft},
    )
    return redirect(draft)


def _edit_page(request, form, template, context, done):
    """Save a version-checked form of a draft in one transaction (the check locks the row)."""
    if request.method == "POST":
        with transaction.atomic():
            if form.is_valid():
                form.save()
                messages.success(request, done)
                return None
    return render(request, template, {**context, "form": form})


@login_required
def scale_edit(request, pk):
    draft = _draft(request, pk)
    form = ScaleTextForm(request.POST or None, instance=draft)
    page = _edit_page(
        request, form, "scales/scale_edit.html", {"scale": draft}, _("The scale is saved.")
    )
    return page or redirect(draft)


@login_required
def item_edit(request, pk, number):
    draft = _draft(request, pk)
    item = get_object_or_404(Item.objects.prefetch_related("anchors"), scale=draft, number=number)
    form = ItemForm(request.POST or None, instance=item)
    page = _edit_page(
        request,
        form,
        "scales/item_edit.html",
        {"scale": draft, "item": item},
        _("Item %(number)s is saved.") % {"number": number},
    )
    return page or redirect(f"{draft.get_absolute_url()}#item-{number}")


@login_required
def scale_publish(request, pk):
    """What differs from the published version, field by field; what stops publishing; the
    change note reviewers will read; publishing."""
    draft = _draft(request, pk)
    form = PublishForm(request.POST or None)
    errors = draft.validation_errors()
    if request.method == "POST" and form.is_valid() and not errors:
        try:
            services.scale_publish(scale=draft, change_note=form.cleaned_data["change_note"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Published %(scale)s.") % {"scale": draft})
            return redirect(draft)
    context = {
        "scale": draft,
        "form": form,
        "errors": errors,
        "differences": services.scale_differences(draft),
        "published": Scale.objects.published().filter(code=draft.code).first(),
    }
    return render(request, "scales/scale_publish.html", context)
