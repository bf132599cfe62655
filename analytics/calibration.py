"""Reviewer calibration: how alike reviewers score, per item and per pair of reviewers, across
the reviews where two or more reviewers rated on their own.

Which reviews a person's figures pool is the access policy's (`reviews.access.calibration_pool`):
the reviews whose ratings they may see (their own once every reviewer is done), and the
finalized reviews of others only in a pool large enough that no single review shows through.
Each pair of reviewers on a review gives one pair of scores per item both rated. The figures
are those of `reviews.agreement`: exact %, within one point %, and quadratic weighted kappa of
the pooled pairs (the first reviewer of a pair is the one with the lower user id).

An item is flagged when pairs disagree on it systematically, by one of two rules:
- **one-sided**: a pair of reviewers rated it in at least `BIAS_MIN_REVIEWS` reviews, and one
  of them scored it at least `BIAS_POINTS` point higher on average than the other;
- **wide**: over at least `WIDE_MIN_PAIRS` pairs of scores, fewer than `WIDE_WITHIN_ONE` of
  them are within one point of each other.
One disagreement can be chance; these catch an item read differently again and again.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from django.contrib.auth import get_user_model

from analytics.regional import ItemColumn, item_columns
from reviews import lifecycle
from reviews.agreement import weighted_kappa
from reviews.models import Rating
from scales.forms import subscale_names

BIAS_MIN_REVIEWS = 3
BIAS_POINTS = Decimal(1)
WIDE_MIN_PAIRS = 5
WIDE_WITHIN_ONE = Decimal("0.75")


@dataclass
class Figures:
    """Agreement of a set of score pairs."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    reviews: set = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.pairs)

    @property
    def exact(self) -> Decimal | None:
        return self._share(lambda a, b: a == b)

    @property
    def within_one(self) -> Decimal | None:
        return self._share(lambda a, b: abs(a - b) <= 1)

    @property
    def kappa(self) -> float | None:
        if not self.pairs:
            return None
        return weighted_kappa([a for a, _ in self.pairs], [b for _, b in self.pairs])

    @property
    def mean_difference(self) -> Decimal | None:
        """The first reviewer's score minus the second's, on average."""
        if not self.pairs:
            return None
        return Decimal(sum(a - b for a, b in self.pairs)) / len(self.pairs)

    def _share(self, test) -> Decimal | None:
        if not self.pairs:
            return None
        return Decimal(sum(1 for a, b in self.pairs if test(a, b))) / len(self.pairs)


def percent(share: Decimal | None) -> int | None:
    if share is None:
        return None
    return int((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Pair:
    first: object
    second: object
    figures: Figures

    def __str__(self):
        return f"{_name(self.first)} – {_name(self.second)}"


@dataclass
class Flag:
    ONE_SIDED = "one_sided"
    WIDE = "wide"

    kind: str
    pair: Pair | None = None  # the pair of a one-sided flag
    figures: Figures | None = None

    @property
    def higher(self):
        """Who of a one-sided pair scores the item higher."""
        if self.pair is None:
            return None
        return self.pair.first if self.figures.mean_difference > 0 else self.pair.second

    @property
    def points(self) -> Decimal | None:
        if self.figures is None or self.figures.mean_difference is None:
            return None
        return abs(self.figures.mean_difference).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class ItemCalibration:
    item: ItemColumn
    figures: Figures
    flags: list[Flag]


@dataclass
class PartCalibration:
    """A subscale's figures: every pair of scores on its items, pooled."""

    name: str
    figures: Figures


@dataclass
class Calibration:
    reviews: int
    items: list[ItemCalibration]
    pairs: list[Pair]
    parts: list[PartCalibration] = field(default_factory=list)

    @property
    def flagged(self) -> list[ItemCalibration]:
        return [item for item in self.items if item.flags]


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def calibration(*, scale_code, reviews, show_pair) -> Calibration:
    """Agreement per item, per subscale and per pair across `reviews` of a scale (4 queries,
    one more for a scale with subscales).

    `reviews`: the reviews whose ratings may be pooled (`reviews.access.calibration_pool`;
    only those whose ratings are revealed count). `show_pair(first_id, second_id)` says whose
    pair figures the caller may see (user ids); the per-item figures pool every pair.
    """
    counted = reviews.in_stage(lifecycle.RATINGS_REVEALED).filter(scale__code=scale_code)
    given = defaultdict(dict)  # (review, item number) -> {user id: score}
    part_of = {}  # (review, item number) -> the item's subscale position (or None)
    for review_id, user_id, number, position, score in Rating.objects.filter(
        review__in=counted.values("pk"), score__isnull=False
    ).values_list(
        "review_id", "reviewer__user_id", "item__number", "item__subscale__position", "score"
    ):
        given[review_id, number][user_id] = score
        part_of[review_id, number] = position
    by_part = defaultdict(Figures)  # subscale position ->
    by_item = defaultdict(Figures)
    by_pair = defaultdict(Figures)
    by_item_pair = defaultdict(lambda: defaultdict(Figures))  # number -> (first, second) ->
    for (review_id, number), scores in given.items():
        for first, second in combinations(sorted(scores), 2):
            pair = (scores[first], scores[second])
            pooled = [by_item[number], by_pair[first, second], by_item_pair[number][first, second]]
            if part_of[review_id, number] is not None:
                pooled.append(by_part[part_of[review_id, number]])
            for figures in pooled:
                figures.pairs.append(pair)
                figures.reviews.add(review_id)
    users = get_user_model().objects.in_bulk({user for key in by_pair for user in key})
    pairs = {key: Pair(users[key[0]], users[key[1]], figures) for key, figures in by_pair.items()}
    items = []
    for column in item_columns(scale_code):
        figures = by_item.get(column.number, Figures())
        flags = []
        for (first, second), pair_figures in sorted(by_item_pair[column.number].items()):
            if (
                len(pair_figures.reviews) >= BIAS_MIN_REVIEWS
                and abs(pair_figures.mean_difference) >= BIAS_POINTS
            ):
                shown = pairs[first, second] if show_pair(first, second) else None
                flags.append(Flag(Flag.ONE_SIDED, shown, pair_figures))
        if figures.count >= WIDE_MIN_PAIRS and figures.within_one < WIDE_WITHIN_ONE:
            flags.append(Flag(Flag.WIDE, None, figures))
        items.append(ItemCalibration(column, figures, flags))
    visible_pairs = [
        pair for (first, second), pair in sorted(pairs.items()) if show_pair(first, second)
    ]
    names = subscale_names(scale_code) if by_part else {}
    parts = [
        PartCalibration(names.get(position, str(position)), by_part[position])
        for position in sorted(by_part)
    ]
    return Calibration(len({review for review, _ in given}), items, visible_pairs, parts)
