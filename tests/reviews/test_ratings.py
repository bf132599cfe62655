"""Independent ratings, the consensus and the agreement figures."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import roles
from reviews import lifecycle, services
from reviews.agreement import agreement, weighted_kappa
from reviews.models import ItemScore, Review, ReviewReviewer
from tests.factories import finalize, make_review, make_site, make_user, rate, score_all

# Two reviewers' ratings of the 25 IPS-25 items (A is the Vejle consensus).
A = [4, 3, 5, 5, 2, 4, 5, 3, 5, 2, 4, 5, 5, 4, 4, 5, 4, 4, 5, 5, 1, 5, 5, 3, 4]
B = [4, 3, 4, 5, 3, 4, 5, 3, 5, 2, 3, 5, 5, 4, 4, 5, 4, 3, 5, 5, 2, 5, 4, 3, 4]
C = [4, 3, 5, 4, 2, 4, 5, 3, 5, 3, 4, 5, 5, 4, 4, 5, 4, 4, 5, 4, 1, 5, 5, 3, 4]


def test_agreement_figures_on_a_known_example():
    # 19 of 25 identical, all within one point. The kappas were checked against
    # scikit-learn's cohen_kappa_score(weights="quadratic").
    figures = agreement([A, B])
    assert (figures.reviewers, figures.items) == (2, 25)
    assert figures.exact == pytest.approx(0.76)
    assert figures.within_one == pytest.approx(1.0)
    assert figures.kappa == pytest.approx(0.8890532544378698, abs=1e-12)
    assert (figures.exact_percent, figures.within_one_percent) == (76, 100)


def test_three_reviewers_use_the_mean_pairwise_kappa():
    figures = agreement([A, B, C])
    assert figures.exact == pytest.approx(16 / 25)
    assert figures.kappa == pytest.approx(0.8842494020342487, abs=1e-12)


def test_kappa_is_undefined_without_expected_disagreement():
    assert weighted_kappa([3, 3, 3], [3, 3, 3]) is None
    figures = agreement([[3, 3, 3], [3, 3, 3]])
    assert figures.exact == 1.0
    assert figures.kappa is None


def test_unrated_items_are_left_out_and_one_reviewer_has_no_figures():
    figures = agreement([[1, None, 3], [1, 2, 4]])
    assert (figures.items, figures.exact, figures.within_one) == (2, 0.5, 1.0)
    assert agreement([[1, 2, 3]]).kappa is None


@pytest.fixture
def pair(reviewer, other_reviewer, leader):
    site = make_site(leaders=[leader])
    return make_review(lead=reviewer, co_reviewers=[other_reviewer], site=site, scale="ips-15")


RITA = [5, 4, 4, 3, 3, 2, 4, 5, 4, 3, 3, 4, 2, 3, 4]
OTTO = [5, 4, 3, 3, 1, 2, 4, 5, 4, 3, 4, 4, 2, 3, 4]


def test_a_review_with_two_reviewers_starts_in_the_rating_stage(pair):
    assert pair.in_rating_stage
    assert pair.needs_consensus
    assert not pair.agreed_scores_open


def test_nobody_sees_another_rating_before_everyone_is_done(client, pair, reviewer, other_reviewer):
    rate(pair, other_reviewer, OTTO, notes="Ottos hemmelige note")
    rate(pair, reviewer, RITA, notes="Ritas note")
    services.rating_mark_done(review=pair, user=other_reviewer)
    client.force_login(reviewer)
    for url in (
        reverse("reviews:my_rating", args=[pair.pk]),
        reverse("reviews:consensus", args=[pair.pk]),
        pair.get_absolute_url(),
    ):
        page = client.get(url).text
        assert "Ottos hemmelige note" not in page, url
    # Done first does not open the others' ratings either: only everyone done does.
    client.force_login(other_reviewer)
    page = client.get(reverse("reviews:consensus", args=[pair.pk])).text
    assert "Konsensus åbner, når alle bedømmere" in page
    assert "Ritas note" not in page
    services.rating_mark_done(review=pair, user=reviewer)
    page = client.get(reverse("reviews:consensus", args=[pair.pk])).text
    assert "Ritas note" in page
    assert "Ottos hemmelige note" in page


def test_the_consensus_puts_disagreements_first_and_prefills_agreement(
    client, pair, reviewer, other_reviewer
):
    rate(pair, reviewer, RITA)
    rate(pair, other_reviewer, OTTO)
    services.rating_mark_done(review=pair, user=reviewer)
    services.rating_mark_done(review=pair, user=other_reviewer)
    pair.refresh_from_db()
    agreed = dict(pair.item_scores.values_list("item__number", "score"))
    assert agreed[1] == 5
    assert [agreed[3], agreed[5], agreed[11]] == [None, None, None]
    client.force_login(reviewer)
    page = client.get(reverse("reviews:consensus", args=[pair.pk])).text
    assert page.index('id="item-5"') < page.index('id="item-3"') < page.index('id="item-1"')
    assert "Scorerne afviger med 2" in page
    assert "Bedømmerne er uenige om 3 items." in page
    page = client.get(reverse("reviews:consensus", args=[pair.pk]) + "?show=two").text
    assert 'id="item-5"' in page
    assert 'id="item-3"' not in page
    assert (
        "80 % af items fik samme score af alle bedømmere, 93 % lå højst ét point fra hinanden"
        in page
    )


def test_the_agreed_score_waits_for_the_consensus(client, pair, reviewer):
    row = pair.item_scores.get(item__number=1)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:save_item", args=[pair.pk, row.pk]),
        {"field": "score", "value": "4", "version": 1},
    )
    assert response.status_code == 403
    assert "sættes i konsensus" in response.json()["error"]


def test_done_needs_every_item_rated_and_locks_the_rating(client, pair, reviewer):
    with pytest.raises(ValidationError) as excinfo:
        services.rating_mark_done(review=pair, user=reviewer)
    assert excinfo.value.messages == ["Item 1–15 mangler en score i din bedømmelse."]
    rate(pair, reviewer, RITA)
    services.rating_mark_done(review=pair, user=reviewer)
    client.force_login(reviewer)
    item = pair.scale.items.get(number=2)
    response = client.post(
        reverse("reviews:save_rating", args=[pair.pk, item.pk]),
        {"field": "score", "value": "1", "version": 2},
    )
    assert response.status_code == 403
    assert "markeret som færdig" in response.json()["error"]
    services.rating_reopen(review=pair, user=reviewer)
    link = ReviewReviewer.objects.get(review=pair, user=reviewer)
    assert link.rating_done_at is None


def test_ratings_cannot_be_reopened_once_the_consensus_began(pair, reviewer, other_reviewer):
    rate(pair, reviewer, RITA)
    rate(pair, other_reviewer, OTTO)
    services.rating_mark_done(review=pair, user=reviewer)
    services.rating_mark_done(review=pair, user=other_reviewer)
    with pytest.raises(services.NotNow):
        services.rating_reopen(review=pair, user=reviewer)


def test_a_review_cannot_be_finalized_while_the_consensus_is_missing(
    pair, reviewer, other_reviewer
):
    score_all(pair)
    rate(pair, reviewer, RITA)
    services.rating_mark_done(review=pair, user=reviewer)
    with pytest.raises(ValidationError) as excinfo:
        finalize(pair, reviewer)
    assert "ikke færdig: Otto Other" in " ".join(excinfo.value.messages)


def test_a_single_reviewer_skips_the_consensus(client, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    assert not review.needs_consensus
    assert review.agreed_scores_open
    client.force_login(reviewer)
    assert client.get(reverse("reviews:my_rating", args=[review.pk])).status_code == 302
    assert client.get(reverse("reviews:consensus", args=[review.pk])).status_code == 302
    finalize(score_all(review), reviewer)
    assert Review.objects.get(pk=review.pk).status == Review.Status.FINALIZED


def test_three_reviewers_and_one_added_late(reviewer, other_reviewer):
    third = make_user("third", role=roles.REVIEWER)
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer, third], scale="ips-15")
    for user, scores in ((reviewer, RITA), (other_reviewer, OTTO), (third, RITA)):
        rate(review, user, scores)
        services.rating_mark_done(review=review, user=user)
    review = Review.objects.prefetch_related("reviewer_links", "ratings").get(pk=review.pk)
    assert lifecycle.CONSENSUS_OPEN.holds(review)
    assert review.agreement().reviewers == 3
    late = make_user("late", role=roles.REVIEWER)
    ReviewReviewer.objects.create(review=review, user=late)
    review = Review.objects.prefetch_related("reviewer_links", "ratings").get(pk=review.pk)
    assert lifecycle.RATING.holds(review)
    assert not review.ratings.filter(reviewer__user=late).exists()
    rate(review, late, OTTO)
    services.rating_mark_done(review=review, user=late)
    review = Review.objects.prefetch_related("reviewer_links").get(pk=review.pk)
    assert lifecycle.CONSENSUS_OPEN.holds(review)


def test_leaders_never_see_ratings_or_agreement(
    client, pair, reviewer, other_reviewer, leader, admin
):
    rate(pair, reviewer, RITA, notes="Ritas note")
    rate(pair, other_reviewer, OTTO)
    services.rating_mark_done(review=pair, user=reviewer)
    services.rating_mark_done(review=pair, user=other_reviewer)
    finalize(score_all(pair), reviewer)
    client.force_login(leader)
    assert client.get(reverse("reviews:consensus", args=[pair.pk])).status_code == 403
    assert client.get(reverse("reviews:my_rating", args=[pair.pk])).status_code == 403
    page = client.get(pair.get_absolute_url()).text
    assert "Enighed før konsensus" not in page
    assert "Ritas note" not in page
    response = client.get(reverse("overview:export", args=["totaler", "csv"]) + "?scale=ips-15")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "kappa" not in text.lower()
    client.force_login(admin)
    response = client.get(reverse("overview:export", args=["totaler", "csv"]) + "?scale=ips-15")
    header, row = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[:2]
    assert header.endswith(
        "Enighed, ens score (%);Enighed inden for ét point (%);Vægtet kappa;Bedømmere"
    )
    assert row.endswith(";80;93;0,797;2")  # a decimal comma for Danish Excel


def test_reviewers_see_the_agreement_on_the_review_page(client, pair, reviewer, other_reviewer):
    rate(pair, reviewer, RITA)
    rate(pair, other_reviewer, OTTO)
    services.rating_mark_done(review=pair, user=reviewer)
    services.rating_mark_done(review=pair, user=other_reviewer)
    client.force_login(other_reviewer)
    page = client.get(pair.get_absolute_url()).text
    assert "Enighed før konsensus" in page
    assert "vægtet kappa: 0,80" in page


def test_leaders_change_log_starts_at_finalizing_and_agreement_is_credited_to_the_system(
    client, pair, reviewer, other_reviewer, leader, admin
):
    rate(pair, reviewer, RITA)
    rate(pair, other_reviewer, OTTO)
    client.force_login(reviewer)
    client.post(reverse("reviews:rating_done", args=[pair.pk]))
    client.force_login(other_reviewer)
    # Otto's "done" opens the consensus: the 12 scores everyone agreed on are filled in by
    # the app, not by Otto.
    client.post(reverse("reviews:rating_done", args=[pair.pk]))
    filled = ItemScore.history.filter(review_id=pair.pk, history_change_reason="score")
    assert filled.count() == 12
    assert set(filled.values_list("history_user", flat=True)) == {None}
    for number, score in ((3, 4), (5, 2), (11, 4)):
        row = pair.item_scores.get(item__number=number)
        services.field_save(
            obj=row, field="score", raw_value=str(score), base_version=row.version, user=reviewer
        )
    row = pair.item_scores.get(item__number=5)
    services.field_save(
        obj=row, field="remark", raw_value="Internt udkast", base_version=row.version, user=reviewer
    )
    # Another field between the two remarks keeps the first a change of its own in the log
    # (one person's quick saves of one field read as one change: test_change_log.py).
    row.refresh_from_db()
    services.field_save(
        obj=row,
        field="recommendation",
        raw_value="Anbefal",
        base_version=row.version,
        user=reviewer,
    )
    row.refresh_from_db()
    services.field_save(
        obj=row, field="remark", raw_value="Endelig tekst", base_version=row.version, user=reviewer
    )
    pair.summary = "Resumé"
    pair.save()
    client.force_login(reviewer)
    log = client.get(reverse("reviews:review_log", args=[pair.pk])).text
    assert "(systemet) ændrede" in log
    assert "Internt udkast" in log
    finalize(pair, reviewer)

    client.force_login(leader)
    log = client.get(reverse("reviews:review_log", args=[pair.pk])).text
    assert "Internt udkast" not in log
    assert "Item 1. " not in log  # the scores filled in while drafting
    assert "Status" in log
    assert "Afsluttet" in log
    # A reopening and what changed after it are the leaders' to see.
    services.review_reopen(review=pair, user=admin, reason="Stavefejl")
    row.refresh_from_db()
    services.field_save(
        obj=row, field="remark", raw_value="Rettet tekst", base_version=row.version, user=reviewer
    )
    finalize(pair, reviewer)
    log = client.get(reverse("reviews:review_log", args=[pair.pk])).text
    assert "Ada genåbnede <strong>reviewet</strong>: Stavefejl" in log
    assert "Rettet tekst" in log
    assert "Internt udkast" not in log
    assert log.count("Afsluttet") >= 2
    # The review page's latest changes follow the same rule.
    assert "Internt udkast" not in client.get(pair.get_absolute_url()).text
