"""A small chart of totals over time with the band zones behind it, as plain SVG numbers.

The template draws it as inline SVG, so it needs no JavaScript and prints in PDFs too.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 680, 260
INSET = 24  # keeps the first and last point off the axes
# The same fills as the overview cells (static/css/bands.css), as attributes so the SVG
# looks the same on screen, in print and in a PDF.
FILLS = {"exemplary": "#b9e3c8", "good": "#d3eedc", "fair": "#fde9b5", "not_ips": "#f6cfcb"}
LEFT, RIGHT, TOP, BOTTOM = 44, 190, 12, 34


@dataclass
class Zone:
    y: float
    height: float
    label: str
    level: str
    label_y: float
    fill: str


@dataclass
class Point:
    x: float
    y: float
    total: int
    label: str
    band: str

    @property
    def value_y(self) -> float:
        return round(self.y - 9, 1)


@dataclass
class Chart:
    width: int
    height: int
    zones: list[Zone]
    points: list[Point]
    path: str
    ticks: list[tuple[float, int]]
    plot_left: int
    plot_right: int
    plot_bottom: int

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def zone_label_x(self) -> int:
        return self.plot_right + 6

    @property
    def tick_x(self) -> int:
        return self.plot_left - 6

    @property
    def date_y(self) -> int:
        return self.plot_bottom + 18


def totals_chart(points, bands, lowest, highest) -> Chart:
    """`points`: (date, total, band label) oldest first; `bands`: objects with min/max/label."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = max(highest - lowest, 1)

    def y_of(total):
        return TOP + plot_h * (highest - total) / span

    zones = []
    for band in bands:
        # Half a point either side, so neighbouring bands meet without a gap.
        top = y_of(min(band.max_total + 0.5, highest))
        bottom = y_of(max(band.min_total - 0.5, lowest))
        zones.append(
            Zone(
                top,
                bottom - top,
                band.label,
                band.level,
                (top + bottom) / 2 + 4,
                FILLS.get(band.level, "#eeeeee"),
            )
        )

    placed = []
    if points:
        first = points[0][0].toordinal()
        days = max(points[-1][0].toordinal() - first, 1)
        for day, total, band in points:
            inner = plot_w - 2 * INSET
            offset = inner / 2 if len(points) == 1 else inner * (day.toordinal() - first) / days
            x = LEFT + INSET + offset
            placed.append(Point(round(x, 1), round(y_of(total), 1), total, f"{day:%d.%m.%Y}", band))
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(placed))
    step = max(5, (span // 5 // 5) * 5)
    ticks = [(round(y_of(v), 1), v) for v in range(lowest, highest + 1, step)]
    if ticks[-1][1] != highest:
        ticks.append((round(y_of(highest), 1), highest))
    return Chart(WIDTH, HEIGHT, zones, placed, path, ticks, LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM)


# The report's profile of item scores: one bar per item, 1–5, grouped by section. Drawn in
# one dark ink with the previous review as hollow rings, so it reads in black and white.
PROFILE_WIDTH, PROFILE_LEFT, PROFILE_RIGHT = 680, 26, 6
PROFILE_TOP, PROFILE_UNIT = 14, 20  # 20 units a score point: 100 for a 5
INK, GRID, RING = "#1b3a5c", "#b9c2cc", "#111111"


@dataclass
class ProfileBar:
    x: float
    width: float
    number: int
    name: str
    score: int | None
    previous: int | None
    y: float
    height: float
    previous_y: float | None
    label_x: float


@dataclass
class ProfileGroup:
    x1: float
    x2: float
    label: str

    @property
    def middle(self) -> float:
        return round((self.x1 + self.x2) / 2, 1)


@dataclass
class ProfileChart:
    width: int
    height: int
    bars: list[ProfileBar]
    groups: list[ProfileGroup]
    grid: list[tuple[float, int]]
    baseline: float
    number_y: float
    group_y: float
    with_previous: bool
    ink: str = INK
    grid_colour: str = GRID
    ring: str = RING

    @property
    def left(self) -> int:
        return PROFILE_LEFT

    @property
    def right(self) -> int:
        return self.width - PROFILE_RIGHT

    @property
    def legend_y(self) -> float:
        return self.group_y + 16


def profile_chart(sections, *, with_previous=False) -> ProfileChart:
    """`sections`: objects with `.section.name`, `.subtotal`, `.maximum`, `.complete` and
    `.rows` (each with `.item.number`, `.row.score`, `.previous`)."""
    rows = [row for section in sections for row in section.rows]
    slot = (PROFILE_WIDTH - PROFILE_LEFT - PROFILE_RIGHT) / max(len(rows), 1)
    baseline = PROFILE_TOP + 5 * PROFILE_UNIT
    bars, groups = [], []
    index = 0
    for section in sections:
        start = PROFILE_LEFT + index * slot
        for row in section.rows:
            x = PROFILE_LEFT + index * slot
            score = row.row.score
            height = (score or 0) * PROFILE_UNIT
            # The previous score's ring sits on its gridline, where a bar of that score ends.
            previous_y = (
                baseline - row.previous * PROFILE_UNIT if row.previous is not None else None
            )
            bars.append(
                ProfileBar(
                    x=round(x + slot * 0.2, 1),
                    width=round(slot * 0.6, 1),
                    number=row.item.number,
                    name=row.item.name,
                    score=score,
                    previous=row.previous,
                    y=round(baseline - height, 1),
                    height=height,
                    previous_y=round(previous_y, 1) if previous_y is not None else None,
                    label_x=round(x + slot / 2, 1),
                )
            )
            index += 1
        subtotal = f"{section.subtotal}/{section.maximum}" if section.complete else "–"
        groups.append(
            ProfileGroup(
                round(start + 2, 1),
                round(PROFILE_LEFT + index * slot - 2, 1),
                f"{section.section.name.upper()} {subtotal}",
            )
        )
    grid = [(baseline - n * PROFILE_UNIT, n) for n in range(1, 6)]
    height = baseline + 44 + (14 if with_previous else 0)
    return ProfileChart(
        width=PROFILE_WIDTH,
        height=int(height),
        bars=bars,
        groups=groups,
        grid=grid,
        baseline=baseline,
        number_y=baseline + 13,
        group_y=baseline + 30,
        with_previous=with_previous,
    )
