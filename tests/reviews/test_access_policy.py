"""The access policy (`reviews.access`): its queryset rules agree with its per-object rules
for every person and every kind of review, and exports decide per review, not per role."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from reviews import services
from reviews.access import (
    CALIBRATOR,
    REVIEW_RULES,
    SITE_LEADER,
    information_request_reviews,
    outcome_sites,
    review_access,
    site_access,
    visible_reviews,
    visible_sites,
)
from reviews.models import Review
from sites.models import Region, Site
from tests.factories import finalize, make_review, make_site, make_user, open_consensus, rate
from tests.factories import score_all as score_every_item

RITA = [5, 4, 4, 3, 3, 2, 4, 5, 4, 3, 3, 4, 2, 3, 4]
OTTO = [5, 4, 3, 3, 1, 2, 4, 5, 4, 3, 4, 4, 2, 3, 4]


def rated_and_finalized(review, first, second):
    rate(review, first, RITA)
    rate(review, second, OTTO)
    return finalize(score_every_item(open_consensus(review)), first)


@pytest.fixture
def everyone(reviewer, other_reviewer, leader, other_leader, admin, reviewer_leader,
             two_site_leader):  # fmt: skip
    listed_without_role = make_user("listed", role=roles.REVIEWER)
    no_role = make_user("nobody")
    coordinator = make_user("coordinator", role=roles.COORDINATOR)
    other_coordinator = make_user("other_coordinator", role=roles.COORDINATOR)
    national = make_user("national", role=roles.NATIONAL_READER)
    return [
        reviewer,
        other_reviewer,
        leader,
        other_leader,
        admin,
        reviewer_leader,
        two_site_leader,
        listed_without_role,
        no_role,
        coordinator,
        other_coordinator,
        national,
    ]


@pytest.fixture
def world(everyone, placeholder_pdf):
    """Reviews in every state on three sites, and people in every relation to them."""
    reviewer, other_reviewer, leader, other_leader, _, both, two, listed, _ = everyone[:9]
    coordinator, other_coordinator, _ = everyone[9:]
    vejle = make_site("Vejle Kommune", leaders=[leader, both, two, listed])
    kolding = make_site("Kolding Kommune", leaders=[other_leader, two])
    make_site("Horsens Kommune")
    holbaek = make_site("Holbæk Kommune", region="Region Sjælland")
    coordinator.coordinated_regions.add(vejle.region)
    other_coordinator.coordinated_regions.add(holbaek.region)
    make_review(lead=reviewer, site=vejle, scale="ips-15")
    make_review(lead=reviewer, co_reviewers=[other_reviewer], site=vejle, scale="ips-15")
    open_consensus(make_review(lead=other_reviewer, co_reviewers=[both], site=kolding))
    finalize(score_every_item(make_review(lead=reviewer, site=vejle, scale="ips-15")), reviewer)
    rated_and_finalized(
        make_review(lead=reviewer, co_reviewers=[other_reviewer], site=kolding, scale="ips-15"),
        reviewer,
        other_reviewer,
    )
    # Two Vejle drafts: one out for comments with its leaders, one whose høring is closed.
    for close in (False, True):
        draft = score_every_item(make_review(lead=reviewer, site=vejle, scale="ips-15"))
        services.hearing_send(review=draft, user=reviewer, deadline=timezone.localdate())
        if close:
            services.hearing_close(review=draft, user=reviewer)
    # Holbæk's region asks for moderation: a draft waiting for its moderator (a reviewer on
    # neither), and one the moderator approved, then finalized.
    Region.objects.filter(pk=holbaek.region_id).update(moderation_required=True)
    for finish in (False, True):
        draft = score_every_item(make_review(lead=other_reviewer, site=holbaek, scale="ips-15"))
        services.moderation_request(review=draft, user=other_reviewer, moderator=listed)
        if finish:
            services.moderation_decide(review=draft, user=listed, approve=True, comment="")
            finalize(draft, other_reviewer)
    return everyone


def fresh(user):
    """The user as a new request would load them (the policy caches per request)."""
    return get_user_model().objects.get(pk=user.pk)


def test_the_visible_reviews_are_exactly_those_each_may_read(world):
    reviews = list(Review.objects.prefetch_related("reviewer_links"))
    assert {r.status for r in reviews} == {Review.Status.DRAFT, Review.Status.FINALIZED}
    for user in world:
        readable = {r.pk for r in reviews if review_access(fresh(user), r).can_read}
        assert set(visible_reviews(fresh(user)).values_list("pk", flat=True)) == readable, user


def test_the_information_requests_listed_are_exactly_those_each_may_read(world):
    reviews = list(Review.objects.prefetch_related("reviewer_links"))
    for user in world:
        readable = {
            r.pk for r in reviews if review_access(fresh(user), r).can_read_information_request
        }
        listed = information_request_reviews(fresh(user)).values_list("pk", flat=True)
        assert set(listed) == readable, user


def test_leaders_read_only_the_draft_out_for_comments(world):
    leader = fresh(world[2])
    drafts = visible_reviews(leader).filter(status=Review.Status.DRAFT)
    assert [review.hearings.get().is_open for review in drafts] == [True]


def test_the_visible_sites_are_exactly_those_each_may_read(world):
    sites = list(Site.objects.all())
    for user in world:
        readable = {s.pk for s in sites if site_access(fresh(user), s).can_read}
        assert set(visible_sites(fresh(user)).values_list("pk", flat=True)) == readable, user


def test_the_outcome_sites_are_exactly_those_each_may_enter_outcomes_for(world):
    sites = list(Site.objects.all())
    for user in world:
        allowed = {s.pk for s in sites if site_access(fresh(user), s).can_enter_outcomes}
        assert set(outcome_sites(fresh(user)).values_list("pk", flat=True)) == allowed, user


def test_every_relation_and_state_of_the_read_rule_is_exercised(world):
    reviews = list(Review.objects.prefetch_related("reviewer_links"))
    seen = {
        (relation, review.status)
        for user in world
        for review in reviews
        for relation in review_access(fresh(user), review).relations
    }
    for relation in REVIEW_RULES["can_read"]:
        assert (relation, Review.Status.DRAFT) in seen
        assert (relation, Review.Status.FINALIZED) in seen


def test_coordinators_and_the_national_reader_read_finalized_reports_only(world):
    coordinator, other_coordinator, national = (fresh(user) for user in world[9:])
    finalized = set(Review.objects.finalized().values_list("pk", flat=True))
    syddanmark = set(
        Review.objects.finalized()
        .filter(site__region__name="Region Syddanmark")
        .values_list("pk", flat=True)
    )
    assert set(visible_reviews(coordinator).values_list("pk", flat=True)) == syddanmark
    # Of Holbæk's two reviews, the finalized one.
    holbaek = Review.objects.finalized().filter(site__name="Holbæk Kommune")
    assert set(visible_reviews(other_coordinator)) == set(holbaek)
    assert set(visible_reviews(national).values_list("pk", flat=True)) == finalized
    assert set(visible_sites(national).values_list("name", flat=True)) == {
        "Vejle Kommune",
        "Kolding Kommune",
        "Horsens Kommune",
        "Holbæk Kommune",
    }
    assert set(visible_sites(other_coordinator).values_list("name", flat=True)) == {
        "Holbæk Kommune"
    }
    rated = Review.objects.finalized().get(site__name="Kolding Kommune")
    assert not review_access(
        coordinator, Review.objects.filter(moderation="pending").get()
    ).can_read
    rated = Review.objects.prefetch_related("reviewer_links").get(pk=rated.pk)
    for person in (coordinator, national):
        access = review_access(person, rated)
        assert access.can_read
        assert not access.can_see_ratings  # not on the review: never the ratings
        assert not access.can_edit
        assert not access.can_set_agreed
    # The coordinator's calibration pools their region's finalized reviews; the national
    # reader has no calibration.
    assert review_access(coordinator, rated).can_pool_ratings
    assert not review_access(national, rated).can_pool_ratings
    vejle = Site.objects.get(name="Vejle Kommune")
    assert site_access(coordinator, vejle).can_set_next_review
    assert not site_access(national, vejle).can_set_next_review


def test_a_coordinator_without_the_role_follows_nothing(world):
    coordinator = world[9]
    coordinator.groups.clear()
    assert not visible_reviews(fresh(coordinator)).exists()
    assert not visible_sites(fresh(coordinator)).exists()


def test_a_leader_listed_on_a_site_without_the_leader_role_reads_nothing_of_it(world):
    listed = fresh(world[7])
    assert not visible_reviews(listed).filter(site__name="Vejle Kommune").exists()
    assert not visible_sites(listed).filter(name="Vejle Kommune").exists()


def test_leading_a_site_and_reviewing_another_grants_each_only_its_own(world):
    both = fresh(world[5])
    vejle_final = Review.objects.finalized().get(site__name="Vejle Kommune")
    kolding_open = Review.objects.get(site__name="Kolding Kommune", status=Review.Status.DRAFT)
    led = review_access(both, vejle_final)
    # A reviewer by role follows the calibration, whichever review: no place on this one.
    assert led.relations == {SITE_LEADER, CALIBRATOR}
    assert led.can_read
    assert not led.can_see_ratings
    assert not led.can_edit
    reviewed = review_access(both, kolding_open)
    assert reviewed.can_see_ratings
    assert reviewed.can_set_agreed
    assert not reviewed.can_finalize


def export_rows(client, user, scale="ips-15"):
    client.force_login(user)
    response = client.get(
        reverse("overview:export", args=["totaler", "csv"]) + f"?scale={scale}&region="
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return rows[0], {row[2]: row for row in rows[1:]}


def test_the_totals_export_gives_agreement_figures_only_for_reviews_one_rates(
    client, reviewer, other_reviewer, reviewer_leader, placeholder_pdf
):
    """Before, the export decided by role: a Bedømmer who also leads a site got the kappa of
    that site's reviews, which the review page never shows them."""
    vejle = make_site("Vejle Kommune", leaders=[reviewer_leader])
    kolding = make_site("Kolding Kommune")
    rated_and_finalized(
        make_review(lead=reviewer, co_reviewers=[other_reviewer], site=vejle, scale="ips-15"),
        reviewer,
        other_reviewer,
    )
    rated_and_finalized(
        make_review(lead=reviewer_leader, co_reviewers=[reviewer], site=kolding, scale="ips-15"),
        reviewer_leader,
        reviewer,
    )
    header, rows = export_rows(client, reviewer_leader)
    kappa = header.index("Vægtet kappa")
    assert set(rows) == {"Vejle Kommune", "Kolding Kommune"}
    assert rows["Kolding Kommune"][kappa] != ""
    assert rows["Vejle Kommune"][kappa - 2 :] == ["", "", "", ""]
    # The one who rated both sees both; the review page agrees with the export.
    _, rows = export_rows(client, reviewer)
    assert rows["Vejle Kommune"][kappa] == rows["Kolding Kommune"][kappa] != ""
    client.force_login(reviewer_leader)
    vejle_review = Review.objects.get(site=vejle)
    page = client.get(vejle_review.get_absolute_url()).text
    assert "kappa" not in page
    assert client.get(reverse("reviews:consensus", args=[vejle_review.pk])).status_code == 403


