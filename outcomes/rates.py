"""The outcome rates: each computed from a period's counts by one formula, written once here.

The help page (`/resultater/beregning/`) and the README list these same formulas; the page
builds its text from `FORMULAS`, so what it says is what the code computes. A rate is empty
(None) when a count it needs is not reported or its denominator is 0; nothing is guessed.

Works on anything with the count attributes of `outcomes.models.OutcomePeriod`, so it is
tested without the database.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

RESULTS = ("closed_ordinary_job", "closed_flexjob", "closed_education")
# Benchmark lines of the international IPS programmes (IPS Employment Center, IPS Grow):
# quarterly employment rate, minimum / average / excellent.
BENCHMARKS = ((31, _("minimum")), (41, _("average")), (50, _("excellent")))


def closed_other(period) -> int | None:
    """Closed courses that ended otherwise: closed courses − ordinary job − flexjob − education."""
    counts = [getattr(period, name) for name in ("closed_courses", *RESULTS)]
    if any(count is None for count in counts):
        return None
    return counts[0] - sum(counts[1:])


@dataclass(frozen=True)
class Formula:
    """numerator ÷ denominator; the numerator is the sum of its terms."""

    key: str
    label: Promise
    numerator: tuple[str, ...]
    denominator: str
    percent: bool = True

    def value(self, period) -> Decimal | None:
        terms = [_count(period, name) for name in self.numerator]
        below = _count(period, self.denominator)
        if any(term is None for term in terms) or not below:
            return None
        return Decimal(sum(terms)) / Decimal(below)

    def display(self, period) -> str:
        """'56 %' for a share, '15,0' for a ratio, '–' when it cannot be computed."""
        return format_value(self.value(period), percent=self.percent)

    def text(self, verbose_names) -> str:
        """The formula in words, e.g. '(closed: ordinary job + …) ÷ closed courses'."""
        terms = " + ".join(str(verbose_names[name]) for name in self.numerator)
        if len(self.numerator) > 1:
            terms = f"({terms})"
        below = str(verbose_names[self.denominator])
        suffix = " × 100 %" if self.percent else ""
        return f"{terms} ÷ {below}{suffix}"


def _count(period, name):
    if name == "closed_other":
        return closed_other(period)
    value = getattr(period, name)
    return None if value is None else Decimal(value)


FORMULAS = {
    formula.key: formula
    for formula in (
        Formula(
            "job_or_education",
            _("Job or education rate (closed courses)"),
            RESULTS,
            "closed_courses",
        ),
        Formula(
            "ordinary_job", _("Share ending in an ordinary job"), RESULTS[:1], "closed_courses"
        ),
        Formula("flexjob", _("Share ending in a flexjob"), RESULTS[1:2], "closed_courses"),
        Formula("education", _("Share ending in education"), RESULTS[2:], "closed_courses"),
        Formula("other", _("Share ending otherwise"), ("closed_other",), "closed_courses"),
        Formula(
            "in_job_now",
            _("Candidates in a course who are in job or education"),
            ("in_job_or_education",),
            "candidates_in_course",
        ),
        Formula(
            "candidates_vs_target",
            _("Candidates in a course against the target"),
            ("candidates_in_course",),
            "target_candidates",
        ),
        Formula(
            "in_job_vs_target",
            _("Candidates in job or education against the target"),
            ("in_job_or_education",),
            "target_in_job_or_education",
        ),
        Formula(
            "caseload_per_fte",
            _("Candidates per full-time IPS staff member"),
            ("candidates_in_course",),
            "staff_fte",
            percent=False,
        ),
    )
}
# The rate drawn beside fidelity on the site page.
HEADLINE = FORMULAS["job_or_education"]


def format_value(value: Decimal | None, *, percent: bool) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{percent_of(value)} %"
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}".replace(".", ",")


def percent_of(value: Decimal) -> int:
    """A share as a whole percent, halves rounded up (69/124 = 55.6 % → 56 %)."""
    return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def count_errors(period) -> dict[str, list[str]]:
    """The counts that contradict each other, by field, in words (the friendly form of the
    model's check constraints)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if period.start and period.end and period.end < period.start:
        add("end", gettext("The period cannot end before it starts."))
    closed = period.closed_courses
    given = [(name, getattr(period, name)) for name in RESULTS]
    if closed is not None:
        for name, count in given:
            if count is not None and count > closed:
                message = gettext("Cannot be more than the closed courses (%(n)s).")
                add(name, message % {"n": closed})
        # The results that are given, together (an empty one counts as none); one alone is
        # checked above.
        counts = [count for _, count in given if count is not None]
        total = sum(counts)
        if len(counts) > 1 and total > closed:
            add(
                "closed_courses",
                gettext(
                    "The closed courses (%(n)s) must be at least the ordinary jobs, flexjobs and "
                    "educations together (%(sum)s)."
                )
                % {"n": closed, "sum": total},
            )
    if (
        period.in_job_or_education is not None
        and period.candidates_in_course is not None
        and period.in_job_or_education > period.candidates_in_course
    ):
        add(
            "in_job_or_education",
            gettext("Cannot be more than the candidates in a course (%(n)s).")
            % {"n": period.candidates_in_course},
        )
    if period.staff_fte is not None:
        if period.staff_fte < 0:
            add("staff_fte", gettext("Cannot be negative."))
        elif period.staff_people is not None and period.staff_fte > period.staff_people:
            add(
                "staff_fte",
                gettext("The full-time equivalents cannot be more than the people (%(n)s).")
                % {"n": period.staff_people},
            )
    if period.target_rate is not None and period.target_rate > 100:
        add("target_rate", gettext("A share cannot be more than 100 %."))
    return errors
