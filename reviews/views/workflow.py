import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from reviews import services
from reviews.access import require, review_for_user
from reviews.finalizing import finalize_check
from reviews.forms import FinalizeForm, ReopenForm
from reviews.models import ItemScore, Review
from scales.models import Band

logger = logging.getLogger(__name__)


def _finalize_queryset():
    return Review.objects.prefetch_related(
        Prefetch("item_scores", queryset=ItemScore.objects.select_related("item__section")),
        Prefetch("scale__bands", queryset=Band.objects.all()),
        "evidence",
        "improvement_areas",
    )


@login_required
def review_finalize(request, pk):
    """The lead reviewer's last step: a summary of total, band and what is still empty,
    then finalizing with a confirmation, never by one click."""
    review = review_for_user(request, pk, need="finalize", queryset=_finalize_queryset())
    form = FinalizeForm(request.POST if request.method == "POST" else None)
    refused = []
    if request.method == "POST" and form.is_valid():
        try:
            services.review_finalize(review=review, user=request.user)
        except ValidationError as exc:
            refused = exc.messages
        except Exception:
            logger.exception("Finalizing review %s failed while rendering its report", review.pk)
            refused = [
                _(
                    "The report could not be made, so the review was not finalized. Nothing "
                    "is lost; try again, or ask an administrator if it keeps failing."
                )
            ]
        else:
            messages.success(request, _("The review is finalized. It is now read-only."))
            return redirect(review)
    check = finalize_check(review)
    # A refusal the page's own check did not foresee (the state changed meanwhile).
    problems = check.problems + [m for m in refused if m not in check.problems]
    context = {
        "review": review,
        "check": check,
        "problems": problems,
        "form": form,
        "item_href": _item_href(review),
    }
    return render(request, "reviews/review_finalize.html", context)


def _item_href(review) -> str:
    """Where a missing agreed score is set: the consensus for several reviewers."""
    if review.access.can_see_ratings:
        return reverse("consensus", args=[review.pk]) + "?order=scale&show=all"
    return review.get_absolute_url()


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
