from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.rules import user_access
from reviews import lifecycle, services
from reviews.access import (
    coordinated_sites,
    information_request_reviews,
    led_site_ids,
    visible_reviews,
)
from reviews.forms import ReviewCreateForm, ReviewListFilter
from reviews.models import Hearing, Review, ReviewReviewer
from scales.models import Band
from sites import services as site_services


def _listed(queryset, filters):
    """Reviews with their totals and bands for a list (a fixed number of queries), searched,
    filtered and ordered by `filters` (newest visit first)."""
    return list(
        filters.filter(queryset)
        .with_totals()
        .select_related("site", "scale")
        .prefetch_related(
            Prefetch("scale__bands", queryset=Band.objects.all()),
            Prefetch("reviewer_links", queryset=ReviewReviewer.objects.select_related("user")),
            lifecycle.open_hearings_prefetch(),
        )
    )


@login_required
def my_reviews(request):
    if not user_access(request.user).can_list_own_reviews:
        raise PermissionDenied
    mine = ReviewReviewer.objects.filter(user=request.user).values("review")
    filters = ReviewListFilter(request.GET or None)
    reviews = _listed(Review.objects.filter(pk__in=mine), filters)
    return render(
        request,
        "reviews/review_list.html",
        {"reviews": reviews, "filters": filters, "title": _("My reviews"), "can_create": True},
    )


@login_required
def all_reviews(request):
    if not user_access(request.user).can_list_all_reviews:
        raise PermissionDenied
    filters = ReviewListFilter(request.GET or None)
    reviews = _listed(visible_reviews(request.user), filters)
    return render(
        request,
        "reviews/review_list.html",
        {"reviews": reviews, "filters": filters, "title": _("All reviews"), "can_create": False},
    )


@login_required
def leader_reports(request):
    """The finalized reviews of the sites the user leads."""
    if not user_access(request.user).can_list_led_reports:
        raise PermissionDenied
    led = Review.objects.finalized().filter(site__in=led_site_ids(request.user))
    filters = ReviewListFilter(request.GET or None, with_status=False)
    reviews = _listed(visible_reviews(request.user, led), filters)
    # The drafts of the sites they lead: what to have ready for the visit, and the drafts
    # that are out for comments.
    drafts = Review.objects.filter(
        status=Review.Status.DRAFT, site__in=led_site_ids(request.user)
    ).annotate(out_for_comments=Exists(Hearing.objects.open().filter(review=OuterRef("pk"))))
    planned = (
        information_request_reviews(request.user, drafts)
        .select_related("site", "scale")
        .order_by("visit_date", "site__name")
    )
    context = {"reviews": reviews, "filters": filters, "planned": planned}
    return render(request, "reviews/leader_reports.html", context)


@login_required
def review_create(request):
    access = user_access(request.user)
    if not (access.can_create_review or access.can_assign_reviewers):
        raise PermissionDenied
    # A coordinator who is no reviewer names the reviewers; a reviewer leads what they create.
    assigning = not access.can_create_review
    form = ReviewCreateForm(
        request.POST or None,
        user=request.user,
        assigning=assigning,
        sites=coordinated_sites(request.user) if assigning else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            site = data["site"] or site_services.site_create(
                name=data["new_site"], region=data["new_site_region"]
            )
            review = _create(request, site, data, lead=data.get("lead") or request.user)
        if assigning:
            messages.success(
                request,
                _("The review of %(site)s was created with %(lead)s as its lead reviewer.")
                % {"site": site.name, "lead": data["lead"].get_full_name() or data["lead"]},
            )
            return redirect("overview:home")
        messages.success(request, _("The review was created. Every change is saved as you go."))
        return redirect(review)
    return render(request, "reviews/review_create.html", {"form": form, "assigning": assigning})


def _create(request, site, data, *, lead):
    return services.review_create(
        site=site,
        scale=data["scale"],
        visit_date=data["visit_date"],
        visit_end_date=data["visit_end_date"],
        kind=data["kind"],
        lead=lead,
        co_reviewers=data["co_reviewers"],
        created_by=request.user,
        after_the_fact=data["after_the_fact"],
    )
