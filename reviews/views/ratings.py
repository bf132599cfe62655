"""Each reviewer's own rating, and the consensus view where the agreed scores are set."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import services
from reviews.access import review_for_user
from reviews.models import Rating, Review, ReviewReviewer
from reviews.views.autosave import _save, json_errors
from reviews.views.page import autosave_texts, bands_json, item_rows_prefetch
from scales.models import Item


def _own_link(request, review):
    link = next((r for r in review.reviewer_links.all() if r.user_id == request.user.pk), None)
    if link is None:
        # Leaders and administrators may read the review, but ratings are the reviewers' own.
        raise PermissionDenied(_("Only the reviewers on this review have ratings."))
    return link


def _ratings_queryset():
    return Review.objects.prefetch_related(
        Prefetch("reviewer_links", queryset=ReviewReviewer.objects.select_related("user")),
    )


@login_required
def my_rating(request, pk):
    """The user's own independent rating of every item, with the anchors in view."""
    review = review_for_user(request, pk, queryset=_ratings_queryset())
    link = _own_link(request, review)
    if not review.needs_consensus:
        return redirect(review)
    items = (
        Item.objects.filter(scale=review.scale_id)
        .select_related("section")
        .prefetch_related("anchors")
        .order_by("number")
    )
    ratings = {r.item_id: r for r in Rating.objects.filter(reviewer=link)}
    rows = [(item, ratings.get(item.pk)) for item in items]
    editable = not link.rating_done_at and not review.is_finalized
    context = {
        "review": review,
        "link": link,
        "rows": rows,
        "editable": editable,
        "rated": sum(1 for _, rating in rows if rating and rating.score),
        "score_choices": [1, 2, 3, 4, 5],
        "others": [r for r in review.reviewer_links.all() if r.pk != link.pk],
        "autosave_texts": autosave_texts(),
    }
    return render(request, "reviews/rating.html", context)


@login_required
@require_POST
@json_errors
def save_rating(request, pk, item_pk):
    review = review_for_user(request, pk, write=True)
    link = _own_link(request, review)
    item = get_object_or_404(Item, pk=item_pk, scale=review.scale_id)
    return _save(request, services.rating_for(link=link, item=item))


@login_required
@require_POST
def rating_done(request, pk):
    review = review_for_user(request, pk, write=True)
    _own_link(request, review)
    try:
        services.rating_mark_done(review=review, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("my_rating", pk=review.pk)
    messages.success(
        request, _("Your rating is done. The consensus opens when every reviewer is done.")
    )
    return redirect("consensus", pk=review.pk)


@login_required
@require_POST
def rating_reopen(request, pk):
    review = review_for_user(request, pk, write=True)
    _own_link(request, review)
    services.rating_reopen(review=review, user=request.user)
    messages.info(request, _("Your rating is open for changes again."))
    return redirect("my_rating", pk=review.pk)


ORDERS = ("spread", "scale")
SHOWS = ("all", "differ", "two")


@login_required
def consensus(request, pk):
    """Every reviewer's score and notes side by side, and the agreed score, remark and
    recommendation; disagreements first. Ratings show only once every reviewer is done."""
    queryset = _ratings_queryset().prefetch_related(*item_rows_prefetch())
    review = review_for_user(request, pk, queryset=queryset)
    if review.access.is_site_leader and not review.access.is_on_review:
        raise PermissionDenied(_("Ratings are for the reviewers only."))
    if not review.needs_consensus:
        return redirect(review)
    links = list(review.reviewer_links.all())
    open_ = review.stage in (Review.Stage.CONSENSUS, Review.Stage.FINALIZED)
    context = {"review": review, "links": links, "open": open_, "access": review.access}
    if open_:
        order = request.GET.get("order") if request.GET.get("order") in ORDERS else "spread"
        show = request.GET.get("show") if request.GET.get("show") in SHOWS else "all"
        by_item = {}
        for rating in review.ratings.all():
            by_item.setdefault(rating.item_id, {})[rating.reviewer_id] = rating
        rows = []
        for row in review.item_scores.all():
            given = by_item.get(row.item_id, {})
            row.ratings_side_by_side = [(link, given.get(link.pk)) for link in links]
            scores = [r.score for r in given.values() if r.score is not None]
            row.spread = max(scores) - min(scores) if len(scores) > 1 else 0
            rows.append(row)
        rows.sort(key=lambda r: r.item.number)
        if order == "spread":
            rows.sort(key=lambda r: -r.spread)
        differ_count = sum(1 for r in rows if r.spread)
        least = {"all": 0, "differ": 1, "two": 2}[show]
        hidden = [r for r in rows if r.spread < least]
        rows = [r for r in rows if r.spread >= least]
        context.update(
            {
                "rows": rows,
                "hidden_rows": hidden,
                "order": order,
                "show": show,
                "agreement": review.agreement(),
                "summary": review.score_summary(),
                "bands": bands_json(review),
                "editable": review.access.can_edit and review.agreed_scores_editable,
                "score_choices": [1, 2, 3, 4, 5],
                "autosave_texts": autosave_texts(),
                "differ_count": differ_count,
            }
        )
    return render(request, "reviews/consensus.html", context)
