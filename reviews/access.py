"""The access policy: who may do what with which review and which site. Nothing else decides.

Every rule is a row of a table: the relations a person may stand in to a review or a site
(administrator, reviewer on the review, its lead reviewer, leader of its site …), each
with the stage of the review's lifecycle it grants the rule in (`reviews.lifecycle`; a site
has no stages). The rules about no particular review or site, by role, are the table's other
half, `accounts.rules`. Views load objects through
`review_for_user(request, pk, need=…)` and `site_for_user(request, pk)`; templates read the
access object's `can_…` fields and the navigation `user_access`; lists and exports filter
with `visible_reviews(user)` and `visible_sites(user)` and ask `review_access` per review.

A relation and a stage are each written once, as a test on one object beside the same as
a filter, so `can_read` for one object and the queryset of readable objects come from the
same row (tests/reviews/test_access_policy.py checks they agree for every person and case).

New rules are new rows here, never checks in a view or template.
Each row needs the field of the same name on its access object; building one fails until
the two match.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import roles
from accounts.rules import user_access
from reviews.lifecycle import (
    AGREED_SCORES_OPEN,
    ALWAYS,
    COMMENTS_OPEN,
    DRAFT,
    FINALIZED,
    MODERATION_OPEN,
    MODERATION_PENDING,
    NOT_OUT_FOR_COMMENTS,
    OUT_FOR_COMMENTS,
    RATED_SEPARATELY,
    RATING,
    RATINGS_REVEALED,
)
from reviews.models import Review, ReviewReviewer
from sites.models import Region, Site


def listed_leader_counts(user) -> bool:
    """Being listed as a site's leader grants something only with the Leader role, so taking
    the role away ends a person's access to the sites they were listed on (and their
    notices). The one place this is written."""
    return roles.is_leader(user)


def site_leaders(site) -> list:
    """The people who lead `site`: listed, with the Leader role (prefetch `leaders` with
    their `groups` for no query per person)."""
    return [user for user in site.leaders.all() if listed_leader_counts(user)]


def led_sites(user) -> list:
    """The sites a person leads (names only), by name; read once per request and cached on
    the user, with `led_site_ids` from the same query (the navigation names them)."""
    if not listed_leader_counts(user):
        return []
    if not hasattr(user, "_led_sites"):
        user._led_sites = list(user.led_sites.only("pk", "name").order_by("name"))
    return user._led_sites


def led_site_ids(user) -> frozenset[int]:
    """The sites a person leads, read once per request and cached on the user."""
    return frozenset(site.pk for site in led_sites(user))


def coordinated_region_ids(user) -> frozenset[int]:
    """The regions a person follows as regional coordinator: listed on the region, with the
    role (taking the role away ends it, as for leaders). Cached on the user."""
    if not roles.is_coordinator(user):
        return frozenset()
    if not hasattr(user, "_coordinated_region_ids"):
        ids = user.coordinated_regions.values_list("pk", flat=True)
        user._coordinated_region_ids = frozenset(ids)
    return user._coordinated_region_ids


def reviewed_site_ids(user) -> frozenset[int]:
    """The sites of the reviews a user is on, read once per request and cached on the user."""
    if not hasattr(user, "_reviewed_site_ids"):
        ids = ReviewReviewer.objects.filter(user=user).values_list("review__site", flat=True)
        user._reviewed_site_ids = frozenset(ids)
    return user._reviewed_site_ids


def reviewed_cluster_ids(user) -> frozenset[int]:
    """The clusters of the sites of the reviews a user is on (cached on the user)."""
    if not hasattr(user, "_reviewed_cluster_ids"):
        sites = Site.objects.filter(pk__in=reviewed_site_ids(user), cluster__isnull=False)
        user._reviewed_cluster_ids = frozenset(sites.values_list("cluster", flat=True))
    return user._reviewed_cluster_ids


def own_link(user, review):
    """The user's place on the review (None if none), from its prefetched `reviewer_links`."""
    return next((r for r in review.reviewer_links.all() if r.user_id == user.pk), None)


def _ids_q(lookup, ids):
    return Q(**{lookup: ids}) if ids else None


