"""A site over time: the latest change item by item, and the totals charts."""

from dataclasses import dataclass

from reviews.models import ItemScore
from scales.scoring import total_range
from toolkit.charts import totals_chart


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


def site_charts(finalized) -> list[dict]:
    """One chart per scale the site was reviewed on, with that scale's latest bands."""
    charts = {}
    for review in finalized:
        charts.setdefault(review.scale.code, []).append(review)
    result = []
    for reviews in charts.values():
        latest = reviews[-1]
        lowest, highest = total_range(latest.item_count)
        points = [
            (r.visit_date, r.score_total, r.total_band.label if r.total_band else "")
            for r in reviews
        ]
        result.append(
            {
                "label": latest.scale.label,
                "reviews": reviews,
                "chart": totals_chart(points, list(latest.scale.bands.all()), lowest, highest),
            }
        )
    return result
