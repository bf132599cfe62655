"""The previous round beside a review, for calibration: per item the score, remark and
recommendation of the site's latest earlier finalized review on the same scale (any version
of it, items matched by number) and the status of the actions its leaders made from each
recommendation. Read-only; nothing is copied into the new review.

Two queries whatever the scale and whether there is a previous round: its item scores (with
the review and the items) and the actions made from them.
"""

import datetime
from dataclasses import dataclass

from followup.models import Action
from reviews.models import ItemScore, Review


@dataclass(frozen=True)
class PreviousAction:
    text: str
    status_label: str
    due_date: datetime.date


@dataclass(frozen=True)
class PreviousItem:
    """Plain values only, so an item row's memo (reviews/row_html.py) can key on them."""

    dates: str  # the previous review's visit dates, as the pages show them
    score: int | None
    remark: str
    recommendation: str
    actions: tuple[PreviousAction, ...] = ()


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
    rows = list(ItemScore.objects.filter(review__in=previous).select_related("review", "item"))
    actions = {}
    for action in Action.objects.filter(item_score__review__in=previous).order_by("due_date", "pk"):
        actions.setdefault(action.item_score_id, []).append(
            PreviousAction(action.text, action.get_status_display(), action.due_date)
        )
    return {
        row.item.number: PreviousItem(
            row.review.visit_dates_display,
            row.score,
            row.remark,
            row.recommendation,
            tuple(actions.get(row.pk, ())),
        )
        for row in rows
    }


def previous_for(review, access) -> dict[int, PreviousItem]:
    """What the scoring pages show: the previous round for those who see the reviewers'
    work (never leaders, who read the finished reports instead)."""
    return previous_items(review) if access.can_see_previous_round else {}
