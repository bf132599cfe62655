"""The item analytics and calibration pages: who sees which sites, and a fixed query count."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from reviews.models import Review
from sites.models import Region
from tests.factories import (
    finalize,
    make_review,
    make_site,
    make_user,
    open_consensus,
    rate,
    score_all,
)

ROUNDS = (datetime.date(2022, 3, 7), datetime.date(2023, 3, 6))


def add_sites(names, *, lead, leaders=(), rounds=ROUNDS, first_score=3):
    sites = []
    for index, name in enumerate(names):
        site = make_site(name, region="Region Sjælland", leaders=leaders if index == 0 else ())
        for round_index, visit in enumerate(rounds):
            scores = [first_score + round_index if n == 0 else 4 for n in range(15)]
            review = make_review(lead=lead, site=site, scale="ips-15", visit_date=visit)
            finalize(score_all(review, scores), lead)
        sites.append(site)
    return sites


@pytest.fixture
def region(placeholder_pdf, reviewer, other_reviewer, leader):
    """Faxe (led by `leader`, reviewed by `reviewer`) and five sites `other_reviewer` did."""
    add_sites(["Faxe Kommune"], lead=reviewer, leaders=[leader], first_score=1)
    add_sites(
        ["Greve Kommune", "Holbæk Kommune", "Køge Kommune", "Lolland Kommune", "Næstved Kommune"],
        lead=other_reviewer,
    )
    return Region.objects.get(name="Region Sjælland")


def page(client, user, **params):
    client.force_login(user)
    return " ".join(client.get(reverse("analytics:regional_analytics"), params).text.split())


def test_an_administrator_sees_every_site_and_the_regional_mean(client, admin, region):
    text = page(client, admin)
    for name in ("Faxe Kommune", "Greve Kommune", "Lolland Kommune"):
        assert name in text
    assert "Regionsgennemsnittet tæller 6 steder" in text
    # Item 1 in round 2: Faxe 2, the others 4 → 3,7; lowest first.
    assert "1. Sagsstamme</strong> – gennemsnit 3,7; 1 af 6 steder scorer 1 eller 2" in text
    assert "Ændring pr. item mellem de to runder" in text


def test_a_leader_sees_their_own_site_against_the_mean_and_no_other_site(client, leader, region):
    text = page(client, leader)
    assert "Faxe Kommune mod regionsgennemsnittet" in text
    assert "Greve Kommune" not in text
    assert "Lolland Kommune" not in text
    assert "Regionsgennemsnit" in text
    assert '<td class="heat-cell">3,7</td>' in text


def test_a_site_alone_in_the_mean_is_not_compared_with_itself(
    client, leader, reviewer, placeholder_pdf
):
    add_sites(["Faxe Kommune"], lead=reviewer, leaders=[leader])
    text = page(client, leader)
    assert "Faxe Kommune er det eneste sted i regionsgennemsnittet i denne runde" in text
    assert "The site's score and the regional mean" not in text
    assert "Stedets score og regionsgennemsnittet" not in text
    assert "1 af 1 sted scorer" in text or "0 af 1 sted scorer" in text  # no "1 af 1 steder"
    assert "af 1 steder" not in text


def test_the_mean_is_withheld_when_it_would_give_other_sites_scores_away(
    client, leader, reviewer, placeholder_pdf
):
    add_sites(["Faxe Kommune"], lead=reviewer, leaders=[leader])
    add_sites(["Greve Kommune", "Holbæk Kommune"], lead=make_user("third", role="Bedømmer"))
    text = page(client, leader)
    assert "Regionsgennemsnittet vises ikke" in text
    assert "Holbæk Kommune" not in text


def test_a_leader_sees_no_change_that_would_give_another_sites_scores_away(
    client, leader, reviewer, placeholder_pdf
):
    add_sites(["Faxe Kommune"], lead=reviewer, leaders=[leader])
    others = ["Greve Kommune", "Holbæk Kommune", "Køge Kommune", "Lolland Kommune", "Sorø Kommune"]
    add_sites(others[:1], lead=reviewer)
    # Four more sites measured only in round 2: the mean is shown, the change not.
    for name in others[1:]:
        review = make_review(
            lead=reviewer,
            site=make_site(name, region="Region Sjælland"),
            scale="ips-15",
            visit_date=ROUNDS[1],
        )
        review.round = 2  # as an administrator corrects it when round 1 was missed
        finalize(score_all(review), reviewer)
    text = page(client, leader)
    assert "Regionsgennemsnittet tæller 6 steder" in text
    assert "Ændringen mellem runderne vises ikke" in text
    assert "Ændring pr. item mellem de to runder" not in text


def test_a_reviewer_sees_the_sites_of_their_own_reviews(client, other_reviewer, region):
    text = page(client, other_reviewer)
    assert "Greve Kommune" in text
    assert "Faxe Kommune" not in text


def test_the_export_holds_the_visible_rows_and_the_mean(client, leader, region):
    client.force_login(leader)
    response = client.get(reverse("analytics:regional_export", args=["csv"]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert [row[2] for row in rows[1:]] == ["Faxe Kommune", "Regionsgennemsnit (6 steder)"]
    assert rows[1][3] == "2"
    assert rows[2][3] == "3,7"  # a decimal comma, as Danish Excel reads it


def test_the_page_runs_the_same_queries_for_any_number_of_sites(
    client, admin, reviewer, placeholder_pdf, django_assert_num_queries
):
    add_sites(["Faxe Kommune", "Greve Kommune"], lead=reviewer)
    client.force_login(admin)
    url = reverse("analytics:regional_analytics")
    client.get(url)
    # session, user, second factor, groups; the form: regions, scale codes, busiest scale,
    # rounds, sites, the scale's subscales; what may be shown: the region's reviews, those the
    # person reads; the heatmap: items, named reviews, reviews in the mean, scores; the
    # change: reviews, scores; the access log (the session is written at most once a minute).
    with django_assert_num_queries(19):
        client.get(url)
    add_sites([f"Sted {n} Kommune" for n in range(6)], lead=reviewer)
    with django_assert_num_queries(19):
        response = client.get(url)
    assert response.text.count('class="heat-site"') == 8


# --- calibration -----------------------------------------------------------------------


@pytest.fixture
def rated(placeholder_pdf, reviewer, other_reviewer):
    third = make_user("third_reviewer", role="Bedømmer", first_name="Tea", last_name="Third")
    site = make_site()
    for index in range(3):
        review = make_review(
            lead=reviewer,
            co_reviewers=[other_reviewer],
            site=site,
            scale="ips-15",
            visit_date=datetime.date(2024, 1 + index, 1),
        )
        rate(review, reviewer, [4] + [3] * 14)
        rate(review, other_reviewer, [3] * 15)
        open_consensus(review)
    review = make_review(lead=other_reviewer, co_reviewers=[third], site=site, scale="ips-15")
    rate(review, other_reviewer, [3] * 15)
    rate(review, third, [3] * 15)
    open_consensus(review)
    return third


def calibration(client, user):
    client.force_login(user)
    return client.get(reverse("analytics:calibration"), {"scale": "ips-15"}).text


def test_an_administrator_sees_every_pair_and_the_flagged_item(client, admin, rated):
    text = calibration(client, admin)
    assert "På tværs af 4 reviews" in text
    assert "Otto Other – Rita Reviewer" in text or "Rita Reviewer – Otto Other" in text
    assert "Otto Other – Tea Third" in text
    assert "ensidig: Rita Reviewer scorer i gennemsnit 1,0 højere" in text
    # What the figures mean, kappa in one sentence.
    assert "Vægtet kappa måler enigheden ud over den, tilfældigheder ville give" in text
    assert "Ens: andelen af par af scorer, hvor begge bedømmere gav samme score" in text


def test_a_reviewer_sees_only_the_pairs_they_are_in(client, reviewer, rated):
    text = calibration(client, reviewer)
    assert "Tea Third" not in text
    assert "Du ser de par, du selv indgår i" in text
    assert "ensidig: Rita Reviewer scorer" in text


def test_a_reviewer_outside_a_pair_sees_nothing_of_drafts_they_are_not_on(client, rated):
    text = calibration(client, rated)
    assert "På tværs af 1 review," in text
    assert "ensidig:" not in text
    assert "Intet item er markeret." in text


def test_a_reviewer_outside_a_pair_sees_the_flag_without_names_in_a_pool_of_five(
    client, rated, reviewer, other_reviewer
):
    drafts = Review.objects.filter(reviewer_links__user=reviewer)
    for review in drafts:
        finalize(score_all(review), reviewer)
    for month in (4, 5):
        review = make_review(
            lead=reviewer,
            co_reviewers=[other_reviewer],
            site=drafts.first().site,
            scale="ips-15",
            visit_date=datetime.date(2024, month, 1),
        )
        rate(review, reviewer, [4] + [3] * 14)
        rate(review, other_reviewer, [3] * 15)
        finalize(score_all(open_consensus(review)), reviewer)
    text = calibration(client, rated)
    assert "På tværs af 6 reviews" in text
    assert "Rita Reviewer" not in text
    assert "ensidig: den ene bedømmer i et par scorer i gennemsnit 1,0 højere (5 reviews)" in text


def test_a_leader_without_finalized_reviews_is_told_so_without_form_errors(client, leader):
    make_site("Hjørring Kommune", region="Region Nordjylland", leaders=[leader])
    text = page(client, leader)
    assert 'data-testid="analytics-empty"' in text
    assert "Der er endnu intet afsluttet review" in text
    assert "påkrævet" not in text
    assert "<select" not in text
