"""The access policy: who may do what with which review and which site. Nothing else decides.

Every rule is a row of a table. A person stands in relations to a review (administrator,
reviewer on it, its lead reviewer, leader of its site) or a site; a rule grants itself to
some of those relations, each in some states of the review. Views load objects through
`review_for_user(request, pk, need=…)` and `site_for_user(request, pk)`, templates read
the access object's `can_…` fields, lists and exports filter with `visible_reviews(user)`
and `visible_sites(user)` and ask `review_access(user, review)` per review.

`can_read` is answered both for one object and as a queryset filter, both built from the
same row: a relation and a state are each written once, as a test and as a filter side by
side (tests/test_access_policy.py checks that the two agree for every case).

The rules still to come slot in as rows of these tables, never as checks in a view:
- leaders' comments on a draft report out for comments (høring): a new state, e.g.
  `OUT_FOR_COMMENTS`, a row `"can_comment": {Relation.SITE_LEADER: OUT_FOR_COMMENTS}` and
  `Relation.SITE_LEADER: …` added to `can_read` for that state;
- a site's action plan and its outcome data: rows of SITE_RULES such as
  `"can_keep_action_plan": {SiteRelation.LEADER}` and `"can_enter_outcomes": …`;
- administrators managing sites and people: `"can_manage": {SiteRelation.ADMIN}` in
  SITE_RULES, or a row of USER_RULES when it concerns no particular site.
Add the field of the same name to the access object; building it fails until both match.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import roles
from reviews.models import Review, ReviewReviewer, Site


class Relation(StrEnum):
    """How a person stands to one review."""

    ADMIN = "administrator"
    REVIEWER = "reviewer on the review"
    LEAD = "lead reviewer of the review"
    SITE_LEADER = "leader of the review's site"


@dataclass(frozen=True)
class State:
    """A state of a review a rule holds in: a test on one review and, where the rule is
    also asked of a queryset, the same as a filter."""

    name: str
    holds: Callable[[Review], bool]
    q: Q | None = None


ALWAYS = State("always", lambda review: True, Q())
DRAFT = State("draft", lambda review: not review.is_finalized, Q(status=Review.Status.DRAFT))
FINALIZED = State(
    "finalized", lambda review: review.is_finalized, Q(status=Review.Status.FINALIZED)
)
RATED_SEPARATELY = State("two or more reviewers", lambda review: review.needs_consensus)
RATING = State(
    "rating stage",
    lambda review: review.needs_consensus and review.stage == Review.Stage.RATING,
)
AGREED_OPEN = State(
    "agreed scores open", lambda review: not review.is_finalized and review.agreed_scores_open
)

# rule: {relation: the state of the review in which the relation grants the rule}
REVIEW_RULES = {
    "can_read": {
        Relation.ADMIN: ALWAYS,
        Relation.REVIEWER: ALWAYS,
        Relation.SITE_LEADER: FINALIZED,
    },
    # The header, evidence, improvement areas and summary.
    "can_edit": {Relation.REVIEWER: DRAFT},
    # Open one's own independent rating; change it while the rating stage lasts.
    "can_see_own_rating": {Relation.REVIEWER: RATED_SEPARATELY},
    "can_rate": {Relation.REVIEWER: RATING},
    "can_set_agreed": {Relation.REVIEWER: AGREED_OPEN},
    # Everyone's ratings side by side, the consensus view and the agreement figures (kappa),
    # once the consensus is open (`Review.consensus_is_open`). Never for leaders.
    "can_see_ratings": {Relation.ADMIN: ALWAYS, Relation.REVIEWER: ALWAYS},
    "can_finalize": {Relation.LEAD: DRAFT},
    "can_reopen": {Relation.ADMIN: FINALIZED},
    # The stored reports' history, and rendering an unstyled one again (reports/views.py).
    "can_rerender_report": {Relation.ADMIN: ALWAYS},
}


@dataclass(frozen=True)
class ReviewAccess:
    """What one person may do with one review: one field per row of REVIEW_RULES."""

    relations: frozenset[Relation]
    can_read: bool
    can_edit: bool
    can_see_own_rating: bool
    can_rate: bool
    can_set_agreed: bool
    can_see_ratings: bool
    can_finalize: bool
    can_reopen: bool
    can_rerender_report: bool


def led_site_ids(user) -> frozenset[int]:
    """The sites a Leader leads, read once per request and cached on the user.

    Leading a site grants something only with the Leader role, so taking the role away
    ends a person's access to the sites they were listed on.
    """
    if not roles.is_leader(user):
        return frozenset()
    if not hasattr(user, "_led_site_ids"):
        user._led_site_ids = frozenset(user.led_sites.values_list("pk", flat=True))
    return user._led_site_ids


def review_relations(user, review) -> frozenset[Relation]:
    """From the review's prefetched `reviewer_links`: no query per review."""
    found = set()
    if roles.is_admin(user):
        found.add(Relation.ADMIN)
    link = next((r for r in review.reviewer_links.all() if r.user_id == user.pk), None)
    if link is not None:
        found.add(Relation.REVIEWER)
        if link.is_lead:
            found.add(Relation.LEAD)
    if review.site_id in led_site_ids(user):
        found.add(Relation.SITE_LEADER)
    return frozenset(found)


