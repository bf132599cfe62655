"""Dates within the domain's range, and date arithmetic that never fails.

Every date a person types goes through one of the windows below (forms, autosave, CSV import,
the admin site, commands), with a Danish message; and every date the app computes from a stored
one (the next review, due notices) is total — an odd stored value gives an odd date, never an
exception — so one implausible value can never take down a shared page or the daily job.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# IPS fidelity reviews in Denmark start with the IPS-15 scale of 2003; nothing the app keeps
# (visits, outcome periods, actions) lies before this.
EARLIEST = datetime.date(2000, 1, 1)


def add_days(day: datetime.date, days: int) -> datetime.date:
    """`day` plus `days`, held within the calendar (date.min … date.max)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day if it has fewer), held within the
    calendar."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > datetime.MAXYEAR:
        return datetime.date.max
    if year < datetime.MINYEAR:
        return datetime.date.min
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@deconstructible
class DateWindow:
    """A validator: the date lies between EARLIEST (or `earliest`) and `years_ahead` years
    after today."""

    def __init__(self, years_ahead: int, earliest: datetime.date = EARLIEST):
        self.years_ahead = years_ahead
        self.earliest = earliest

    def latest(self) -> datetime.date:
        return add_months(timezone.localdate(), 12 * self.years_ahead)

    def __call__(self, value):
        if not isinstance(value, datetime.date):
            return
        if isinstance(value, datetime.datetime):
            value = value.date()
        latest = self.latest()
        if not self.earliest <= value <= latest:
            raise ValidationError(
                _("Choose a date from %(earliest)s to %(latest)s.")
                % {
                    "earliest": date_format(self.earliest, "j. F Y"),
                    "latest": date_format(latest, "j. F Y"),
                },
                code="date_window",
            )

    def __eq__(self, other):
        return isinstance(other, DateWindow) and (self.years_ahead, self.earliest) == (
            other.years_ahead,
            other.earliest,
        )


# The windows of the app's dates (a planned visit or action may lie ahead; a report is not
# written a lifetime ahead).
VISIT = DateWindow(years_ahead=3)
PLANNED = DateWindow(years_ahead=10)
PERIOD = DateWindow(years_ahead=3)