@dataclass(frozen=True)
class Relation:
    """How a person stands to a review or a site: a test on one object (`holds(user, obj)`)
    and the objects they stand so to as a filter (`q(user)`; None when there are none)."""

    name: str
    holds: Callable = field(compare=False)
    q: Callable = field(compare=False)

    def __str__(self):
        return self.name


ADMIN = Relation(
    "administrator",
    lambda user, obj: roles.is_admin(user),
    lambda user: Q() if roles.is_admin(user) else None,
)
REVIEWER = Relation(
    "reviewer on the review",
    lambda user, review: own_link(user, review) is not None,
    lambda user: Q(pk__in=ReviewReviewer.objects.filter(user=user).values("review")),
)
LEAD = Relation(
    "lead reviewer",
    lambda user, review: getattr(own_link(user, review), "is_lead", False),
    lambda user: Q(pk__in=ReviewReviewer.objects.filter(user=user, is_lead=True).values("review")),
)
SITE_LEADER = Relation(
    "leader of the review's site",
    lambda user, review: review.site_id in led_site_ids(user),
    lambda user: _ids_q("site__in", led_site_ids(user)),
)
LEADER_OF_SITE = Relation(
    "leader of the site",
    lambda user, site: site.pk in led_site_ids(user),
    lambda user: _ids_q("pk__in", led_site_ids(user)),
)
REVIEWER_OF_SITE = Relation(
    "reviewer on a review of the site",
    lambda user, site: site.pk in reviewed_site_ids(user),
    lambda user: Q(pk__in=ReviewReviewer.objects.filter(user=user).values("review__site")),
)

# A regional reviewer's overview lists every site of the clusters they review in, so a site
# that paused shows with its reason; the reviews of those sites stay hidden (REVIEW_RULES).
REVIEWER_IN_CLUSTER = Relation(
    "reviewer on a review in the site's cluster",
    lambda user, site: (
        site.cluster_id is not None and site.cluster_id in reviewed_cluster_ids(user)
    ),
    # As a subquery, so a list of sites costs no extra query.
    lambda user: Q(
        cluster__in=Site.objects.filter(
            pk__in=ReviewReviewer.objects.filter(user=user).values("review__site"),
            cluster__isnull=False,
        ).values("cluster")
    ),
)

# The reviewer the lead asked to moderate the draft (a trained reviewer not on the review).
MODERATOR = Relation(
    "moderator of the review",
    lambda user, review: review.moderator_id == user.pk and roles.is_reviewer(user),
    lambda user: Q(moderator=user) if roles.is_reviewer(user) else None,
)

# A regional coordinator follows every site of the regions they are listed on.
REGION_COORDINATOR = Relation(
    "coordinator of the review's region",
    lambda user, review: review.site.region_id in coordinated_region_ids(user),
    lambda user: _ids_q("site__region__in", coordinated_region_ids(user)),
)
COORDINATOR_OF_SITE = Relation(
    "coordinator of the site's region",
    lambda user, site: site.region_id in coordinated_region_ids(user),
    lambda user: _ids_q("region__in", coordinated_region_ids(user)),
)
COORDINATOR_OF_REGION = Relation(
    "coordinator of the region",
    lambda user, region: region.pk in coordinated_region_ids(user),
    lambda user: _ids_q("pk__in", coordinated_region_ids(user)),
)
# The national reader follows every region.
NATIONAL_READER = Relation(
    "national reader",
    lambda user, obj: roles.is_national_reader(user),
    lambda user: Q() if roles.is_national_reader(user) else None,
)


# Whoever pools the finalized reviews of every region in their calibration (`accounts.rules`),
# whatever their place on the review: what they may pool is `can_pool_ratings`.
CALIBRATOR = Relation(
    "person who follows the calibration of every region",
    lambda user, review: user_access(user).can_pool_every_region,
    lambda user: Q() if user_access(user).can_pool_every_region else None,
)


