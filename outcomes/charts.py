"""Outcomes beside fidelity: one chart over time, as plain SVG numbers for an inline SVG.

Two panels share the time axis: above, the fidelity totals over the band zones of the scale;
below, the job-or-education rate of each period with the benchmark lines (31 % minimum,
41 % average, 50 % excellent). Readable without colour: the zones and lines carry text
labels, the totals are circles on a solid line, the rates squares on a dashed line, and
every point has its value written beside it. The page shows the same figures as a table.
"""

from dataclasses import dataclass, field
from datetime import date

from outcomes import rates
from toolkit.charts import FILLS

WIDTH = 760
LEFT, RIGHT = 48, 190
INSET = 24
TOP_Y, TOP_H = 14, 190  # fidelity panel
GAP = 46  # room for the dates under the upper panel
RATE_H = 150
BOTTOM = 36
RATE_MAX = 100
MAX_YEAR_TICKS = 12


@dataclass
class Zone:
    y: float
    height: float
    label: str
    label_y: float
    fill: str


@dataclass
class Mark:
    x: float
    y: float
    value: str
    when: str

    @property
    def value_y(self) -> float:
        return round(self.y - 9, 1)

    @property
    def square(self) -> tuple[float, float]:
        return round(self.x - 4.5, 1), round(self.y - 4.5, 1)


@dataclass
class Line:
    y: float
    label: str


@dataclass
class OutcomeChart:
    zones: list[Zone]
    totals: list[Mark]
    totals_path: str
    total_ticks: list[tuple[float, int]]
    rates: list[Mark]
    rates_path: str
    benchmarks: list[Line]
    rate_ticks: list[tuple[float, int]]
    rate_top: int
    years: list[tuple[float, int]] = field(default_factory=list)
    scale_label: str = ""
    width: int = WIDTH
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    top_y: int = TOP_Y
    top_bottom: int = TOP_Y + TOP_H

    @property
    def has_totals(self) -> bool:
        return bool(self.totals)

    @property
    def rate_bottom(self) -> int:
        return self.rate_top + RATE_H

    @property
    def height(self) -> int:
        return self.rate_bottom + BOTTOM

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def label_x(self) -> int:
        return self.plot_right + 6

    @property
    def tick_x(self) -> int:
        return self.plot_left - 6

    @property
    def year_y(self) -> int:
        return self.rate_bottom + 18

    @property
    def top_date_y(self) -> int:
        return self.top_bottom + 16


def _path(marks) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{m.x},{m.y}" for i, m in enumerate(marks))


def outcome_chart(*, reviews, periods, bands, lowest, highest, scale_label="") -> OutcomeChart:
    """`reviews`: (visit date, total) oldest first; `periods`: OutcomePeriod oldest first;
    `bands`: objects with min_total, max_total, label, level. Without reviews the chart is
    the rate panel alone."""
    rate_top = TOP_Y + TOP_H + GAP if reviews else TOP_Y + 14
    days = [day for day, _ in reviews] + [period.end for period in periods]
    first = min(days, default=date.today()).toordinal()
    last = max(days, default=date.today()).toordinal()
    inner = WIDTH - LEFT - RIGHT - 2 * INSET

    def x_of(day: date) -> float:
        if last == first:
            return round(LEFT + INSET + inner / 2, 1)
        return round(LEFT + INSET + inner * (day.toordinal() - first) / (last - first), 1)

    span = max(highest - lowest, 1)

    def total_y(total) -> float:
        return round(TOP_Y + TOP_H * (highest - total) / span, 1)

    def rate_y(percent) -> float:
        return round(rate_top + RATE_H * (RATE_MAX - percent) / RATE_MAX, 1)

    zones = []
    for band in bands if reviews else []:
        top = total_y(min(band.max_total + 0.5, highest))
        bottom = total_y(max(band.min_total - 0.5, lowest))
        middle = round((top + bottom) / 2 + 4, 1)
        zones.append(
            Zone(top, round(bottom - top, 1), band.label, middle, FILLS.get(band.level, "#eee"))
        )
    totals = [
        Mark(x_of(day), total_y(total), str(total), f"{day:%d.%m.%Y}") for day, total in reviews
    ]
    rate_marks = []
    for period in periods:
        value = rates.HEADLINE.value(period)
        if value is not None:
            percent = rates.percent_of(value)
            rate_marks.append(
                Mark(x_of(period.end), rate_y(percent), f"{percent} %", str(period.label))
            )
    step = max(5, (span // 5 // 5) * 5)
    total_ticks = [(total_y(v), v) for v in range(lowest, highest + 1, step)] if reviews else []
    if total_ticks and total_ticks[-1][1] != highest:
        total_ticks.append((total_y(highest), highest))
    first_year, last_year = date.fromordinal(first).year, date.fromordinal(last).year
    # A year tick for each year, or every n-th year over a long span: an odd stored date
    # must not draw thousands of ticks.
    step = max(1, -(-(last_year - first_year + 1) // MAX_YEAR_TICKS))
    years = [
        (x_of(date(year, 1, 1)), year)
        for year in range(first_year, last_year + 1, step)
        if first <= date(year, 1, 1).toordinal() <= last
    ]
    return OutcomeChart(
        zones=zones,
        totals=totals,
        totals_path=_path(totals),
        total_ticks=total_ticks,
        rates=rate_marks,
        rates_path=_path(rate_marks),
        benchmarks=[Line(rate_y(value), f"{value} % {label}") for value, label in rates.BENCHMARKS],
        rate_ticks=[(rate_y(v), v) for v in (0, 25, 50, 75, 100)],
        rate_top=rate_top,
        years=years,
        scale_label=scale_label,
    )
