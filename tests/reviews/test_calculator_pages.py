"""The calculators on the rating, review and consensus pages: figures saved through the
autosave, validated, shown with the anchor they point to."""

import pytest
from django.urls import reverse

from tests.factories import finalize, make_review, open_consensus, rate, score_all


@pytest.fixture
def pair(reviewer, other_reviewer):
    return make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-25")


def item(review, number):
    return review.scale.items.get(number=number)


def save_rating(client, review, number, value, version=1):
    url = reverse("reviews:save_rating", args=[review.pk, item(review, number).pk])
    return client.post(url, {"field": "observed", "value": value, "version": version})


def test_a_reviewer_saves_the_figures_of_their_rating(client, reviewer, pair):
    client.force_login(reviewer)
    response = save_rating(client, pair, 1, "18; 22,5;25")
    assert response.status_code == 200
    assert response.json()["values"]["observed"] == "18; 22,5; 25"
    rating = pair.ratings.get(item__number=1)
    assert rating.observed == [18, 22.5, 25]
    page = client.get(reverse("reviews:my_rating", args=[pair.pk])).text
    assert 'value="18; 22,5; 25"' in page
    assert "Gennemsnit af 3: 21,8 kandidater" in page
    assert "peger på score 4" in page
    assert "21–25 aktive IPS-kandidater pr. fuldtids IPS-konsulent." in page


@pytest.mark.parametrize(
    ("number", "value", "error"),
    [
        (2, "90; 95", "Angiv ét tal for dette item."),
        (2, "101", "En andel kan ikke være over 100 %."),
        (3, "4", "Dette item har ingen beregner."),
        (1, "tyve", "»tyve« er ikke et tal. Adskil tallene med semikolon."),
    ],
)
def test_figures_that_do_not_fit_the_item_are_refused_and_nothing_changes(
    client, reviewer, pair, number, value, error
):
    client.force_login(reviewer)
    response = save_rating(client, pair, number, value)
    assert response.status_code == 400
    # The page names the field before the reason.
    assert response.json()["error"] == f"Observerede tal: {error}"
    assert not pair.ratings.filter(item__number=number).exclude(observed=[]).exists()


def test_clearing_the_field_clears_the_figures(client, reviewer, pair):
    client.force_login(reviewer)
    save_rating(client, pair, 15, "45")
    assert save_rating(client, pair, 15, "", version=2).status_code == 200
    assert pair.ratings.get(item__number=15).observed == []


def test_the_consensus_shows_each_reviewers_figures_and_takes_agreed_ones(
    client, reviewer, other_reviewer, pair
):
    rate(pair, reviewer, [4] * 25)
    rate(pair, other_reviewer, [3] * 25)
    mine = pair.ratings.get(reviewer__user=reviewer, item__number=1)
    mine.observed = [18, 22]
    mine.save()
    theirs = pair.ratings.get(reviewer__user=other_reviewer, item__number=1)
    theirs.observed = [27]
    theirs.save()
    open_consensus(pair)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:consensus", args=[pair.pk]) + "?order=scale").text
    assert "Rita Reviewer:</strong> 18; 22 – Gennemsnit af 2: 20 kandidater" in page
    assert "Otto Other:</strong> 27 – 27 kandidater → <strong>peger på score 3" in page
    row = pair.item_scores.get(item__number=1)
    response = client.post(
        reverse("reviews:save_item", args=[pair.pk, row.pk]),
        {"field": "observed", "value": "20", "version": row.version},
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.observed == [20]


def test_agreed_figures_wait_for_the_consensus_like_the_agreed_score(client, reviewer, pair):
    row = pair.item_scores.get(item__number=1)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:save_item", args=[pair.pk, row.pk]),
        {"field": "observed", "value": "20", "version": row.version},
    )
    assert response.status_code == 403


def test_a_finalized_review_shows_the_agreed_figures_read_only(client, reviewer, leader):
    from tests.factories import make_site

    review = make_review(lead=reviewer, site=make_site(leaders=[leader]), scale="ips-25")
    row = review.item_scores.get(item__number=15)
    row.observed = [45]
    row.save()
    finalize(score_all(review), reviewer)
    client.force_login(leader)
    page = client.get(review.get_absolute_url()).text
    assert "Dage fra opstart til første personlige arbejdsgiverkontakt:</strong> 45 (dage)" in page
    assert "45 dage → <strong>peger på score 4</strong>" in page
    assert 'data-field="observed"' not in page