# rule: {relation: the stage of the review in which the relation grants the rule}
REVIEW_RULES = {
    # Leaders read a draft (the page and the UDKAST PDF) only while it is out for comments;
    # those who follow regions read the finalized reports, never a draft.
    "can_read": {
        ADMIN: ALWAYS,
        REVIEWER: ALWAYS,
        SITE_LEADER: (FINALIZED | OUT_FOR_COMMENTS).named("finalized or out for comments"),
        REGION_COORDINATOR: FINALIZED,
        NATIONAL_READER: FINALIZED,
        MODERATOR: ALWAYS,
    },
    # The header, evidence, improvement areas and summary.
    "can_edit": {REVIEWER: DRAFT},
    # Open one's own independent rating; change it while the rating stage lasts (and until
    # one marks it done, which the rating itself records).
    "can_see_own_rating": {REVIEWER: RATED_SEPARATELY},
    "can_rate": {REVIEWER: RATING},
    # The consensus page: who is still rating, then the ratings side by side.
    "can_open_consensus": {ADMIN: RATED_SEPARATELY, REVIEWER: RATED_SEPARATELY},
    # The agreed score, remark and recommendation: in the consensus, or directly by a lone
    # reviewer and by whoever enters a review after the fact.
    "can_set_agreed": {REVIEWER: AGREED_SCORES_OPEN},
    # Everyone's ratings side by side and the agreement figures (kappa), once every reviewer
    # is done rating. Never leaders.
    "can_see_ratings": {ADMIN: RATINGS_REVEALED, REVIEWER: RATINGS_REVEALED},
    # The ratings a person's calibration pools: those they may see, and the finalized
    # reviews of others (and those only in a pool of MIN_POOLED or more: analytics.calibration).
    "can_pool_ratings": {
        ADMIN: RATINGS_REVEALED,
        REVIEWER: RATINGS_REVEALED,
        CALIBRATOR: (RATINGS_REVEALED & FINALIZED).named("ratings revealed and finalized"),
        REGION_COORDINATOR: (RATINGS_REVEALED & FINALIZED).named("ratings revealed and finalized"),
    },
    # The previous round's scores, remarks and actions beside each item, for the reviewers'
    # work (leaders read the finished reports instead).
    "can_see_previous_round": {ADMIN: ALWAYS, REVIEWER: ALWAYS},
    # Finalizing issues the report (reports/); reopening is recorded with its reason.
    "can_finalize": {LEAD: DRAFT},
    "can_reopen": {ADMIN: FINALIZED},
    # The change log from the first draft on: every text tried during the consensus. The
    # site's leaders see what happened from the review's first finalization on.
    "can_see_drafting": {ADMIN: ALWAYS, REVIEWER: ALWAYS},
    # The stored reports' history, and rendering an unstyled one again (reports/views.py).
    "can_rerender_report": {ADMIN: FINALIZED},
    # The site's action plan made from a finalized review (followup/): its leaders keep it
    # (their first write right), its reviewers and administrators read it.
    "can_read_action_plan": {
        ADMIN: FINALIZED,
        REVIEWER: FINALIZED,
        SITE_LEADER: FINALIZED,
        REGION_COORDINATOR: FINALIZED,
    },
    "can_keep_action_plan": {SITE_LEADER: FINALIZED},
    # The høring: the lead sends the draft once the agreed scores can be set (and are, the
    # service checks) and closes the round (finalizing closes it too); the site's leaders
    # comment until the deadline; the comments stay with the review.
    "can_send_for_comments": {
        LEAD: (NOT_OUT_FOR_COMMENTS & AGREED_SCORES_OPEN).named(
            "draft, agreed scores open, not out for comments"
        )
    },
    "can_close_hearing": {LEAD: OUT_FOR_COMMENTS},
    "can_comment": {SITE_LEADER: COMMENTS_OPEN},
    # The comments of every høring round, beside each item and on the høring page.
    "can_see_comments": {ADMIN: ALWAYS, REVIEWER: ALWAYS, SITE_LEADER: ALWAYS},
    # What the site should have ready for the visit; the leaders need it before any draft.
    "can_read_information_request": {ADMIN: ALWAYS, REVIEWER: ALWAYS, SITE_LEADER: ALWAYS},
    # The visit (visits/): its plan of sessions and the reviewers' notes tagged to items.
    # Notes are personal data of the visit: the review's reviewers only, never leaders or
    # administrators, written until finalizing and deleted some days after it.
    "can_plan_visit": {REVIEWER: DRAFT},
    "can_read_notes": {REVIEWER: ALWAYS},
    # A copy of the review's working pages (the review, one's own rating, the visit's notes)
    # kept in the reviewer's browser to open without a network (reviews/offline.py): drafts
    # only, so nothing of a finalized review stays on a machine.
    "can_take_offline": {REVIEWER: DRAFT},
    # The visit's programme (its sessions: roles and times, no notes), printed for the site:
    # the site's leaders arrange the visit, as they prepare the information request.
    "can_read_visit_programme": {ADMIN: ALWAYS, REVIEWER: ALWAYS, SITE_LEADER: ALWAYS},
    # A checklist filled in with the review (its own review, printed in this one's report):
    # the lead adds it while the review is a draft.
    "can_attach_checklist": {LEAD: DRAFT},
    # Moderation, where the site's region asks for it (`Region.moderation_required`): the lead
    # asks a reviewer who is not on the review to read the agreed draft; that moderator
    # approves it or sends it back with comments. Until it is approved, the draft goes
    # neither out for comments nor to finalizing (`reviews.guidance`).
    "can_see_moderation": {ADMIN: ALWAYS, REVIEWER: ALWAYS, MODERATOR: ALWAYS},
    "can_request_moderation": {LEAD: MODERATION_OPEN},
    "can_moderate": {MODERATOR: (DRAFT & MODERATION_PENDING).named("waiting for moderation")},
    # Whom the e-mail notices about a review go to (reviews/notifying.py); each person may
    # turn off every one but the final report's (notices/).
    "gets_consensus_notice": {REVIEWER: RATINGS_REVEALED},
    "gets_comments_request_notice": {SITE_LEADER: OUT_FOR_COMMENTS},
    "gets_final_report_notice": {SITE_LEADER: FINALIZED},
    "gets_moderation_notice": {MODERATOR: MODERATION_PENDING, LEAD: ALWAYS},
}

