"""The regional overview: every site's total per review round, band counts and trends.

Totals are summed in the database; the overview costs the same few queries whatever the
number of sites, rounds and items.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from followup.schedule import site_schedules
from reviews.models import Review
from scales.models import Band, SubscaleBand
from scales.scoring import TotalOutOfRange, band_for_total, is_complete
from sites.models import SkippedRound


@dataclass
class Cell:
    total: int | None = None
    band: Band | None = None
    reason: str = ""
    review_id: int | None = None
    complete: bool = False


@dataclass
class Row:
    site: object
    cells: list[Cell]
    # Past the date of its next review (followup.schedule).
    overdue: bool = False


@dataclass
class Group:
    name: str
    psychiatry: str
    rows: list[Row]


@dataclass
class BandCount:
    label: str
    level: str
    count: int


@dataclass
class RoundInfo:
    number: int
    period: str
    band_counts: list[BandCount] = field(default_factory=list)
    measured: int = 0


@dataclass
class Trend:
    first: int
    second: int
    improved: int = 0
    unchanged: int = 0
    declined: int = 0

    @property
    def measured_both(self) -> int:
        return self.improved + self.unchanged + self.declined


@dataclass
class Overview:
    scale_code: str
    rounds: list[RoundInfo]
    groups: list[Group]
    trends: list[Trend]
    legend: list[Band]
    # The subscale whose totals and bands the overview shows ("": the whole scale's).
    part_name: str = ""

    @property
    def scale_label(self) -> str:
        """'IPS-15', or 'IPS-Y – Beskæftigelse' for a subscale's overview."""
        code = self.scale_code.upper()
        return f"{code} – {self.part_name}" if self.part_name else code

    @property
    def site_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    def band_rows(self):
        """(band, [count in each round]) for the table footer."""
        return [
            (band, [info.band_counts[i].count for info in self.rounds])
            for i, band in enumerate(self.legend)
        ]

    def trend_rows(self):
        """(label, [value under each round]), the first round having nothing to compare."""
        by_second = {trend.second: trend for trend in self.trends}
        rows = []
        for label, attribute in (
            (_("Improved"), "improved"),
            (_("Unchanged"), "unchanged"),
            (_("Declined"), "declined"),
        ):
            values = [
                getattr(by_second[info.number], attribute) if info.number in by_second else None
                for info in self.rounds
            ]
            rows.append((label, values))
        return rows


SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}


def _season(day: date) -> str:
    names = {
        "winter": _("winter"),
        "spring": _("spring"),
        "summer": _("summer"),
        "autumn": _("autumn"),
    }
    key = SEASONS.get(day.month) or ("summer" if day.month <= 8 else "autumn")
    year = day.year + 1 if day.month == 12 else day.year
    return f"{names[key]} {year}"


def period_label(dates: list[date]) -> str:
    """'forår 2022' when a round falls in one season, else the first and last month."""
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    if _season(first) == _season(last):
        return _season(first)
    return f"{date_format(first, 'M Y')} – {date_format(last, 'M Y')}"


def _part_bands(scale_code, part):
    """{scale version id: its bands, highest first} of the whole scale, or of the subscale at
    position `part` in each version."""
    if part is None:
        bands = Band.objects.filter(scale__code=scale_code)
        key = "scale_id"
    else:
        bands = SubscaleBand.objects.filter(
            subscale__scale__code=scale_code, subscale__position=part
        ).annotate(version_id=F("subscale__scale_id"))
        key = "version_id"
    by_scale = defaultdict(list)
    for band in bands.order_by("-min_total"):
        by_scale[getattr(band, key)].append(band)
    return by_scale


def build_overview(
    *,
    sites,
    reviews=None,
    scale_code,
    kind=None,
    date_from=None,
    date_to=None,
    part=None,
    part_name="",
) -> Overview:
    """Sites (a queryset) × rounds of finalized reviews on one scale (all its versions).

    `reviews` limits which reviews count (the ones the user may see); all by default. With
    `part` (a subscale's position) the totals and bands are that subscale's in each version.
    """
    site_list = list(
        sites.select_related("cluster").order_by(
            F("cluster__order").asc(nulls_last=True), "cluster__name", "name"
        )
    )
    reviews = reviews if reviews is not None else Review.objects.all()
    reviews = reviews.finalized().filter(site__in=sites, scale__code=scale_code)
    if kind:
        reviews = reviews.filter(kind=kind)
    if date_from:
        reviews = reviews.filter(visit_date__gte=date_from)
    if date_to:
        reviews = reviews.filter(visit_date__lte=date_to)
    counted = Q() if part is None else Q(item_scores__item__subscale__position=part)
    totals = list(
        reviews.values("pk", "site_id", "round", "scale_id", "visit_date").annotate(
            total=Sum("item_scores__score", filter=counted),
            scored=Count("item_scores__score", filter=counted),
            items=Count("item_scores", filter=counted),
        )
    )
    bands_by_scale = _part_bands(scale_code, part)
    reasons = {
        (s.site_id, s.round): s.reason
        for s in SkippedRound.objects.filter(site__in=sites, scale_code=scale_code)
    }

    round_numbers = sorted({t["round"] for t in totals} | {r for _, r in reasons})
    index = {number: i for i, number in enumerate(round_numbers)}
    cells = {site.pk: [Cell() for _ in round_numbers] for site in site_list}
    dates = defaultdict(list)
    for (site_id, number), reason in reasons.items():
        if site_id in cells:
            cells[site_id][index[number]].reason = reason
    for t in totals:
        cell = cells[t["site_id"]][index[t["round"]]]
        cell.review_id = t["pk"]
        cell.complete = is_complete(t["scored"], t["items"])
        cell.total = t["total"]
        if cell.complete:
            try:
                cell.band = band_for_total(bands_by_scale[t["scale_id"]], t["total"])
            except TotalOutOfRange:
                cell.band = None
        dates[t["round"]].append(t["visit_date"])

    legend = bands_by_scale[max(bands_by_scale)] if bands_by_scale else []
    rounds = []
    for number in round_numbers:
        column = [cells[site.pk][index[number]] for site in site_list]
        counts = defaultdict(int)
        for cell in column:
            if cell.band:
                counts[cell.band.label] += 1
        info = RoundInfo(number, period_label(dates[number]))
        info.band_counts = [BandCount(b.label, b.level, counts[b.label]) for b in legend]
        info.measured = sum(1 for cell in column if cell.band)
        rounds.append(info)

    trends = []
    for first, second in pairwise(round_numbers):
        trend = Trend(first, second)
        for site in site_list:
            a, b = cells[site.pk][index[first]], cells[site.pk][index[second]]
            if a.complete and b.complete:
                if b.total > a.total:
                    trend.improved += 1
                elif b.total < a.total:
                    trend.declined += 1
                else:
                    trend.unchanged += 1
        trends.append(trend)

    schedules = site_schedules(site_list)
    today = timezone.localdate()
    groups = {}
    for site in site_list:
        key = site.cluster_id or 0
        if key not in groups:
            name = site.cluster.name if site.cluster else _("Without cluster")
            psychiatry = site.cluster.psychiatry if site.cluster else ""
            groups[key] = Group(name, psychiatry, [])
        overdue = schedules[site.pk].is_overdue(today)
        groups[key].rows.append(Row(site, cells[site.pk], overdue))
    return Overview(scale_code, rounds, list(groups.values()), trends, legend, part_name)
