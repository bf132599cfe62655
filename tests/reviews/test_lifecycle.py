"""The review's lifecycle (`reviews.lifecycle`): each stage holds for exactly the reviews the
method puts in it, and its test on one review agrees with its filter on every stage."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from reviews import lifecycle, services
from reviews.models import Hearing, Review
from sites.models import Region
from tests.factories import finalize, make_review, make_site, make_user, open_consensus, score_all

L = lifecycle


@pytest.fixture
def reviews(reviewer, other_reviewer, leader, placeholder_pdf):
    """One review in each situation the method knows, by name."""
    third = make_user("third", role=roles.REVIEWER)
    site = make_site(leaders=[leader])

    def review(**kwargs):
        return make_review(lead=reviewer, site=site, scale="ips-15", **kwargs)

    made = {
        "alone": review(),
        "pair, nobody done": review(co_reviewers=[other_reviewer]),
        "trio, two done": review(co_reviewers=[other_reviewer, third]),
        "pair, both done": open_consensus(review(co_reviewers=[other_reviewer])),
        "alone, finalized": finalize(score_all(review()), reviewer),
        "pair, finalized": finalize(
            score_all(open_consensus(review(co_reviewers=[other_reviewer]))), reviewer
        ),
    }
    trio = made["trio, two done"].reviewer_links.order_by("pk")
    trio.filter(pk__in=[link.pk for link in trio[:2]]).update(rating_done_at=timezone.now())

    after = services.review_create(
        site=site,
        scale=made["alone"].scale,
        visit_date=datetime.date(2023, 5, 10),
        kind=Review.Kind.EXTERNAL,
        lead=reviewer,
        co_reviewers=[other_reviewer],
        after_the_fact=True,
    )
    made["pair, after the fact"] = after

    out = score_all(open_consensus(review(co_reviewers=[other_reviewer])))
    services.hearing_send(review=out, user=reviewer, deadline=timezone.localdate())
    made["out for comments"] = out

    late = score_all(review())
    services.hearing_send(review=late, user=reviewer, deadline=timezone.localdate())
    Hearing.objects.filter(review=late).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    made["out for comments, deadline passed"] = late

    closed = score_all(review())
    services.hearing_send(review=closed, user=reviewer, deadline=timezone.localdate())
    services.hearing_close(review=closed, user=reviewer)
    made["høring closed"] = closed

    reopened = finalize(score_all(review()), reviewer)
    services.review_reopen(review=reopened, user=reviewer, reason="En fejl i item 3")
    made["reopened"] = reopened

    # A region that asks for moderation: a draft not yet sent, one waiting for its
    # moderator, one sent back, one approved.
    moderated_site = make_site("Køge Kommune", region="Region Sjælland")
    Region.objects.filter(pk=moderated_site.region_id).update(moderation_required=True)
    moderated_site.refresh_from_db()

    def moderated(name, decision=None):
        draft = score_all(make_review(lead=reviewer, site=moderated_site, scale="ips-15"))
        if name != "moderation not asked":
            services.moderation_request(review=draft, user=reviewer, moderator=third)
        if decision is not None:
            services.moderation_decide(
                review=draft, user=third, approve=decision, comment="Se item 4 igen."
            )
        made[name] = draft

    moderated("moderation not asked")
    moderated("waiting for moderation")
    moderated("sent back", decision=False)
    moderated("approved", decision=True)
    return made


# The stages each review is in; every other stage of lifecycle.STAGES does not hold.
EXPECTED = {
    "alone": {L.DRAFT, L.AGREED_SCORES_OPEN, L.NOT_OUT_FOR_COMMENTS},
    "pair, nobody done": {L.DRAFT, L.RATED_SEPARATELY, L.RATING, L.NOT_OUT_FOR_COMMENTS},
    "trio, two done": {L.DRAFT, L.RATED_SEPARATELY, L.RATING, L.NOT_OUT_FOR_COMMENTS},
    "pair, both done": {
        L.DRAFT,
        L.RATED_SEPARATELY,
        L.RATINGS_REVEALED,
        L.CONSENSUS_OPEN,
        L.AGREED_SCORES_OPEN,
        L.NOT_OUT_FOR_COMMENTS,
    },
    "alone, finalized": {L.FINALIZED},
    "pair, finalized": {L.FINALIZED, L.RATED_SEPARATELY, L.RATINGS_REVEALED},
    # Entered from a finished report: no rating stage, the agreed scores set directly.
    "pair, after the fact": {
        L.DRAFT,
        L.AFTER_THE_FACT,
        L.AGREED_SCORES_OPEN,
        L.NOT_OUT_FOR_COMMENTS,
    },
    "out for comments": {
        L.DRAFT,
        L.RATED_SEPARATELY,
        L.RATINGS_REVEALED,
        L.CONSENSUS_OPEN,
        L.AGREED_SCORES_OPEN,
        L.OUT_FOR_COMMENTS,
        L.COMMENTS_OPEN,
    },
    "out for comments, deadline passed": {L.DRAFT, L.AGREED_SCORES_OPEN, L.OUT_FOR_COMMENTS},
    "høring closed": {L.DRAFT, L.AGREED_SCORES_OPEN, L.NOT_OUT_FOR_COMMENTS},
    "reopened": {L.DRAFT, L.AGREED_SCORES_OPEN, L.NOT_OUT_FOR_COMMENTS, L.REOPENED},
}
# Outside a region that asks for moderation, moderation never holds anything up.
for _stages in EXPECTED.values():
    _stages.add(L.MODERATION_SETTLED)
_MODERATED_DRAFT = {L.DRAFT, L.AGREED_SCORES_OPEN, L.NOT_OUT_FOR_COMMENTS, L.MODERATION_REQUIRED}
EXPECTED |= {
    "moderation not asked": _MODERATED_DRAFT | {L.MODERATION_OPEN},
    "waiting for moderation": _MODERATED_DRAFT | {L.MODERATION_PENDING},
    "sent back": _MODERATED_DRAFT | {L.MODERATION_OPEN},
    "approved": _MODERATED_DRAFT | {L.MODERATED, L.MODERATION_SETTLED},
}


def loaded(*, prefetch):
    queryset = Review.objects.all()
    if prefetch:
        queryset = queryset.prefetch_related("reviewer_links", lifecycle.open_hearings_prefetch())
    else:
        queryset = queryset.prefetch_related("reviewer_links")
    return {review.pk: review for review in queryset}


@pytest.mark.parametrize("prefetch", [True, False], ids=["hearings prefetched", "hearings read"])
def test_each_review_is_in_exactly_its_stages(reviews, prefetch):
    by_pk = loaded(prefetch=prefetch)
    found = {
        name: {stage for stage in lifecycle.STAGES if stage.holds(by_pk[review.pk])}
        for name, review in reviews.items()
    }
    assert found == EXPECTED


@pytest.mark.parametrize("stage", lifecycle.STAGES, ids=str)
def test_the_filter_of_a_stage_agrees_with_its_test(reviews, stage):
    by_pk = loaded(prefetch=True)
    tested = {pk for pk, review in by_pk.items() if stage.holds(review)}
    filtered = set(Review.objects.in_stage(stage).values_list("pk", flat=True))
    assert filtered == tested
    assert tested, "every stage has a review in it"


def test_a_stage_asked_by_key_costs_one_query(reviews, django_assert_num_queries):
    review = reviews["pair, both done"]
    with django_assert_num_queries(1):
        assert lifecycle.CONSENSUS_OPEN.holds_for_pk(review.pk)


def test_combined_stages_agree_too(reviews):
    combined = (lifecycle.RATING | lifecycle.FINALIZED) & ~lifecycle.AFTER_THE_FACT
    by_pk = loaded(prefetch=True)
    tested = {pk for pk, review in by_pk.items() if combined.holds(review)}
    assert set(Review.objects.in_stage(combined).values_list("pk", flat=True)) == tested
    assert {by_pk[pk].status for pk in tested} == {"draft", "finalized"}


def test_the_pages_name_the_stage(reviews):
    by_pk = loaded(prefetch=True)
    labels = {name: lifecycle.stage_label(by_pk[review.pk]) for name, review in reviews.items()}
    assert labels["alone"] == "Udkast"
    assert labels["pair, nobody done"] == labels["trio, two done"] == "Egne bedømmelser"
    assert labels["pair, both done"] == "Konsensus"
    assert labels["out for comments"] == "I høring"
    assert labels["alone, finalized"] == labels["pair, finalized"] == "Afsluttet"


def test_the_review_page_shows_where_the_review_is(reviews):
    by_pk = loaded(prefetch=True)

    def steps(name):
        return [(step.label, step.state) for step in lifecycle.progress(by_pk[reviews[name].pk])]

    assert steps("alone") == [
        ("Scoring", "current"),
        ("I høring", "todo"),
        ("Afsluttet", "todo"),
    ]
    assert steps("trio, two done") == [
        ("Egne bedømmelser", "current"),
        ("Konsensus", "todo"),
        ("I høring", "todo"),
        ("Afsluttet", "todo"),
    ]
    assert [state for _label, state in steps("pair, both done")] == [
        "done",
        "current",
        "todo",
        "todo",
    ]
    assert [state for _label, state in steps("out for comments")] == [
        "done",
        "done",
        "current",
        "todo",
    ]
    assert [state for _label, state in steps("høring closed")] == ["current", "todo", "todo"]
    assert [state for _label, state in steps("pair, finalized")] == ["done"] * 3 + ["current"]
