from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outcomes import rates
from sites.models import Site
from toolkit import dates
from toolkit.versioning import version_field


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter (1–4)."""
    start = date(year, 3 * quarter - 2, 1)
    if quarter == 4:
        return start, date(year, 12, 31)
    return start, date.fromordinal(date(year, 3 * quarter + 1, 1).toordinal() - 1)


def count_field(verbose_name, help_text=""):
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, help_text=help_text)


class OutcomePeriodQuerySet(models.QuerySet):
    def for_sites(self, sites):
        return self.filter(site__in=sites)


class OutcomePeriod(models.Model):
    """A site's results over one period: a calendar quarter or any dated period.

    Every count may be left empty (not reported); a rate whose counts are missing is not
    shown. The rates themselves are never stored: `outcomes.rates` computes them.
    """

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="outcome_periods", verbose_name=_("site")
    )
    start = models.DateField(_("from"), validators=[dates.PERIOD])
    end = models.DateField(_("to"), validators=[dates.PERIOD])
    candidates_in_course = count_field(
        _("candidates in a course"), _("IPS candidates in a course at the end of the period.")
    )
    new_candidates = count_field(_("new candidates"), _("Candidates who started in the period."))
    closed_courses = count_field(_("closed courses"), _("Courses that ended in the period."))
    closed_ordinary_job = count_field(
        _("closed: ordinary job"), _("Closed courses that ended in an ordinary job.")
    )
    closed_flexjob = count_field(_("closed: flexjob"), _("Closed courses that ended in a flexjob."))
    closed_education = count_field(
        _("closed: education"), _("Closed courses that ended in education.")
    )
    in_job_or_education = count_field(
        _("candidates in job or education"),
        _("Candidates in a course who are in a job or in education at the end of the period."),
    )
    days_to_job_or_education = count_field(
        _("days to job or education"),
        _("Average days from the start of a course to a job or education."),
    )
    staff_people = count_field(_("IPS staff (people)"))
    staff_fte = models.DecimalField(
        _("IPS staff (full-time equivalents)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    target_candidates = count_field(
        _("target: candidates in a course"), _("The agreed number of candidates in a course.")
    )
    target_in_job_or_education = count_field(
        _("target: candidates in job or education"),
        _("The agreed number of candidates in job or education."),
    )
    target_rate = models.PositiveSmallIntegerField(
        _("target: job or education rate (%)"),
        null=True,
        blank=True,
        help_text=_("The agreed share of closed courses ending in a job or education."),
    )
    target_staff = count_field(
        _("target: IPS staff (people)"), _("The agreed minimum number of IPS staff.")
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figures come from, e.g. the jobcenter's quarterly statement."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    version = version_field()

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])
    objects = OutcomePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome period")
        verbose_name_plural = _("outcome periods")
        ordering = ["site", "end", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "start", "end"], name="outcomes_period_unique_dates"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="outcomes_period_end_after_start"
            ),
            # An empty count makes a comparison empty (NULL), which a check constraint lets
            # through: a rule holds between the counts that are given. The results that are
            # given together cannot exceed the closed courses (an empty one counts as none).
            models.CheckConstraint(
                condition=Q(
                    closed_courses__gte=Coalesce("closed_ordinary_job", Value(0))
                    + Coalesce("closed_flexjob", Value(0))
                    + Coalesce("closed_education", Value(0))
                ),
                name="outcomes_period_given_results_within_closed",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__lte": F("closed_courses")}),
                    name=f"outcomes_period_{field}_within_closed",
                )
                for field in ("closed_ordinary_job", "closed_flexjob", "closed_education")
            ],
            models.CheckConstraint(
                condition=Q(in_job_or_education__lte=F("candidates_in_course")),
                name="outcomes_period_employed_within_course",
            ),
            models.CheckConstraint(
                condition=Q(staff_fte__gte=0, staff_fte__lte=F("staff_people")),
                name="outcomes_period_fte_within_people",
            ),
            models.CheckConstraint(
                condition=Q(target_rate__lte=100),
                name="outcomes_period_target_rate_lte_100",
            ),
        ]

    def __str__(self):
        return f"{self.site}: {self.label}"

    @property
    def quarter(self) -> tuple[int, int] | None:
        """(year, quarter) when the period is exactly one calendar quarter."""
        if self.start.day != 1 or self.start.month % 3 != 1:
            return None
        quarter = (self.start.month + 2) // 3
        if quarter_bounds(self.start.year, quarter) != (self.start, self.end):
            return None
        return self.start.year, quarter

    @property
    def label(self) -> str:
        """'2. kvartal 2024' for a quarter, '1.1.2020–31.12.2020' for any other period."""
        if self.quarter:
            year, quarter = self.quarter
            return gettext("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
        return f"{date_format(self.start, 'j.n.Y')}–{date_format(self.end, 'j.n.Y')}"

    @property
    def closed_other(self) -> int | None:
        """Closed courses that ended otherwise: the closed courses not in the three results."""
        return rates.closed_other(self)

    def rate(self, key: str):
        return rates.FORMULAS[key].value(self)

    def clean(self):
        errors = rates.count_errors(self)
        if (
            self.site_id
            and self.start
            and self.end
            and OutcomePeriod.objects.filter(site_id=self.site_id, start=self.start, end=self.end)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors.setdefault("start", []).append(
                gettext("The site already has figures for this period.")
            )
        if errors:
            raise ValidationError(errors)
