"""What stops a review from being finalized, and what is still empty when it may be.

Both read what the caller loaded with the review: `item_scores` with their items,
`reviewer_links`, `evidence` and `improvement_areas` (prefetch them; then no query here).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.guidance import finalize_blockers
from reviews.models.review import ScoreSummary
from reviews.text import number_runs


def finalize_problems(review) -> list[str]:
    """Why the review cannot be finalized yet (empty when it can)."""
    return [blocker.message for blocker in finalize_blockers(review)]


@dataclass
class StillEmpty:
    """A part of the report that is empty; finalizing is allowed, but the person is told."""

    message: str
    href: str
    items: list = field(default_factory=list)


@dataclass
class FinalizeCheck:
    scores: ScoreSummary
    problems: list  # guidance.Blocker: each with a link to where it is put right
    empty: list[StillEmpty]

    @property
    def can_finalize(self) -> bool:
        return not self.problems


def _empty_texts(review, rows) -> list[StillEmpty]:
    empty = []
    if not review.purpose.strip():
        empty.append(StillEmpty(_("The purpose is not written."), "#about"))
    if not any(source.description.strip() or source.count for source in review.evidence.all()):
        empty.append(StillEmpty(_("No evidence sources are recorded."), "#evidence"))
    if not review.general_comments.strip():
        empty.append(StillEmpty(_("The general comments are not written."), "#comments"))
    if not any(area.text.strip() for area in review.improvement_areas.all()):
        empty.append(StillEmpty(_("No areas to work on are written."), "#areas"))
    no_remark = [row.item for row in rows if not row.remark.strip()]
    if no_remark:
        message = ngettext(
            "Item %(items)s has no remark.", "Items %(items)s have no remark.", len(no_remark)
        )
        empty.append(StillEmpty(message % {"items": _numbers(no_remark)}, "", no_remark))
    no_recommendation = [row.item for row in rows if not row.recommendation.strip()]
    if no_recommendation:
        message = ngettext(
            "Item %(items)s has no recommendation.",
            "Items %(items)s have no recommendation.",
            len(no_recommendation),
        )
        empty.append(
            StillEmpty(message % {"items": _numbers(no_recommendation)}, "", no_recommendation)
        )
    return empty


def _numbers(items) -> str:
    return number_runs(item.number for item in items)


def finalize_check(review) -> FinalizeCheck:
    """The confirmation page's summary: total and band, what stops finalizing, what is empty."""
    rows = sorted(review.item_scores.all(), key=lambda row: row.item.number)
    return FinalizeCheck(
        scores=review.score_summary(),
        problems=finalize_blockers(review),
        empty=_empty_texts(review, rows),
    )
