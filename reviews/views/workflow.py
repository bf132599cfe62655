"""Reopening a finalized review (finalizing is issuing the report: reports/views.py), and
adding a checklist to fill in with a review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import services
from reviews.access import require, review_for_user
from reviews.forms import ChecklistAttachForm, ReopenForm


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