def relation_q(user, relation: Relation) -> Q | None:
    """The reviews a user stands in `relation` to, as a filter; None when there are none."""
    if relation is Relation.ADMIN:
        return Q() if roles.is_admin(user) else None
    if relation is Relation.REVIEWER:
        return Q(pk__in=ReviewReviewer.objects.filter(user=user).values("review"))
    if relation is Relation.LEAD:
        return Q(pk__in=ReviewReviewer.objects.filter(user=user, is_lead=True).values("review"))
    led = led_site_ids(user)
    return Q(site__in=led) if led else None


def _granted(rule: dict, relations, review) -> bool:
    return any(relation in relations and state.holds(review) for relation, state in rule.items())


def review_access(user, review) -> ReviewAccess:
    """What `user` may do with `review` (prefetch `reviewer_links`; costs no query then)."""
    relations = review_relations(user, review) if user.is_authenticated else frozenset()
    rules = {name: _granted(rule, relations, review) for name, rule in REVIEW_RULES.items()}
    return ReviewAccess(relations=relations, **rules)


def _filtered(queryset, terms):
    """OR the terms together; an empty term means every row (Q() | x would mean only x)."""
    if any(not term for term in terms):
        return queryset
    return queryset.filter(reduce(or_, terms)) if terms else queryset.none()


def visible_reviews(user, queryset=None):
    """The reviews `user` may read: the queryset form of `can_read`."""
    queryset = Review.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    terms = []
    for relation, state in REVIEW_RULES["can_read"].items():
        who = relation_q(user, relation)
        if who is not None:
            terms.append(who & state.q)
    return _filtered(queryset, terms)


# Why a view refuses a need, shown to the people who might have expected it to work.
REFUSALS = {
    "rate": lambda: _("The consensus has begun; the ratings can no longer be changed."),
    "set_agreed": lambda: _(
        "The agreed score is set in the consensus, once every reviewer has finished their "
        "own rating."
    ),
    "see_ratings": lambda: _("Ratings are for the reviewers only."),
    "finalize": lambda: _("Only the lead reviewer can finalize the review."),
    "reopen": lambda: _("Only an administrator can reopen a review."),
    "rerender_report": lambda: _("Only an administrator can render a stored report again."),
}


def _refusal(review, need: str) -> str:
    if review.is_finalized and need in {"edit", "rate", "set_agreed", "finalize"}:
        return _("The review is finalized and cannot be changed.")
    if Relation.REVIEWER not in review.access.relations:
        if need in {"rate", "see_own_rating"}:
            return _("Only the reviewers on this review have ratings.")
        if need in {"edit", "set_agreed"}:
            return _("Only the reviewers on this review can change it.")
    return REFUSALS[need]()