# rule: {relation: when the relation grants the rule (a site has no stages: always)}
SITE_RULES = {
    # The site's page, its history and its place in the overview; a regional reviewer sees
    # every site of the clusters they review in (the reviews of those sites stay hidden).
    "can_read": {
        ADMIN: ALWAYS,
        LEADER_OF_SITE: ALWAYS,
        REVIEWER_OF_SITE: ALWAYS,
        REVIEWER_IN_CLUSTER: ALWAYS,
        COORDINATOR_OF_SITE: ALWAYS,
        NATIONAL_READER: ALWAYS,
    },
    # A site's outcome figures, in the form and by CSV import (outcomes/views.py).
    "can_enter_outcomes": {ADMIN: ALWAYS, LEADER_OF_SITE: ALWAYS, REVIEWER_OF_SITE: ALWAYS},
    # Move the site's next review, with a reason (followup/); the reviewers who see the site
    # in "Kommende reviews" and the coordinators of its region may move it.
    "can_set_next_review": {
        ADMIN: ALWAYS,
        REVIEWER_OF_SITE: ALWAYS,
        REVIEWER_IN_CLUSTER: ALWAYS,
        COORDINATOR_OF_SITE: ALWAYS,
    },
    # A new review of the site with the reviewers one names (reviews/views/lists.py).
    "can_assign_reviewers": {COORDINATOR_OF_SITE: ALWAYS},
    # The daily due notices (followup/due.py): a week before an action of the site's plan
    # falls due, and when the site becomes due for its next review.
    "gets_action_due_notices": {LEADER_OF_SITE: ALWAYS},
    "gets_site_due_notices": {REVIEWER_OF_SITE: ALWAYS},
}


