"""What the scoring pages show for each item: the score options, which are the item's anchors,
and the item index with each item's state.

Plain Python over objects the views have already loaded (no queries).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def anchors_of(item) -> list:
    """The item's anchors in score order, from what the view loaded with the item.

    The one place the scoring pages read anchors, so a cache of a frozen version's anchors
    needs changing only here.
    """
    return sorted(item.anchors.all(), key=lambda anchor: anchor.score)


@dataclass(frozen=True)
class ScoreOption:
    """One score an item can get, with the words of its anchor and the names of the
    reviewers who gave it in their own rating (shown in the consensus)."""

    score: int
    text: str
    given_by: tuple[str, ...] = ()


def score_options(item, ratings=()) -> tuple[ScoreOption, ...]:
    """The item's score options; `ratings` are (reviewer link, rating or None) pairs."""
    given = {}
    for link, rating in ratings:
        if rating is not None and rating.score:
            given.setdefault(rating.score, []).append(str(link))
    return tuple(
        ScoreOption(anchor.score, anchor.text, tuple(given.get(anchor.score, ())))
        for anchor in anchors_of(item)
    )


def anchor_text(options, score) -> str:
    return next((option.text for option in options if option.score == score), "")


class ItemState(models.TextChoices):
    SCORED = "scored", _("scored")
    DIFFER = "differ", _("the scores differ")
    MISSING = "missing", _("no score yet")


@dataclass
class IndexEntry:
    number: int
    name: str
    state: str
    href: str
    # The reviewers' own scores differ (kept when the agreed score is set, so the page can
    # show the item as "differ" again if the score is taken away).
    differ: bool = False

    @property
    def state_label(self) -> str:
        return ItemState(self.state).label


def item_state(score, *, differ=False) -> str:
    if score:
        return ItemState.SCORED
    return ItemState.DIFFER if differ else ItemState.MISSING


def item_index(entries, *, href=None) -> list[IndexEntry]:
    """The index of a scoring page from (item, score, reviewers differ) triples, in item
    order; `href(number)` is where an entry leads (its item on this page by default)."""
    href = href or (lambda number: f"#item-{number}")
    return [
        IndexEntry(
            item.number, item.name, item_state(score, differ=differ), href(item.number), differ
        )
        for item, score, differ in sorted(entries, key=lambda entry: entry[0].number)
    ]


def index_texts() -> dict:
    """What the page script writes when a score changes: the state names of the index, and
    the rating page's progress."""
    texts = {state.value: str(state.label) for state in ItemState}
    texts["rated"] = gettext("%(rated)s of %(count)s items rated")
    return texts
