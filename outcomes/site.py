"""What the site page shows of a site's outcomes: the chart beside fidelity and the tables."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst

from outcomes import rates
from outcomes.charts import OutcomeChart, outcome_chart
from outcomes.models import OutcomePeriod
from scales.scoring import total_range

# The counts in the site page's table, in order; the rates follow them.
COUNTS = [
    "candidates_in_course",
    "target_candidates",
    "new_candidates",
    "in_job_or_education",
    "target_in_job_or_education",
    "closed_courses",
    "closed_ordinary_job",
    "closed_flexjob",
    "closed_education",
    "closed_other",
    "days_to_job_or_education",
    "staff_people",
    "staff_fte",
    "target_staff",
    "target_rate",
]
RATES = [
    "job_or_education",
    "in_job_now",
    "candidates_vs_target",
    "in_job_vs_target",
    "caseload_per_fte",
]


def verbose_names() -> dict:
    from django.utils.translation import gettext_lazy as _

    names = {f.name: f.verbose_name for f in OutcomePeriod._meta.fields}
    names["closed_other"] = _("closed: otherwise")
    return names


def shown(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    return str(value).replace(".", ",")


@dataclass
class Measure:
    label: str
    values: list[str]


@dataclass
class Event:
    """A row of the chart's text alternative, in time order."""

    when: object
    label: str
    total: str = ""
    band: str = ""
    rate: str = ""


@dataclass
class SiteOutcomes:
    periods: list
    chart: OutcomeChart | None
    measures: list[Measure]
    events: list[Event]


def site_outcomes(*, site, finalized) -> SiteOutcomes:
    """`finalized`: the site's finalized, complete reviews the user may see, oldest first,
    annotated with `score_total` and `band` (as the site page has them). One query."""
    periods = list(OutcomePeriod.objects.filter(site=site).order_by("end", "start"))
    names = verbose_names()
    measures = [
        Measure(capfirst(str(names[name])), [shown(getattr(p, name)) for p in periods])
        for name in COUNTS
    ]
    measures += [
        Measure(str(rates.FORMULAS[key].label), [rates.FORMULAS[key].display(p) for p in periods])
        for key in RATES
    ]
    # The fidelity panel shows the scale of the latest review (a site rarely changes scale).
    code = finalized[-1].scale.code if finalized else None
    on_scale = [r for r in finalized if r.scale.code == code]
    events = [
        Event(
            r.visit_date,
            f"{r.visit_date:%d.%m.%Y}",
            str(r.score_total),
            r.total_band.label if r.total_band else "",
        )
        for r in on_scale
    ]
    events += [Event(p.end, str(p.label), rate=rates.HEADLINE.display(p)) for p in periods]
    chart = None
    if periods:
        latest = on_scale[-1] if on_scale else None
        lowest, highest = total_range(latest.item_count) if latest else (0, 0)
        chart = outcome_chart(
            reviews=[(r.visit_date, r.score_total) for r in on_scale],
            periods=periods,
            bands=list(latest.scale.bands.all()) if latest else [],
            lowest=lowest,
            highest=highest,
            scale_label=latest.scale.label if latest else "",
        )
    events.sort(key=lambda event: event.when)
    return SiteOutcomes(periods, chart, measures, events)
