"""The right of reply (høring): the lead reviewer sends the draft to the site's leaders,
they comment until the deadline, the reviewers read the comments beside the items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.accesslog import logged_read
from reviews import guidance, services
from reviews.access import require, review_for_user
from reviews.forms import HearingCommentForm, HearingSendForm
from reviews.models import ItemScore, Review
from reviews.models.hearing import comments_by_item, default_deadline, hearings_prefetch


@login_required
@logged_read
def hearing(request, pk):
    """The høring page: the leaders write their comments here; everyone on it reads them."""
    review = review_for_user(
        request,
        pk,
        need="see_comments",
        queryset=Review.objects.prefetch_related(hearings_prefetch()),
    )
    items = list(review.scale.items.order_by("number"))
    form = None
    if review.access.can_comment:
        form = HearingCommentForm(
            request.POST if request.method == "POST" else None,
            items=items,
            initial={"item": request.GET.get("item", "")},
        )
    if request.method == "POST":
        require(review, "comment")
        if form.is_valid():
            try:
                services.hearing_comment_add(
                    review=review,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    item=form.cleaned_data["item"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your comment is sent to the reviewers."))
                return redirect("reviews:hearing", pk=review.pk)
    hearings = list(review.hearings.all())
    grouped = comments_by_item(hearings)
    current = review.open_hearing or (hearings[0] if hearings else None)
    context = {
        "review": review,
        "access": review.access,
        "current": current,
        "deadline_passed": bool(current and current.is_open and not current.comments_open()),
        "hearings": hearings,
        "form": form,
        "whole": grouped.get(None, []),
        "by_item": [(item, grouped[item.pk]) for item in items if item.pk in grouped],
        "comment_count": sum(len(comments) for comments in grouped.values()),
    }
    return render(
        request, "reviews/hearing.html", context, status=400 if form and form.errors else 200
    )


@login_required
def hearing_send(request, pk):
    """The lead reviewer sends the draft for comments, after a confirmation with the deadline."""
    queryset = Review.objects.select_related("site").prefetch_related(
        Prefetch("item_scores", queryset=ItemScore.objects.select_related("item")),
        "site__leaders",
    )
    review = review_for_user(request, pk, need="send_for_comments", queryset=queryset)
    form = HearingSendForm(
        request.POST if request.method == "POST" else None,
        initial={"deadline": default_deadline()},
    )
    blockers = guidance.hearing_blockers(review)
    refused = []
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.hearing_send(
                review=review, user=request.user, deadline=form.cleaned_data["deadline"]
            )
        except ValidationError as exc:
            refused = exc.messages  # the state changed since the page was shown
        else:
            messages.success(request, _("The draft is sent to the site's leaders for comments."))
            return redirect("reviews:hearing", pk=review.pk)
    context = {
        "review": review,
        "form": form,
        "blockers": [*blockers, *(guidance.Blocker(message) for message in refused)],
        "leaders": [str(u.get_full_name() or u) for u in review.site.leaders.all()],
    }
    status = 400 if form.errors or (request.method == "POST" and (blockers or refused)) else 200
    return render(request, "reviews/hearing_send.html", context, status=status)


@login_required
@require_POST
def hearing_close(request, pk):
    review = review_for_user(request, pk, need="close_hearing")
    try:
        services.hearing_close(review=review, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The hearing is closed; the leaders can no longer comment."))
    return redirect("reviews:hearing", pk=review.pk)
