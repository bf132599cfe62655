"""The rows of the consensus view: each item's ratings side by side, ordered and filtered.

Plain Python over objects already loaded (no queries), so every ordering and filter can be
tested without a database (tests/reviews/test_consensus_rows.py).
"""

from dataclasses import dataclass

# ?order=: largest disagreement first (the default) or the scale's order.
ORDERS = ("spread", "scale")
# ?show=: the least spread an item must have to be shown.
SHOWS = {"all": 0, "differ": 1, "two": 2}


@dataclass
class ConsensusRows:
    rows: list
    hidden: list
    differ_count: int
    order: str
    show: str


def spread(scores) -> int:
    """How far apart the given scores are; 0 with fewer than two."""
    given = [score for score in scores if score is not None]
    return max(given) - min(given) if len(given) > 1 else 0


def consensus_rows(item_scores, ratings, links, *, order=None, show=None) -> ConsensusRows:
    """Give each item score `ratings_side_by_side` ([(link, rating or None)] in `links`
    order), `spread` and `all_rated` (every reviewer gave it a score), then order and filter
    them; an unknown order or filter falls back to the default. Rows filtered out are
    returned as `hidden`, since the page still counts their scores in the totals."""
    order = order if order in ORDERS else ORDERS[0]
    show = show if show in SHOWS else "all"
    by_item = {}
    for rating in ratings:
        by_item.setdefault(rating.item_id, {})[rating.reviewer_id] = rating
    rows = sorted(item_scores, key=lambda row: row.item.number)
    for row in rows:
        given = by_item.get(row.item_id, {})
        row.ratings_side_by_side = [(link, given.get(link.pk)) for link in links]
        row.spread = spread(rating.score for rating in given.values())
        row.all_rated = all(
            rating is not None and rating.score is not None
            for _link, rating in row.ratings_side_by_side
        )
    if order == "spread":
        rows.sort(key=lambda row: -row.spread)
    least = SHOWS[show]
    return ConsensusRows(
        rows=[row for row in rows if row.spread >= least],
        hidden=[row for row in rows if row.spread < least],
        differ_count=sum(1 for row in rows if row.spread),
        order=order,
        show=show,
    )
