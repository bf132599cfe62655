"""Item-level analytics of a region's review round: the sites × items heatmap, the items with
the lowest regional mean, a site against the regional mean, and the change per item.

Only finalized reviews count. Who sees which sites by name, and which reviews make up the
regional mean, is the access policy's decision: the callers pass both as querysets; which means
and changes over unseen sites may be shown is decided for all of them at once
(`analytics.disclosure`). Every function costs a fixed number of queries whatever the number of
sites, items and rounds.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from analytics.disclosure import disclosure
from reviews.models import ItemScore
from scales.models import Item

LOWEST_COUNT = 5
ONE_DECIMAL = Decimal("0.1")


def mean_of(scores) -> Decimal | None:
    scores = [s for s in scores if s is not None]
    if not scores:
        return None
    return (Decimal(sum(scores)) / len(scores)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class ItemColumn:
    number: int
    name: str


@dataclass
class ItemMean:
    item: ItemColumn
    mean: Decimal | None
    sites: int
    low: int  # sites scoring 1 or 2


@dataclass
class SiteItem:
    item: ItemColumn
    score: int | None
    mean: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.score is None or self.mean is None:
            return None
        return Decimal(self.score) - self.mean


@dataclass
class HeatRow:
    site: object
    review_id: int
    cells: list[int | None]

    @property
    def total(self) -> int | None:
        return None if None in self.cells else sum(self.cells)


@dataclass
class Heatmap:
    items: list[ItemColumn]
    rows: list[HeatRow]
    means: list[ItemMean]
    # Sites that count in the regional mean; the mean is withheld (None) below the minimum.
    counted: int
    mean_shown: bool = True
    rounds: list[int] = field(default_factory=list)
    counted_sites: frozenset = frozenset()  # the sites behind the regional mean

    def mean_is_only(self, row: HeatRow) -> bool:
        """The regional mean is this site's own score: nothing to compare it with."""
        return self.counted_sites == {row.site.pk}

    def lowest(self, count=LOWEST_COUNT) -> list[ItemMean]:
        """The items with the lowest regional mean, lowest first (ties in scale order)."""
        known = [m for m in self.means if m.mean is not None]
        return sorted(known, key=lambda m: (m.mean, m.item.number))[:count]

    def against_mean(self, row: HeatRow) -> list[SiteItem]:
        return [
            SiteItem(item, score, mean.mean)
            for item, score, mean in zip(self.items, row.cells, self.means, strict=True)
        ]

    def row_for(self, site_id) -> HeatRow | None:
        return next((row for row in self.rows if row.site.pk == site_id), None)


def item_columns(scale_code: str, part=None) -> list[ItemColumn]:
    """The items of a scale code by number, named as in its newest version (one query); with
    `part` (a subscale's position) that subscale's items only."""
    items = Item.objects.filter(scale__code=scale_code)
    if part is not None:
        items = items.filter(subscale__position=part)
    columns = {}
    for number, name in items.order_by("number", "-scale__version").values_list("number", "name"):
        columns.setdefault(number, ItemColumn(number, name))
    return list(columns.values())


def _in_round(reviews, *, scale_code, rounds, kind):
    reviews = reviews.finalized().filter(scale__code=scale_code, round__in=rounds)
    return reviews.filter(kind=kind) if kind else reviews


def _scores(condition):
    """{review id: {item number: score}} for the item scores matching `condition` (one query)."""
    scores = defaultdict(dict)
    for review_id, number, score in ItemScore.objects.filter(condition).values_list(
        "review_id", "item__number", "score"
    ):
        scores[review_id][number] = score
    return scores


def regional_disclosure(*, mean_reviews, named_reviews, scale_code, kind=None, min_pooled):
    """Which of the region's round means and comparisons the person may see (2 queries):
    `analytics.disclosure` decides for all of them as a set."""
    reviews = mean_reviews.finalized().filter(scale__code=scale_code)
    if kind:
        reviews = reviews.filter(kind=kind)
    rows = list(reviews.values_list("pk", "site_id", "round"))
    readable = set(
        named_reviews.filter(pk__in=[pk for pk, _s, _r in rows]).values_list("pk", flat=True)
    )
    return disclosure(rows, readable, min_pooled=min_pooled)


def regional_heatmap(
    *, named_reviews, mean_reviews, scale_code, round, kind=None, shown, part=None
) -> Heatmap:
    """Sites × items of one round (4 queries).

    `named_reviews`: the reviews whose scores the user may see by site; `mean_reviews`: the
    reviews that make up the regional mean, shown only where `shown` (a `Disclosure`) allows.
    With `part` (a subscale's position) the items are that subscale's and a row's total is the
    subscale's total.
    """
    items = item_columns(scale_code, part)
    named = list(
        _in_round(named_reviews, scale_code=scale_code, rounds=[round], kind=kind)
        .select_related("site__cluster")
        .order_by("site__cluster__name", "site__name", "pk")
    )
    counted = dict(
        _in_round(mean_reviews, scale_code=scale_code, rounds=[round], kind=kind).values_list(
            "pk", "site_id"
        )
    )
    counted_ids = set(counted)
    scores = _scores(Q(review__in=counted_ids | {review.pk for review in named}))
    rows = [
        HeatRow(review.site, review.pk, [scores[review.pk].get(item.number) for item in items])
        for review in named
    ]
    mean_shown = bool(counted) and shown.mean_shown(round)
    means = []
    for item in items:
        given = [scores[pk].get(item.number) for pk in counted_ids]
        given = [score for score in given if score is not None]
        means.append(
            ItemMean(
                item,
                mean_of(given) if mean_shown else None,
                len(given),
                sum(1 for score in given if score <= 2) if mean_shown else 0,
            )
        )
    return Heatmap(
        items, rows, means, len(counted_ids), mean_shown, [round], frozenset(counted.values())
    )


@dataclass
class ItemChange:
    item: ItemColumn
    before: Decimal | None
    after: Decimal | None
    sites: int
    improved: int
    declined: int

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def item_changes(
    *, mean_reviews, scale_code, first, second, kind=None, items=None, shown
) -> list[ItemChange] | None:
    """Each item's regional mean in two rounds, over the sites measured in both, so a site
    joining or leaving does not pass for a change (2 queries, one more without `items`).

    None when `shown` (a `Disclosure`) withholds the comparison.
    """
    if not shown.change_shown(first, second):
        return None
    items = items if items is not None else item_columns(scale_code)
    rounds_of = {"scale_code": scale_code, "rounds": [first, second], "kind": kind}
    reviews = _in_round(mean_reviews, **rounds_of)
    by_site = defaultdict(dict)
    for pk, site_id, number in reviews.values_list("pk", "site_id", "round"):
        by_site[site_id][number] = pk
    paired = {site_id for site_id, rounds in by_site.items() if len(rounds) == 2}
    scores = _scores(Q(review__in=[pk for rounds in by_site.values() for pk in rounds.values()]))
    pairs = [(by_site[site_id][first], by_site[site_id][second]) for site_id in paired]
    changes = []
    for item in items:
        both = [
            (scores[a].get(item.number), scores[b].get(item.number))
            for a, b in pairs
            if scores[a].get(item.number) is not None and scores[b].get(item.number) is not None
        ]
        changes.append(
            ItemChange(
                item,
                mean_of(a for a, _ in both),
                mean_of(b for _, b in both),
                len(both),
                sum(1 for a, b in both if b > a),
                sum(1 for a, b in both if b < a),
            )
        )
    return changes
