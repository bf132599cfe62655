"""The latest outcome figures a review's report prints beside its fidelity, when there are any."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from outcomes import rates
from outcomes.models import OutcomePeriod
from outcomes.site import shown


@dataclass
class ReportOutcomes:
    period: OutcomePeriod
    lines: list[tuple[str, str]]


def _with_target(value, target) -> str:
    if target is None:
        return shown(value)
    return _("%(value)s (target %(target)s)") % {"value": shown(value), "target": target}


def report_outcomes(review) -> ReportOutcomes | None:
    """The site's latest period that ended by the last day of the visit, so the report shows
    what was known at the review (one query); None when the site has none."""
    last_day = review.visit_end_date or review.visit_date
    period = (
        OutcomePeriod.objects.filter(site_id=review.site_id, end__lte=last_day)
        .order_by("-end", "-start")
        .first()
    )
    if period is None:
        return None
    names = {f.name: f.verbose_name for f in OutcomePeriod._meta.fields}
    candidates = [
        (
            rates.HEADLINE.label,
            _with_target(
                rates.HEADLINE.display(period),
                None if period.target_rate is None else f"{period.target_rate} %",
            ),
            rates.HEADLINE.value(period) is not None,
        ),
        (
            names["closed_courses"],
            shown(period.closed_courses),
            period.closed_courses is not None,
        ),
        (
            names["candidates_in_course"],
            _with_target(period.candidates_in_course, period.target_candidates),
            period.candidates_in_course is not None,
        ),
        (
            names["in_job_or_education"],
            _with_target(period.in_job_or_education, period.target_in_job_or_education),
            period.in_job_or_education is not None,
        ),
        (
            names["days_to_job_or_education"],
            shown(period.days_to_job_or_education),
            period.days_to_job_or_education is not None,
        ),
        (names["staff_people"], shown(period.staff_people), period.staff_people is not None),
        (names["staff_fte"], shown(period.staff_fte), period.staff_fte is not None),
    ]
    lines = [(str(label), value) for label, value, given in candidates if given]
    return ReportOutcomes(period, lines) if lines else None
