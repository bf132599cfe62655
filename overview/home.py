"""The start page: for each role the person has, what waits for them and a link straight to it.

A reviewer's reviews grouped by their next step (their own rating, the others' ratings, the
consensus, the høring, finalizing); a leader's sites with their latest report, an open høring,
actions falling due and outcome figures to enter; an administrator's sites due for their next
review and invitations nobody has accepted. Each part costs a fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation
from accounts.rules import user_access
from followup.models import Action
from followup.schedule import upcoming_schedules
from outcomes.models import OutcomePeriod
from reports.models import FinalReport
from reviews import guidance, lifecycle
from reviews.access import (
    coordinated_region_ids,
    led_site_ids,
    review_access,
    visible_reviews,
)
from reviews.models import Review, ReviewReviewer
from sites.models import Region, Site
from toolkit import dates

ACTIONS_AHEAD_DAYS = 30
# Outcome figures are reported per quarter: a site whose last period ended longer ago than this
# is reminded to enter the next one.
OUTCOMES_DUE_AFTER_DAYS = 120


@dataclass
class Step:
    """A review waiting for the person, the step it waits for, and where that step is done."""

    review: Review
    label: str
    href: str
    detail: str = ""


@dataclass
class StepGroup:
    key: str
    title: str
    steps: list = field(default_factory=list)


def reviewer_steps(user) -> list[StepGroup]:
    """The drafts the person reviews, grouped by the next step each waits for, as the review
    page names it (reviews.guidance.next_step), in a fixed number of queries."""
    groups = {
        "moderate": StepGroup("moderate", _("To moderate")),
        "rate": StepGroup("rate", _("Your own rating")),
        "others": StepGroup("others", _("Waiting for the other reviewers")),
        "agree": StepGroup("agree", _("Consensus")),
        "score": StepGroup("score", _("Scoring")),
        "moderation": StepGroup("moderation", _("Moderation")),
        "hearing": StepGroup("hearing", _("Out for comments")),
        "finalize": StepGroup("finalize", _("Ready to finalize")),
    }
    mine = ReviewReviewer.objects.filter(user=user).values("review")
    # The drafts the person is on, and those waiting for them to moderate.
    moderating = Q(moderator=user) & lifecycle.MODERATION_PENDING.q()
    reviews = (
        Review.objects.filter(Q(pk__in=mine) | moderating)
        .in_stage(lifecycle.DRAFT)
        .with_totals()
        .select_related("site__region", "scale", "moderator")
        .prefetch_related("reviewer_links", "item_scores__item", lifecycle.open_hearings_prefetch())
        .order_by("visit_date", "site__name")
    )
    for review in reviews:
        link = next((link for link in review.reviewer_links.all() if link.user_id == user.pk), None)
        step = guidance.next_step(review, review_access(user, review), link)
        key, label, href = HOME_GROUP.get(step.key, step.key), step.label, step.href
        detail = ""
        if key in ("agree", "score"):
            detail = _("%(scored)s of %(count)s items have an agreed score") % {
                "scored": review.scored_count,
                "count": review.item_count,
            }
        elif key == "moderation" and review.moderation == review.Moderation.PENDING:
            who = review.moderator.get_full_name() or review.moderator.get_username()
            detail = _("Waiting for %(name)s") % {"name": who}
        elif key == "hearing":
            hearing = lifecycle.open_hearing(review)
            detail = _("Comments until %(date)s") % {"date": hearing.deadline.strftime("%d.%m.%Y")}
        groups[key].steps.append(Step(review, label, href, detail))
    return [group for group in groups.values() if group.steps]


# The review page's next step (reviews.guidance) is the start page's: only "write the
# summary" stands in the scoring group here.
HOME_GROUP = {"summary": "score"}


@dataclass
class LedSite:
    site: Site
    report: FinalReport | None = None  # the latest finalized review's stored report
    report_review: Review | None = None
    hearing_review: Review | None = None  # a draft out for comments
    planned: list = field(default_factory=list)  # drafts: what to have ready for the visit
    actions_due: list = field(default_factory=list)
    last_period_end: datetime.date | None = None
    outcomes_due: bool = False


def leader_sites(user, today=None) -> list[LedSite]:
    """The sites the person leads, each with what waits there (6 queries)."""
    today = today or timezone.localdate()
    sites = list(Site.objects.filter(pk__in=led_site_ids(user)).order_by("name"))
    if not sites:
        return []
    entries = {site.pk: LedSite(site) for site in sites}
    finalized = (
        Review.objects.in_stage(lifecycle.FINALIZED)
        .filter(site__in=sites)
        .with_totals()
        .select_related("scale")
        .prefetch_related("scale__bands")
        .order_by("site", "-visit_date", "-finalized_at", "-pk")
    )
    for review in finalized:
        if entries[review.site_id].report_review is None:
            entries[review.site_id].report_review = review
    latest_reviews = [e.report_review for e in entries.values() if e.report_review]
    reports = (
        FinalReport.objects.filter(review__in=latest_reviews)
        .select_related("review")
        .defer("pdf")
        .order_by("created_at", "pk")
    )
    for report in reports:
        entries[report.review.site_id].report = report  # the newest stays
    drafts = (
        Review.objects.in_stage(lifecycle.DRAFT)
        .filter(site__in=sites)
        .select_related("scale")
        .prefetch_related(lifecycle.open_hearings_prefetch())
        .order_by("visit_date")
    )
    for review in drafts:
        entry = entries[review.site_id]
        if lifecycle.OUT_FOR_COMMENTS.holds(review):
            entry.hearing_review = review
        entry.planned.append(review)
    for action in (
        Action.objects.open()
        .filter(review__site__in=sites, review__status=Review.Status.FINALIZED)
        .filter(due_date__lte=dates.add_days(today, ACTIONS_AHEAD_DAYS))
        .select_related("review")
        .order_by("due_date")
    ):
        entries[action.review.site_id].actions_due.append(action)
    ends = dict(
        OutcomePeriod.objects.filter(site__in=sites)
        .values("site")
        .annotate(end=Max("end"))
        .values_list("site", "end")
    )
    for entry in entries.values():
        entry.last_period_end = ends.get(entry.site.pk)
        entry.outcomes_due = entry.last_period_end is None or entry.last_period_end < (
            dates.add_days(today, -OUTCOMES_DUE_AFTER_DAYS)
        )
    return list(entries.values())


@dataclass
class AdminHome:
    due: list  # site schedules due within three months or overdue
    invitations: list  # people invited who have not chosen a password


def admin_home(user, today=None) -> AdminHome:
    today = today or timezone.localdate()
    due = upcoming_schedules(user, today)
    invitations = (
        Invitation.objects.filter(accepted_at__isnull=True, user__is_active=True)
        .select_related("user", "invited_by")
        .order_by("-sent_at")
    )
    waiting = [i for i in invitations if not i.user.has_usable_password()]
    latest = {}
    for invitation in waiting:
        latest.setdefault(invitation.user_id, invitation)
    return AdminHome(due, list(latest.values()))


@dataclass
class FollowerHome:
    regions: list  # the regions a coordinator follows (empty for the national reader)
    reports: list  # the latest finalized reviews the person may read, newest first
    due: list  # site schedules due within three months or overdue (coordinators)


def follower_home(user, today=None, *, latest=10) -> FollowerHome:
    """The start page of a regional coordinator or the national reader."""
    today = today or timezone.localdate()
    regions = list(Region.objects.filter(pk__in=coordinated_region_ids(user)).order_by("name"))
    reports = list(
        visible_reviews(user, Review.objects.in_stage(lifecycle.FINALIZED))
        .with_totals()
        .select_related("site__region", "scale")
        .prefetch_related("scale__bands")
        .order_by("-finalized_at", "-pk")[:latest]
    )
    due = upcoming_schedules(user, today) if user_access(user).can_see_upcoming_reviews else []
    return FollowerHome(regions, reports, due)
