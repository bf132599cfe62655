"""A site over time: the latest change item by item, and the totals charts."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from reviews.models import ItemScore
from scales.models import SubscaleBand
from scales.scoring import TotalOutOfRange, band_for_total, is_complete, total_range
from toolkit.charts import totals_chart


@dataclass
class PartTotal:
    """One subscale's total in one review (band None until its items are all scored)."""

    position: int
    name: str
    total: int | None
    item_count: int
    complete: bool
    band: object = None
    bands: tuple = ()  # the subscale's bands, highest first


def part_totals(reviews) -> dict[int, list[PartTotal]]:
    """{review pk: its subscales' totals in order} for the reviews whose scale has subscales
    (two queries whatever the number of reviews and items; none are asked for none)."""
    pks = [review.pk for review in reviews]
    if not pks:
        return {}
    rows = list(
        ItemScore.objects.filter(review__in=pks, item__subscale__isnull=False)
        .values(
            "review_id", "item__subscale_id", "item__subscale__position", "item__subscale__name"
        )
        .annotate(total=Sum("score"), scored=Count("score"), items=Count("pk"))
        .order_by("review_id", "item__subscale__position")
    )
    bands = defaultdict(list)
    subscale_ids = {row["item__subscale_id"] for row in rows}
    if subscale_ids:
        for band in SubscaleBand.objects.filter(subscale__in=subscale_ids).order_by("-min_total"):
            bands[band.subscale_id].append(band)
    result = defaultdict(list)
    for row in rows:
        part = PartTotal(
            row["item__subscale__position"],
            row["item__subscale__name"],
            row["total"],
            row["items"],
            is_complete(row["scored"], row["items"]),
            bands=tuple(bands[row["item__subscale_id"]]),
        )
        if part.complete:
            try:
                part.band = band_for_total(list(part.bands), part.total)
            except TotalOutOfRange:
                part.band = None
        result[row["review_id"]].append(part)
    return dict(result)


@dataclass
class ItemChange:
    number: int
    name: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class Comparison:
    before: object
    after: object
    items: list[ItemChange]

    @property
    def changed_count(self) -> int:
        return sum(1 for item in self.items if item.changed)


def compare_latest(finalized) -> Comparison | None:
    """The two latest finalized reviews on the same scale, item by item (one query)."""
    if not finalized:
        return None
    after = finalized[-1]
    earlier = [r for r in finalized[:-1] if r.scale.code == after.scale.code]
    if not earlier:
        return None
    before = earlier[-1]
    scores = ItemScore.objects.filter(review__in=[before, after]).select_related("item")
    by_review = {before.pk: {}, after.pk: {}}
    names = {}
    for row in scores:
        by_review[row.review_id][row.item.number] = row.score
        if row.review_id == after.pk or row.item.number not in names:
            names[row.item.number] = row.item.name
    numbers = sorted(set(by_review[before.pk]) | set(by_review[after.pk]))
    items = [
        ItemChange(n, names[n], by_review[before.pk].get(n), by_review[after.pk].get(n))
        for n in numbers
    ]
    return Comparison(before, after, items)


def site_charts(finalized, parts=None) -> list[dict]:
    """One chart per scale the site was reviewed on, with that scale's latest bands, and one
    per subscale of a scale that has them (`parts`: from `part_totals`)."""
    parts = parts or {}
    charts = {}
    for review in finalized:
        charts.setdefault(review.scale.code, []).append(review)
    result = []
    for reviews in charts.values():
        latest = reviews[-1]
        bands = list(latest.scale.bands.all())
        if bands or not parts.get(latest.pk):
            lowest, highest = total_range(latest.item_count)
            points = [
                (r.visit_date, r.score_total, r.total_band.label if r.total_band else "")
                for r in reviews
            ]
            result.append(
                {
                    "label": latest.scale.label,
                    "reviews": reviews,
                    "chart": totals_chart(points, bands, lowest, highest),
                }
            )
        result.extend(_part_charts(reviews, parts))
    return result


def _part_charts(reviews, parts) -> list[dict]:
    """The charts of each subscale (matched by position across versions) of one scale's
    reviews, drawn with the latest review's subscale bands."""
    latest = reviews[-1]
    charts = []
    for latest_part in parts.get(latest.pk, []):
        points = []
        for review in reviews:
            part = next(
                (p for p in parts.get(review.pk, []) if p.position == latest_part.position), None
            )
            if part is not None and part.complete:
                points.append((review.visit_date, part.total, part.band.label if part.band else ""))
        label = f"{latest.scale.label} – {latest_part.name}"
        lowest, highest = total_range(latest_part.item_count)
        chart = totals_chart(points, list(latest_part.bands), lowest, highest)
        charts.append({"label": label, "reviews": reviews, "chart": chart})
    return charts