@dataclass(frozen=True)
class ReviewAccess:
    """What one person may do with one review: one field per row of REVIEW_RULES."""

    relations: frozenset[Relation]
    can_read: bool
    can_edit: bool
    can_see_own_rating: bool
    can_rate: bool
    can_open_consensus: bool
    can_set_agreed: bool
    can_see_ratings: bool
    can_pool_ratings: bool
    can_see_previous_round: bool
    can_finalize: bool
    can_reopen: bool
    can_see_drafting: bool
    can_rerender_report: bool
    can_read_action_plan: bool
    can_keep_action_plan: bool
    can_send_for_comments: bool
    can_close_hearing: bool
    can_comment: bool
    can_see_comments: bool
    can_read_information_request: bool
    can_plan_visit: bool
    can_read_notes: bool
    can_take_offline: bool
    can_read_visit_programme: bool
    can_attach_checklist: bool
    can_see_moderation: bool
    can_request_moderation: bool
    can_moderate: bool
    gets_consensus_notice: bool
    gets_comments_request_notice: bool
    gets_final_report_notice: bool
    gets_moderation_notice: bool


@dataclass(frozen=True)
class SiteAccess:
    """What one person may do with one site: one field per row of SITE_RULES."""

    relations: frozenset[Relation]
    can_read: bool
    can_enter_outcomes: bool
    can_set_next_review: bool
    can_assign_reviewers: bool
    gets_action_due_notices: bool
    gets_site_due_notices: bool


# rule: {relation: when the relation grants the rule (a region has no stages: always)}
REGION_RULES = {
    # Whether the region's drafts are moderated before they leave the reviewers.
    "can_set_moderation": {ADMIN: ALWAYS, COORDINATOR_OF_REGION: ALWAYS},
}


@dataclass(frozen=True)
class RegionAccess:
    """What one person may do with one region: one field per row of REGION_RULES."""

    relations: frozenset[Relation]
    can_set_moderation: bool


def _decide(table, access_class, user, obj):
    relations = set()
    if user.is_authenticated:
        candidates = {relation for rule in table.values() for relation in rule}
        relations = {relation for relation in candidates if relation.holds(user, obj)}
    rules = {
        name: any(relation in relations and stage.holds(obj) for relation, stage in rule.items())
        for name, rule in table.items()
    }
    return access_class(relations=frozenset(relations), **rules)


def _readable(table, user, queryset, rule="can_read"):
    """The queryset form of a rule of the table (`can_read` unless told), from the same
    relations and stages."""
    if not user.is_authenticated:
        return queryset.none()
    terms = []
    for relation, stage in table[rule].items():
        who = relation.q(user)
        if who is not None:
            terms.append(who & stage.q())
    # An empty term means every row (and Q() | x would mean only x).
    if any(not term for term in terms):
        return queryset
    return queryset.filter(reduce(or_, terms)) if terms else queryset.none()


def review_access(user, review) -> ReviewAccess:
    """What `user` may do with `review` (prefetch `reviewer_links`; then no query per review)."""
    return _decide(REVIEW_RULES, ReviewAccess, user, review)


def site_access(user, site) -> SiteAccess:
    return _decide(SITE_RULES, SiteAccess, user, site)


def region_access(user, region) -> RegionAccess:
    return _decide(REGION_RULES, RegionAccess, user, region)


def moderated_regions(user, queryset=None):
    """The regions whose moderation `user` may set."""
    queryset = Region.objects.all() if queryset is None else queryset
    return _readable(REGION_RULES, user, queryset, rule="can_set_moderation")


def granted_on_review(rule, review, people) -> list:
    """Those of `people` whom `rule` grants on `review` (whom a notice goes to)."""
    return [person for person in people if getattr(review_access(person, review), rule)]


def granted_on_site(rule, site, people) -> list:
    """Those of `people` whom `rule` grants on `site`."""
    return [person for person in people if getattr(site_access(person, site), rule)]


def visible_reviews(user, queryset=None):
    """The reviews `user` may read."""
    return _readable(REVIEW_RULES, user, Review.objects.all() if queryset is None else queryset)


def ratings_pool(user, queryset=None):
    """The reviews whose independent ratings `user`'s calibration may pool (`can_pool_ratings`)."""
    queryset = Review.objects.all() if queryset is None else queryset
    return _readable(REVIEW_RULES, user, queryset, rule="can_pool_ratings")


def information_request_reviews(user, queryset=None):
    """The reviews whose information request `user` may read (a leader's planned visits)."""
    queryset = Review.objects.all() if queryset is None else queryset
    return _readable(REVIEW_RULES, user, queryset, rule="can_read_information_request")


