"""The action plan of a finalized review, the site's next review and the upcoming reviews."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.accesslog import logged_download, logged_export, logged_read
from accounts.rules import user_access
from followup import services
from followup.forms import ActionForm, NextReviewForm, NoteForm
from followup.models import Action
from followup.plan import build_plan, carryover, plan_table
from followup.schedule import site_schedule, upcoming_schedules
from reviews.access import action_plan_reviews, review_for_user, site_for_user
from reviews.models import ItemScore, Review
from toolkit import pdf as engine
from toolkit.exports import csv_response, xlsx_response
from toolkit.versioning import EditConflict

logger = logging.getLogger(__name__)


def _plan_queryset():
    return Review.objects.prefetch_related(
        Prefetch("item_scores", queryset=ItemScore.objects.select_related("item")),
        "improvement_areas",
    )


def _plan_review(request, pk, need="read_action_plan"):
    return review_for_user(request, pk, need=need, queryset=_plan_queryset())


def _action(review, action_pk):
    return get_object_or_404(
        Action.objects.select_related("item_score__item"), pk=action_pk, review=review
    )


@login_required
@logged_read
def action_plan(request, pk):
    """The plan: every recommendation and area with the actions made from it."""
    review = _plan_review(request, pk)
    plan = build_plan(review)
    context = {
        "review": review,
        "plan": plan,
        "access": review.access,
        "statuses": Action.CHOSEN,
        "carryover": carryover(review) if review.access.can_keep_action_plan else None,
        "today": timezone.localdate(),
    }
    return render(request, "followup/action_plan.html", context)


@login_required
@require_POST
def action_carry_over(request, pk):
    """Take the chosen open actions of the site's previous plan into this one."""
    review = _plan_review(request, pk, need="keep_action_plan")
    offered = carryover(review)
    chosen = set(request.POST.getlist("action"))
    actions = [a for a in (offered.actions if offered else []) if str(a.pk) in chosen]
    if not actions:
        messages.error(request, _("Choose at least one action to carry over."))
        return redirect("followup:action_plan", pk=review.pk)
    try:
        carried = services.actions_carry_over(review=review, actions=actions, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s action carried over from the previous plan.",
                "%(count)s actions carried over from the previous plan.",
                len(carried),
            )
            % {"count": len(carried)},
        )
    return redirect("followup:action_plan", pk=review.pk)


def _source(review, key):
    """The recommendation or area `key` ("item-12", "area-3") of the review; None for none."""
    if not key:
        return None, None
    kind, _sep, number = key.partition("-")
    if kind == "item" and number.isdigit():
        row = next((r for r in review.item_scores.all() if r.pk == int(number)), None)
        if row is not None and row.recommendation.strip():
            return row, None
    if kind == "area" and number.isdigit():
        area = next((a for a in review.improvement_areas.all() if a.pk == int(number)), None)
        if area is not None and area.text.strip():
            return None, area
    raise Http404(_("No such recommendation or area."))


@login_required
def action_create(request, pk):
    review = _plan_review(request, pk, need="keep_action_plan")
    key = request.POST.get("kilde") or request.GET.get("kilde") or ""
    item_score, area = _source(review, key)
    source_text = item_score.recommendation if item_score else area.text if area else ""
    initial = {"text": source_text, "status": Action.Status.NOT_STARTED}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                review=review,
                user=request.user,
                item_score=item_score,
                area=area,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action is added to the plan."))
            return redirect(action)
    context = {
        "review": review,
        "form": form,
        "source_key": key,
        "source_item": item_score,
        "source_text": source_text,
    }
    return render(request, "followup/action_form.html", context)