def review_for_user(request, pk, *, need=None, queryset=None) -> Review:
    """The review with its `access`, if the user may read it (404 otherwise); 403 when the
    user may read it but not do `need` ("edit", "rate", "set_agreed", "finalize" …)."""
    queryset = queryset if queryset is not None else Review.objects.all()
    queryset = queryset.select_related("site__region", "scale").prefetch_related(
        "reviewer_links__user"
    )
    try:
        review = queryset.get(pk=pk)
    except Review.DoesNotExist:
        raise Http404(_("No such review.")) from None
    review.access = review_access(request.user, review)
    if not review.access.can_read:
        raise Http404(_("No such review."))
    if need is not None and not getattr(review.access, f"can_{need}"):
        raise PermissionDenied(_refusal(review, need))
    return review


class SiteRelation(StrEnum):
    """How a person stands to one site."""

    ADMIN = "administrator"
    LEADER = "leader of the site"
    REVIEWER = "reviewer on a review of the site"


# rule: the relations that grant it (sites have no states yet).
SITE_RULES = {
    "can_read": {SiteRelation.ADMIN, SiteRelation.LEADER, SiteRelation.REVIEWER},
}


@dataclass(frozen=True)
class SiteAccess:
    """What one person may do with one site: one field per row of SITE_RULES."""

    relations: frozenset[SiteRelation]
    can_read: bool


def reviewed_site_ids(user) -> frozenset[int]:
    """The sites of the reviews a user is on, read once per request and cached on the user."""
    if not hasattr(user, "_reviewed_site_ids"):
        ids = ReviewReviewer.objects.filter(user=user).values_list("review__site", flat=True)
        user._reviewed_site_ids = frozenset(ids)
    return user._reviewed_site_ids


def site_relations(user, site) -> frozenset[SiteRelation]:
    found = set()
    if roles.is_admin(user):
        found.add(SiteRelation.ADMIN)
    if site.pk in led_site_ids(user):
        found.add(SiteRelation.LEADER)
    if site.pk in reviewed_site_ids(user):
        found.add(SiteRelation.REVIEWER)
    return frozenset(found)


def site_relation_q(user, relation: SiteRelation) -> Q | None:
    """The sites a user stands in `relation` to, as a filter; None when there are none."""
    if relation is SiteRelation.ADMIN:
        return Q() if roles.is_admin(user) else None
    if relation is SiteRelation.LEADER:
        led = led_site_ids(user)
        return Q(pk__in=led) if led else None
    return Q(pk__in=ReviewReviewer.objects.filter(user=user).values("review__site"))


def site_access(user, site) -> SiteAccess:
    relations = site_relations(user, site) if user.is_authenticated else frozenset()
    rules = {name: bool(relations & granted) for name, granted in SITE_RULES.items()}
    return SiteAccess(relations=relations, **rules)


def visible_sites(user, queryset=None):
    """The sites `user` may read (overviews, filters): the queryset form of `can_read`."""
    queryset = Site.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    terms = [
        who for who in (site_relation_q(user, r) for r in SITE_RULES["can_read"]) if who is not None
    ]
    return _filtered(queryset, terms)


def site_for_user(request, pk, *, queryset=None) -> Site:
    """The site with its `access`, if the user may read it (404 otherwise)."""
    queryset = queryset if queryset is not None else Site.objects.all()
    try:
        site = queryset.get(pk=pk)
    except Site.DoesNotExist:
        raise Http404(_("No such site.")) from None
    site.access = site_access(request.user, site)
    if not site.access.can_read:
        raise Http404(_("No such site."))
    return site


# rule: the roles that grant it. Pages that are no one review's or site's.
USER_RULES = {
    "can_list_own_reviews": {roles.REVIEWER},
    "can_create_review": {roles.REVIEWER},
    "can_list_led_reports": {roles.LEADER},
    "can_list_all_reviews": {roles.ADMINISTRATOR},
    "can_use_admin_site": {roles.ADMINISTRATOR},
}


@dataclass(frozen=True)
class UserAccess:
    """What one person may do apart from any particular review or site."""

    can_list_own_reviews: bool
    can_create_review: bool
    can_list_led_reports: bool
    can_list_all_reviews: bool
    can_use_admin_site: bool


def user_access(user) -> UserAccess:
    names = roles.role_names(user)
    return UserAccess(**{name: bool(names & granted) for name, granted in USER_RULES.items()})
