"""When each site is due for its next review.

By default 6 months after the last day of the visit of its latest finalized review when that
review's total fell below the "Good" band, 12 months otherwise; a reviewer or an
administrator may move the date with a reason (ScheduleChange), which holds until the
site's next review is finalized. Derived, never stored, so it cannot drift from the reviews.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from followup.models import ScheduleChange
from reviews import lifecycle
from reviews.access import visible_reviews, visible_sites
from reviews.models import Review
from scales.models import Band
from sites.models import Site
from toolkit import dates

MONTHS_BELOW_GOOD = 6
MONTHS_OTHERWISE = 12
BELOW_GOOD = frozenset({Band.Level.FAIR, Band.Level.NOT_IPS})
# "Kommende reviews" lists the sites due within this many days, and those overdue.
UPCOMING_DAYS = 90


def default_next_review(review) -> datetime.date:
    """From a finalized review read with `with_totals()` and its scale's bands."""
    band = review.total_band
    months = (
        MONTHS_BELOW_GOOD if band is not None and band.level in BELOW_GOOD else MONTHS_OTHERWISE
    )
    return dates.add_months(review.visit_end_date or review.visit_date, months)


@dataclass
class Schedule:
    site: object
    last_review: object  # the latest finalized review, or None
    change: object  # the ScheduleChange in force, or None
    next_date: datetime.date | None

    def is_overdue(self, today) -> bool:
        return self.next_date is not None and self.next_date < today

    def is_due(self, today) -> bool:
        """The date has come (today or before)."""
        return self.next_date is not None and self.next_date <= today

    def is_upcoming(self, today) -> bool:
        return self.next_date is not None and self.next_date <= dates.add_days(today, UPCOMING_DAYS)

    @property
    def is_overdue_today(self) -> bool:
        return self.is_overdue(timezone.localdate())

    @property
    def band(self):
        return self.last_review.total_band if self.last_review else None


def site_schedules(sites) -> dict[int, Schedule]:
    """Each site's schedule by site id, in three queries whatever the number of sites:
    the finalized reviews with their totals, their scales' bands, the changes."""
    sites = list(sites)
    ids = [site.pk for site in sites]
    latest = {}
    reviews = (
        Review.objects.finalized()
        .filter(site__in=ids)
        .with_totals()
        .select_related("scale")
        .prefetch_related(Prefetch("scale__bands", queryset=Band.objects.all()))
        .order_by("site", "-visit_date", "-finalized_at", "-pk")
    )
    for review in reviews:
        latest.setdefault(review.site_id, review)
    changes = {}
    for change in ScheduleChange.objects.filter(site__in=ids).order_by("-changed_at", "-pk"):
        changes.setdefault(change.site_id, change)
    schedules = {}
    for site in sites:
        review, change = latest.get(site.pk), changes.get(site.pk)
        if change is not None and review is not None and change.changed_at < review.finalized_at:
            change = None  # a review finalized since then sets the date again
        if change is not None:
            next_date = change.date
        elif review is not None:
            next_date = default_next_review(review)
        else:
            next_date = None
        schedules[site.pk] = Schedule(site, review, change, next_date)
    return schedules


def site_schedule(site) -> Schedule:
    return site_schedules([site])[site.pk]


def upcoming_schedules(user, today) -> list[Schedule]:
    """The sites the person sees that are due within UPCOMING_DAYS or overdue, soonest first,
    each with `planned`: a draft of its next review the person may see, or None (5 queries).
    Kommende reviews lists them; the administrators' start page shows them."""
    sites = visible_sites(user, Site.objects.active().select_related("region"))
    schedules = [s for s in site_schedules(sites).values() if s.is_upcoming(today)]
    schedules.sort(key=lambda s: (s.next_date, s.site.name))
    drafts = (
        visible_reviews(user)
        .filter(site__in=[s.site.pk for s in schedules])
        .in_stage(lifecycle.DRAFT)
        .order_by("visit_date")
    )
    planned = {}
    for draft in drafts:
        planned.setdefault(draft.site_id, draft)
    for schedule in schedules:
        schedule.planned = planned.get(schedule.site.pk)
    return schedules