@login_required
def action_edit(request, pk, action_pk):
    review = _plan_review(request, pk, need="keep_action_plan")
    action = _action(review, action_pk)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ActionForm.Meta.fields}
        try:
            services.action_update(action=action, base_version=form.base_version, **fields)
        except EditConflict as exc:
            form.show_conflict(exc.current)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(action)
    # A refused form must not show the changed values as saved.
    if form.errors:
        action.refresh_from_db()
    context = {"review": review, "form": form, "action": action}
    return render(request, "followup/action_form.html", context)


@login_required
def action_note(request, pk, action_pk):
    """A dated progress note, and the action's status with it."""
    review = _plan_review(request, pk, need="keep_action_plan")
    action = _action(review, action_pk)
    initial = {"date": timezone.localdate(), "status": action.status}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.action_note_add(
            action=action,
            user=request.user,
            text=data["text"],
            date=data["date"],
            status=data.get("status") or None,
        )
        messages.success(request, _("The note is saved."))
        return redirect(action)
    context = {"review": review, "form": form, "action": action}
    return render(request, "followup/note_form.html", context, status=400 if form.errors else 200)


def _plan_filename(review, ext):
    return f"handleplan-{review.site.slug}-{review.visit_date:%Y-%m-%d}.{ext}"


@login_required
def site_action_plan(request, pk):
    """A site's current action plan: the one made from its latest finalized review the person
    may read (the navigation's "Handlingsplan" for leaders); a page saying so when none is."""
    site = site_for_user(request, pk)
    latest = (
        action_plan_reviews(request.user, Review.objects.filter(site=site))
        .order_by("-visit_date", "-finalized_at", "-pk")
        .first()
    )
    if latest is not None:
        return redirect("followup:action_plan", latest.pk)
    return render(request, "followup/no_action_plan.html", {"site": site})


@login_required
@logged_download
def action_plan_pdf(request, pk):
    review = _plan_review(request, pk)
    plan = build_plan(review)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string(
                "followup/action_plan_pdf.html",
                {"review": review, "plan": plan, "today": timezone.localdate()},
            )
        pdf = engine.html_to_pdf(html)
    except Exception:
        logger.exception("Rendering the action plan of review %s failed", review.pk)
        return render(request, "reports/render_failed.html", {"review": review}, status=500)
    return engine.pdf_response(pdf, _plan_filename(review, "pdf"))


@login_required
@logged_export
def action_plan_export(request, pk, fmt):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    review = _plan_review(request, pk)
    with translation.override(settings.LANGUAGE_CODE):
        header, rows = plan_table(build_plan(review))
        rows = list(rows)
    if fmt == "csv":
        return csv_response(_plan_filename(review, "csv"), header, rows)
    return xlsx_response(_plan_filename(review, "xlsx"), header, rows)


@login_required
def upcoming_reviews(request):
    """The sites due for their next review within UPCOMING_DAYS, and those overdue."""
    if not user_access(request.user).can_see_upcoming_reviews:
        raise PermissionDenied(_("The upcoming reviews are for reviewers and administrators."))
    today = timezone.localdate()
    schedules = upcoming_schedules(request.user, today)
    context = {
        "overdue": [s for s in schedules if s.is_overdue(today)],
        "upcoming": [s for s in schedules if not s.is_overdue(today)],
        "today": today,
    }
    return render(request, "followup/upcoming.html", context)


@login_required
def next_review_edit(request, pk):
    """Move the site's next review, with a reason; the changes so far below."""
    site = site_for_user(request, pk, need="set_next_review")
    schedule = site_schedule(site)
    initial = {"date": schedule.next_date, "based_on": schedule.next_date}
    form = NextReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.next_review_set(site=site, user=request.user, **form.cleaned_data)
        except EditConflict as exc:
            form.show_conflict(exc.current)
            schedule = exc.current
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The next review is moved."))
            return redirect("followup:upcoming_reviews")
    changes = site.schedule_changes.select_related("changed_by")[:20]
    context = {"site": site, "schedule": schedule, "form": form, "changes": changes}
    return render(
        request, "followup/next_review_form.html", context, status=400 if form.errors else 200
    )
