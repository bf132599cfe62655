"""Each reviewer's own rating, and the consensus view where the agreed scores are set."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.accesslog import logged_read
from reviews import guidance, lifecycle, services
from reviews.access import own_link, require, review_for_user
from reviews.consensus import consensus_rows
from reviews.item_rows import anchor_text, index_texts, item_index, score_options
from reviews.models import Rating, Review
from reviews.models.hearing import hearings_prefetch
from reviews.notes_beside import notes_beside
from reviews.offline import offline_copy
from reviews.previous import previous_for
from reviews.row_html import item_rows_html
from reviews.views.autosave import _save, json_errors
from reviews.views.page import (
    autosave_texts,
    bands_json,
    hearing_comments,
    item_rows_prefetch,
    subscale_agreements,
    subscales_json,
    with_items,
)
from scales.models import Item


@login_required
@logged_read
@offline_copy
def my_rating(request, pk):
    """The user's own independent rating of every item, with the anchors in view."""
    review = review_for_user(request, pk)
    if not review.needs_consensus:
        return redirect(review)
    require(review, "see_own_rating")
    link = own_link(request.user, review)
    items = (
        Item.objects.filter(scale=review.scale_id)
        .select_related("section", "ladder")
        .prefetch_related("anchors")
        .order_by("number")
    )
    ratings = {r.item_id: r for r in Rating.objects.filter(reviewer=link)}
    rows = [(item, ratings.get(item.pk)) for item in items]
    previous = previous_for(review, review.access)
    notes = notes_beside(review, request.user)
    for item, rating in rows:
        item.previous = previous.get(item.number)
        item.visit_notes = notes.get(item.pk, [])
        item.options = score_options(item)
        item.score_text = anchor_text(item.options, rating.score if rating else None)
    editable = review.access.can_rate and not link.rating_done
    missing = [item for item, rating in rows if not (rating and rating.score)]
    context = {
        "review": review,
        "access": review.access,
        "link": link,
        "rows": rows,
        "editable": editable,
        "rated": len(rows) - len(missing),
        # After "Markér som færdig" was refused: the items still without a score.
        "missing": missing if editable and "faerdig" in request.GET else [],
        "missing_message": [
            guidance.items_blocker(
                services.unrated_message([item.number for item in missing]), missing
            )
        ]
        if missing
        else [],
        "others": [r for r in review.reviewer_links.all() if r.pk != link.pk],
        "autosave_texts": autosave_texts(checklist=review.scale.is_checklist),
        "index": item_index((item, rating and rating.score, False) for item, rating in rows),
        "index_texts": index_texts(),
    }
    return render(request, "reviews/rating.html", context)


@login_required
@require_POST
@json_errors
def save_rating(request, pk, item_pk):
    review = review_for_user(request, pk, need="rate")
    link = own_link(request.user, review)
    item = get_object_or_404(Item, pk=item_pk, scale=review.scale_id)
    return _save(request, services.rating_for(link=link, item=item))


@login_required
@require_POST
def rating_done(request, pk):
    review = review_for_user(request, pk, need="rate")
    try:
        services.rating_mark_done(review=review, user=request.user)
    except ValidationError:
        # The rating page lists the items still without a score, with links, at its top.
        return redirect(reverse("reviews:my_rating", args=[review.pk]) + "?faerdig=mangler")
    if lifecycle.CONSENSUS_OPEN.holds_for_pk(review.pk):
        message = _("Your rating is done, and so is everyone else's: the consensus is open.")
    else:
        message = _("Your rating is done. The consensus opens when every reviewer is done.")
    messages.success(request, message)
    return redirect("reviews:consensus", pk=review.pk)


@login_required
@require_POST
def rating_reopen(request, pk):
    review = review_for_user(request, pk, need="rate")
    services.rating_reopen(review=review, user=request.user)
    messages.info(request, _("Your rating is open for changes again."))
    return redirect("reviews:my_rating", pk=review.pk)


@login_required
@logged_read
@offline_copy
def consensus(request, pk):
    """Every reviewer's score and notes side by side, and the agreed score, remark and
    recommendation; disagreements first. Ratings show only once every reviewer is done."""
    queryset = Review.objects.prefetch_related(*item_rows_prefetch(), hearings_prefetch())
    review = with_items(review_for_user(request, pk, queryset=queryset))
    if not review.needs_consensus:
        return redirect(review)
    require(review, "open_consensus")
    links = list(review.reviewer_links.all())
    context = {"review": review, "links": links, "access": review.access}
    if review.access.can_see_ratings:
        table = consensus_rows(
            review.item_scores.all(),
            review.ratings.all(),
            links,
            order=request.GET.get("order"),
            show=request.GET.get("show"),
        )
        previous = previous_for(review, review.access)
        notes = notes_beside(review, request.user)
        for row in table.rows + table.hidden:
            row.previous = previous.get(row.item.number)
            row.visit_notes = notes.get(row.item_id, [])
        for row in table.rows:
            row.options = score_options(row.item, row.ratings_side_by_side)
            row.score_text = anchor_text(row.options, row.score)
            for _link, rating in row.ratings_side_by_side:
                if rating is not None:
                    rating.anchor_text = anchor_text(row.options, rating.score)
        # Items the filter hides lead to the page with every item shown.
        shown = {row.item.number for row in table.rows}
        everything = f"?order={table.order}&show=all"
        index = item_index(
            ((row.item, row.score, row.spread > 0) for row in table.rows + table.hidden),
            href=lambda n: f"#item-{n}" if n in shown else f"{everything}#item-{n}",
        )
        summary = review.score_summary()
        context.update(
            {
                "rows": table.rows,
                "hidden_rows": table.hidden,
                "order": table.order,
                "show": table.show,
                "differ_count": table.differ_count,
                "agreement": review.agreement(),
                "summary": summary,
                "bands": bands_json(review),
                "subscales": subscales_json(summary),
                "subscale_agreements": subscale_agreements(review, summary),
                "editable": review.access.can_set_agreed,
                "autosave_texts": autosave_texts(checklist=review.scale.is_checklist),
                "index": index,
                "index_texts": index_texts(),
                **hearing_comments(review, table.rows + table.hidden),
            }
        )
        item_rows_html(
            table.rows,
            review=review,
            editable=review.access.can_set_agreed,
            can_comment=context["can_comment"],
            show_ratings=True,
        )
    return render(request, "reviews/consensus.html", context)
