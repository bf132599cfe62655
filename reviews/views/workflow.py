"""Reopening a finalized review (finalizing is issuing the report: reports/views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reviews import services
from reviews.access import require, review_for_user
from reviews.forms import ReopenForm


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