def action_plan_reviews(user, queryset=None):
    """The finalized reviews whose action plan the person may read (a site's latest plan)."""
    queryset = queryset if queryset is not None else Review.objects.all()
    return _readable(REVIEW_RULES, user, queryset, rule="can_read_action_plan")


def visible_sites(user, queryset=None):
    """The sites `user` may read (overviews and their filters)."""
    return _readable(SITE_RULES, user, Site.objects.all() if queryset is None else queryset)


def coordinated_sites(user, queryset=None):
    """The sites `user` may create a review of with the reviewers they name."""
    queryset = Site.objects.active().select_related("region") if queryset is None else queryset
    return _readable(SITE_RULES, user, queryset, rule="can_assign_reviewers")


def outcome_sites(user, queryset=None):
    """The sites `user` may enter outcomes for (the CSV import and its template)."""
    queryset = Site.objects.all() if queryset is None else queryset
    return _readable(SITE_RULES, user, queryset, rule="can_enter_outcomes")


# Why a view refuses a need, for the people who might have expected it to work.
REFUSALS = {
    "plan_visit": lambda: _("Only the review's reviewers plan the visit and write notes."),
    "attach_checklist": lambda: _("Only the lead reviewer can add a checklist to the review."),
    "request_moderation": lambda: _(
        "Only the lead reviewer asks for a moderation, once the scores are agreed on, and "
        "not while the draft waits for a moderator or is approved already."
    ),
    "see_moderation": lambda: _("The moderation is for the reviewers and the moderator."),
    "moderate": lambda: _(
        "Only the moderator the lead asked can approve the draft or send it back, while it "
        "waits for the moderation."
    ),
    "rate": lambda: _("The consensus has begun; the ratings can no longer be changed."),
    "set_agreed": lambda: _(
        "The agreed score is set in the consensus, once every reviewer has finished their "
        "own rating."
    ),
    "see_ratings": lambda: _("Ratings are for the reviewers only."),
    "open_consensus": lambda: _("Ratings are for the reviewers only."),
    "finalize": lambda: _("Only the lead reviewer can finalize the review."),
    "reopen": lambda: _("Only an administrator can reopen a review."),
    "rerender_report": lambda: _("Only an administrator can render a stored report again."),
    "read_action_plan": lambda: _("The action plan is made once the review is finalized."),
    "keep_action_plan": lambda: _("Only the site's leaders keep its action plan."),
    "send_for_comments": lambda: _(
        "Only the lead reviewer can send the draft for comments, and not while it is out "
        "for comments already."
    ),
    "close_hearing": lambda: _("Only the lead reviewer can close the hearing."),
    "comment": lambda: _(
        "Comments can be written by the site's leaders while the draft is out for comments, "
        "until the deadline."
    ),
    "see_comments": lambda: _("The comments are for the reviewers and the site's leaders."),
}


FINALIZED_REFUSES = frozenset(
    {
        "edit",
        "rate",
        "set_agreed",
        "finalize",
        "send_for_comments",
        "close_hearing",
        "comment",
        "plan_visit",
        "attach_checklist",
        "request_moderation",
        "moderate",
    }
)


def _refusal(review, need: str) -> str:
    if review.is_finalized and need in FINALIZED_REFUSES:
        return _("The review is finalized and cannot be changed.")
    if REVIEWER not in review.access.relations:
        if need in {"rate", "see_own_rating"}:
            return _("Only the reviewers on this review have ratings.")
        if need in {"edit", "set_agreed"}:
            return _("Only the reviewers on this review can change it.")
    return REFUSALS[need]()


def _readable_or_404(queryset, pk, decide, user, missing, readable="can_read"):
    """The object with its `access` set; 404 alike whether it is missing or not readable,
    so outsiders learn nothing of what exists."""
    try:
        obj = queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404(missing) from None
    obj.access = decide(user, obj)
    if not getattr(obj.access, readable):
        raise Http404(missing)
    return obj


def reviewer_links_prefetch() -> Prefetch:
    """The review's reviewers with their people, in one query."""
    return Prefetch("reviewer_links", queryset=ReviewReviewer.objects.select_related("user"))


