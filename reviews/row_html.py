"""The item rows of the review page and the consensus: rendered once per content.

A row's HTML is a pure function of its `RowView`: plain values (text, numbers, dates, tuples)
and the item of a frozen scale version, which never changes (scales/frozen.py). The row
template is rendered with the view alone — no page context, no request, no context
processors — so it cannot show anything the view does not hold, and a view that differs in
anything it shows is another key: a changed remark, an action's new status in the previous
round, a new høring comment, a reviewer's new name. Nothing is ever invalidated, so nothing
can go stale; the memo is a cache of a calculation, not of data, and holding it in a process
changes no answer another process gives. tests/reviews/test_item_row_html.py renders rows with every
part present (previous round, comments, ratings) with `string_if_invalid` set, to prove the
template reads nothing else.

Why: the 25 rows were the largest part of the review page's CPU (README, "Load and CPU"),
and a reviewer opens the same page again and again while only one row changes in between.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from reviews.item_rows import ScoreOption
from reviews.previous import PreviousItem

# About 10 kB a row (its view and its HTML): some 40 MB a process at most.
ROWS_PER_PROCESS = 4_000


@dataclass(frozen=True)
class RatingView:
    """One reviewer's own rating of the item, as the consensus shows it."""

    score: int | None
    anchor_text: str
    notes: str
    observed: tuple


@dataclass(frozen=True)
class CommentView:
    author_name: str
    created_at: object  # datetime
    text: str


@dataclass(frozen=True)
class RowView:
    item: object  # scales.Item of a frozen version: its pk stands for all of it
    pk: int
    version: int
    score: int | None
    score_text: str
    remark: str
    recommendation: str
    observed: tuple
    options: tuple[ScoreOption, ...]
    previous: PreviousItem | None
    hearing_comments: tuple[CommentView, ...]
    review_pk: int
    editable: bool
    can_comment: bool
    show_ratings: bool = False
    spread: int = 0
    all_rated: bool = False
    ratings_side_by_side: tuple = ()
    # A checklist's items are answered, not scored.
    checklist: bool = False


def row_view(row, *, review, editable, can_comment, show_ratings=False) -> RowView:
    """The view of an item score prepared by the page (`options`, `score_text`, `previous`,
    `hearing_comments`, and in the consensus `ratings_side_by_side`, `spread`, `all_rated`)."""
    ratings = ()
    if show_ratings:
        ratings = tuple(
            (
                str(link),
                None
                if rating is None
                else RatingView(
                    rating.score,
                    getattr(rating, "anchor_text", ""),
                    rating.notes,
                    tuple(rating.observed or ()),
                ),
            )
            for link, rating in row.ratings_side_by_side
        )
    return RowView(
        item=row.item,
        pk=row.pk,
        version=row.version,
        score=row.score,
        score_text=row.score_text,
        remark=row.remark,
        recommendation=row.recommendation,
        observed=tuple(row.observed or ()),
        options=row.options,
        previous=row.previous,
        hearing_comments=tuple(
            CommentView(comment.author_name, comment.created_at, comment.text)
            for comment in row.hearing_comments
        ),
        review_pk=review.pk,
        editable=bool(editable),
        can_comment=bool(can_comment),
        show_ratings=show_ratings,
        spread=getattr(row, "spread", 0) if show_ratings else 0,
        all_rated=getattr(row, "all_rated", False) if show_ratings else False,
        ratings_side_by_side=ratings,
        checklist=review.scale.is_checklist,
    )


def _render(view: RowView) -> SafeString:
    context = {
        "row": view,
        "review": {"pk": view.review_pk},
        "editable": view.editable,
        "can_comment": view.can_comment,
        "show_ratings": view.show_ratings,
        "checklist": view.checklist,
    }
    return SafeString(render_to_string("reviews/_item_row.html", context))


@lru_cache(maxsize=ROWS_PER_PROCESS)
def _memo(view: RowView, language: str) -> SafeString:
    return _render(view)


def item_rows_html(rows, *, review, **flags) -> None:
    """Give each prepared item score its `html`; `flags`: editable, can_comment and
    show_ratings, as for `row_view`. Rows of a draft scale version are rendered afresh."""
    frozen = review.scale.is_frozen
    for row in rows:
        view = row_view(row, review=review, **flags)
        row.html = _memo(view, get_language()) if frozen else _render(view)


def clear() -> None:
    """Forget every rendered row (the tests start each with none, as a fresh process does)."""
    _memo.cache_clear()
