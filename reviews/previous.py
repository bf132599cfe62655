"""The previous round beside a review, for calibration: per item the score, remark and
recommendation of the site's latest earlier finalized review on the same scale (any version
of it, items matched by number) and the status of the actions its leaders made from each
recommendation. Read-only; nothing is copied into the new review.

Two queries whatever the scale and whether there is a previous round: its item scores (with
the review and the items) and the actions made from them.
"""

from dataclasses import dataclass, field

from followup.models import Action
from reviews.models import ItemScore, Review


@dataclass
class PreviousItem:
    review: Review
    score: int | None
    remark: str
    recommendation: str
    actions: list = field(default_factory=list)


def _previous_review(review):
    return (
        Review.objects.finalized()
        .filter(
            site=review.site_id,
            scale__code=review.scale.code,
            visit_date__lte=review.visit_date,
        )
        .exclude(pk=review.pk)
        .order_by("-visit_date", "-finalized_at", "-pk")
        .values("pk")[:1]
    )


def previous_items(review) -> dict[int, PreviousItem]:
    """The previous round by item number (empty when the site has none)."""
    previous = _previous_review(review)
    rows = ItemScore.objects.filter(review__in=previous).select_related("review", "item")
    items = {
        row.pk: (
            row.item.number,
            PreviousItem(row.review, row.score, row.remark, row.recommendation),
        )
        for row in rows
    }
    actions = Action.objects.filter(item_score__review__in=previous).order_by("due_date", "pk")
    for action in actions:
        if action.item_score_id in items:
            items[action.item_score_id][1].actions.append(action)
    return dict(items.values())


def previous_for(review, access) -> dict[int, PreviousItem]:
    """What the scoring pages show: the previous round for those who see the reviewers'
    work (never leaders, who read the finished reports instead)."""
    return previous_items(review) if access.can_see_ratings else {}
