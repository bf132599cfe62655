import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import services
from reviews.access import require, review_for_user
from reviews.forms import ReopenForm

logger = logging.getLogger(__name__)


@login_required
@require_POST
def review_finalize(request, pk):
    review = review_for_user(request, pk, need="finalize")
    try:
        services.review_finalize(review=review, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(review.get_absolute_url() + "#finalize")
    except Exception:
        logger.exception("Finalizing review %s failed while rendering its report", review.pk)
        messages.error(
            request,
            _(
                "The report could not be made, so the review was not finalized. Nothing is "
                "lost; try again, or ask an administrator if it keeps failing."
            ),
        )
        return redirect(review.get_absolute_url() + "#finalize")
    messages.success(request, _("The review is finalized. It is now read-only."))
    return redirect(review)


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
