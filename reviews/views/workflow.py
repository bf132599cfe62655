"""Reopening a finalized review (finalizing is issuing the report: reports/views.py),
adding a checklist to fill in with a review, and the draft's moderation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.accesslog import logged_read
from reviews import guidance, services
from reviews.access import region_for_user, require, review_for_user
from reviews.forms import (
    ChecklistAttachForm,
    ModerationDecisionForm,
    ModerationRequestForm,
    RegionModerationForm,
    ReopenForm,
)
from reviews.moderation import moderation_history
from toolkit.versioning import EditConflict, save_unless_changed


@login_required
def review_reopen(request, pk):
    review = review_for_user(request, pk)
    if not review.is_finalized:
        messages.info(request, _("The review is not finalized."))
        return redirect(review)
    require(review, "reopen")
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.review_reopen(review=review, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The review was reopened; the reason is recorded."))
        return redirect(review)
    return render(request, "reviews/review_reopen.html", {"review": review, "form": form})


@login_required
@require_POST
def checklist_attach(request, pk):
    """A checklist filled in with the review: a review of its own, opened for its answers."""
    review = review_for_user(request, pk, need="attach_checklist")
    form = ChecklistAttachForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["scale"]))
        return redirect(f"{review.get_absolute_url()}#checklists")
    try:
        checklist = services.checklist_attach(
            review=review, scale=form.cleaned_data["scale"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{review.get_absolute_url()}#checklists")
    messages.success(
        request,
        _("The checklist %(name)s is added; its answers are given here.")
        % {"name": checklist.scale.name},
    )
    return redirect(checklist)


def _moderation_context(review, **forms):
    return {
        "review": review,
        "access": review.access,
        "history": moderation_history(review),
        "blockers": guidance.moderation_blockers(review)
        if review.access.can_request_moderation
        else [],
        **forms,
    }


@login_required
@logged_read
def moderation(request, pk):
    """The draft's moderation: the lead asks a moderator, the moderator decides, and each
    step taken so far, with the moderator's comments."""
    review = review_for_user(request, pk, need="see_moderation")
    request_form = decision_form = None
    if review.access.can_request_moderation:
        request_form = ModerationRequestForm(choices=services.moderator_choices(review))
    if review.access.can_moderate:
        decision_form = ModerationDecisionForm()
    context = _moderation_context(review, request_form=request_form, decision_form=decision_form)
    return render(request, "reviews/moderation.html", context)


@login_required
@require_POST
def moderation_request(request, pk):
    review = review_for_user(request, pk, need="request_moderation")
    form = ModerationRequestForm(request.POST, choices=services.moderator_choices(review))
    refused = guidance.moderation_blockers(review)
    if form.is_valid() and not refused:
        try:
            services.moderation_request(
                review=review, user=request.user, moderator=form.cleaned_data["moderator"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft is sent to the moderator."))
            return redirect("reviews:moderation", pk=review.pk)
    context = _moderation_context(review, request_form=form, decision_form=None)
    return render(request, "reviews/moderation.html", context, status=400)


@login_required
@require_POST
def moderation_decide(request, pk):
    review = review_for_user(request, pk, need="moderate")
    form = ModerationDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == form.APPROVE
        try:
            services.moderation_decide(
                review=review,
                user=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if approve:
                messages.success(request, _("The draft is approved."))
            else:
                messages.success(request, _("The draft is sent back to the reviewers."))
            return redirect("reviews:moderation", pk=review.pk)
    context = _moderation_context(review, request_form=None, decision_form=form)
    return render(request, "reviews/moderation.html", context, status=400)


@login_required
def region_moderation(request, pk):
    """Whether a region's drafts are moderated: its coordinators and administrators decide."""
    region = region_for_user(request, pk, need="set_moderation")
    form = RegionModerationForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_changed(
                form.save(commit=False),
                base_version=form.base_version,
                fields=["moderation_required"],
            )
        except EditConflict as exc:
            form.show_conflict(exc.current)
        else:
            if region.moderation_required:
                messages.success(
                    request,
                    _("The drafts of %(region)s are moderated from now on.") % {"region": region},
                )
            else:
                messages.success(
                    request,
                    _("The drafts of %(region)s are no longer moderated.") % {"region": region},
                )
            return redirect("reviews:region_moderation", pk=region.pk)
    status = 400 if form.errors else 200
    return render(
        request, "reviews/region_moderation.html", {"region": region, "form": form}, status=status
    )