def review_for_user(request, pk, *, need=None, queryset=None, readable="can_read") -> Review:
    """The review with its `access`, if the user may read it (404 otherwise); 403 when
    they may read it but not do `need` ("edit", "rate", "set_agreed", "finalize" …).
    A page that is not the review itself may name the rule that makes it readable
    (`readable="can_read_information_request"`)."""
    queryset = queryset if queryset is not None else Review.objects.all()
    queryset = queryset.select_related("site__region", "scale").prefetch_related(
        reviewer_links_prefetch()
    )
    review = _readable_or_404(
        queryset, pk, review_access, request.user, _("No such review."), readable
    )
    if need is not None:
        require(review, need)
    # What the access log records as read, if the view logs its reads (accounts.accesslog).
    request.accessed_object = review
    return review


def require(review, need: str) -> None:
    """403, with the reason, unless the review's `access` grants `can_<need>`."""
    if not getattr(review.access, f"can_{need}"):
        raise PermissionDenied(_refusal(review, need))


SITE_REFUSALS = {
    "enter_outcomes": lambda: _("You may not enter outcomes for this site."),
    "set_next_review": lambda: _(
        "Only the site's reviewers, its region's coordinators and administrators can change "
        "its next review."
    ),
}


def site_for_user(request, pk, *, need=None, queryset=None) -> Site:
    """The site with its `access`, if the user may read it (404 otherwise); 403 when they
    may read it but not do `need` ("enter_outcomes")."""
    queryset = queryset if queryset is not None else Site.objects.all()
    site = _readable_or_404(queryset, pk, site_access, request.user, _("No such site."))
    request.accessed_object = site
    if need is not None and not getattr(site.access, f"can_{need}"):
        raise PermissionDenied(SITE_REFUSALS[need]())
    return site


def region_for_user(request, pk, *, need) -> Region:
    """The region with its `access`; 404 unless the person may do `need` with it (a region
    has no page of its own to read)."""
    return _readable_or_404(
        Region.objects.all(),
        pk,
        region_access,
        request.user,
        _("No such region."),
        readable=f"can_{need}",
    )


# The smallest group of things a person may not see one by one that a figure shown to them
# may pool: sites behind a regional mean or change (analytics), finalized reviews of others
# behind the pooled calibration figures. Fewer, and beside what the person knows of their
# own, the figure would give single sites or reviews away.
MIN_POOLED = 5


@dataclass(frozen=True)
class AnalyticsScope:
    named_reviews: object  # reviews whose item scores the person sees, site by site
    named_sites: object
    mean_reviews: object  # reviews that make up a region's mean
    min_pooled: int


def analytics_scope(user) -> AnalyticsScope:
    """Which sites count in the item analytics (only finalized reviews count at all).

    Every review of the region counts in its mean, whoever asks; a person sees by name only
    the reviews and sites they may read, so a leader sees their own site against the mean
    without any other site's scores. Which means and changes over unseen reviews may be shown
    is decided for all of them at once, with `min_pooled` (`analytics.disclosure`).
    """
    return AnalyticsScope(
        named_reviews=visible_reviews(user),
        named_sites=visible_sites(user),
        mean_reviews=Review.objects.all(),
        min_pooled=MIN_POOLED,
    )


def calibration_pool(user, queryset=None):
    """The reviews whose independent ratings `user`'s calibration pools.

    The reviews whose ratings the person may see (`can_see_ratings`: their own, once every
    reviewer on them is done; every one for administrators), and the finalized reviews of
    others (`can_pool_ratings`) only when at least MIN_POOLED of those stand in the pool.
    """
    queryset = Review.objects.all() if queryset is None else queryset
    seen = _readable(REVIEW_RULES, user, queryset, rule="can_see_ratings")
    others = ratings_pool(user, queryset).exclude(pk__in=seen.values("pk"))
    if others.count() >= MIN_POOLED:
        return ratings_pool(user, queryset)
    return seen


def calibration_pair_shown(user) -> Callable[[int, int], bool]:
    """Whose pair figures `user` sees in the calibration, by the two reviewers' user ids."""
    if user_access(user).can_see_all_calibration_pairs:
        return lambda first, second: True
    return lambda first, second: user.pk in (first, second)