def test_a_leader_alone_gets_no_agreement_columns(
    client, reviewer, other_reviewer, leader, placeholder_pdf
):
    site = make_site("Vejle Kommune", leaders=[leader])
    rated_and_finalized(
        make_review(lead=reviewer, co_reviewers=[other_reviewer], site=site, scale="ips-15"),
        reviewer,
        other_reviewer,
    )
    header, rows = export_rows(client, leader)
    assert "Vægtet kappa" not in header
    assert list(rows) == ["Vejle Kommune"]


def test_the_totals_export_runs_the_same_queries_for_any_number_of_reviews(
    client, reviewer, other_reviewer, django_assert_num_queries, placeholder_pdf
):
    site = make_site("Vejle Kommune")

    def add_review(day):
        review = make_review(
            lead=reviewer,
            co_reviewers=[other_reviewer],
            site=site,
            scale="ips-15",
            visit_date=f"2026-0{day}-01",
        )
        rated_and_finalized(review, reviewer, other_reviewer)

    add_review(1)
    client.force_login(reviewer)
    url = reverse("overview:export", args=["totaler", "csv"]) + "?scale=ips-15&region="
    # session, user, groups; scale codes, the scale's subscales (filter form); reviews with
    # totals; bands; reviewer links; ratings; whether the scales have subscales
    # (overview/exports.py); the access log's insert (no session write within a minute).
    with django_assert_num_queries(11):
        b"".join(client.get(url).streaming_content)
    add_review(2)
    add_review(3)
    with django_assert_num_queries(11):
        b"".join(client.get(url).streaming_content)
