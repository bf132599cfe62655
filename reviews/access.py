"""Who may see and change which review: one helper every review view goes through."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import roles
from reviews.models import Review


@dataclass(frozen=True)
class ReviewAccess:
    is_admin: bool
    is_on_review: bool
    is_lead: bool
    is_site_leader: bool
    can_read: bool
    can_edit: bool


def access_for(user, review) -> ReviewAccess:
    """Decide access from the review's prefetched `reviewer_links` (no query for those)."""
    is_admin = roles.is_admin(user)
    link = next((r for r in review.reviewer_links.all() if r.user_id == user.pk), None)
    is_on_review = link is not None
    is_site_leader = (
        review.is_finalized and review.site.leaders.filter(pk=user.pk).exists()
        if not (is_admin or is_on_review)
        else False
    )
    can_read = is_admin or is_on_review or is_site_leader
    return ReviewAccess(
        is_admin=is_admin,
        is_on_review=is_on_review,
        is_lead=bool(link and link.is_lead),
        is_site_leader=is_site_leader,
        can_read=can_read,
        can_edit=is_on_review and not review.is_finalized,
    )


def review_for_user(request, pk, *, write=False, queryset=None) -> Review:
    """The review if the user may see it (404 otherwise); 403 for a write they may not make.

    Reviewers see the reviews they are on, leaders the finalized reviews of the sites they
    lead, administrators everything. Only reviewers on a draft review may change it.
    """
    queryset = queryset if queryset is not None else Review.objects.all()
    queryset = queryset.select_related("site__region", "scale").prefetch_related(
        "reviewer_links__user"
    )
    try:
        review = queryset.get(pk=pk)
    except Review.DoesNotExist:
        raise Http404(_("No such review.")) from None
    review.access = access_for(request.user, review)
    if not review.access.can_read:
        raise Http404(_("No such review."))
    if write and not review.access.can_edit:
        if review.is_finalized:
            raise PermissionDenied(_("The review is finalized and cannot be changed."))
        raise PermissionDenied(_("Only the reviewers on this review can change it."))
    return review


def visible_sites(user):
    """Sites a user may see in overviews.

    Administrators see all sites, leaders the sites they lead, reviewers the sites of the
    reviews they are on.
    """
    from reviews.models import ReviewReviewer, Site

    if roles.is_admin(user):
        return Site.objects.all()
    reviewed = ReviewReviewer.objects.filter(user=user).values("review__site")
    return Site.objects.filter(Q(pk__in=user.led_sites.values("pk")) | Q(pk__in=reviewed))
