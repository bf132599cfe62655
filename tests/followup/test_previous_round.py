"""A new review of a site shows, folded beside each item, the previous round on the same scale
(or an earlier version of it): score, remark, recommendation and the status of the actions
made from it. Read-only; nothing is copied."""

import datetime
import re

import pytest
from django.urls import reverse

from followup.models import Action
from scales import services as scale_services
from tests.factories import (
    finalize,
    make_review,
    make_site,
    open_consensus,
    previous_round_action,
    rate,
    score_all,
)


@pytest.fixture(autouse=True)
def _placeholder(placeholder_pdf):
    """Every test here finalizes reviews; the report itself is not the subject."""


@pytest.fixture
def site(leader):
    return make_site(leaders=[leader])


@pytest.fixture
def previous(reviewer, leader, site):
    return previous_round_action(
        reviewer=reviewer,
        leader=leader,
        site=site,
        status=Action.Status.IN_PROGRESS,
        remark="Caseload <script>alert(1)</script> for høj",
    ).review


def item_article(page, number):
    return re.search(rf'id="item-{number}".*?</article>', page, re.S).group(0)


def test_the_review_page_shows_the_previous_round_folded(client, reviewer, site, previous):
    review = make_review(lead=reviewer, site=site, scale="ips-15")
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).text
    first = item_article(page, 1)
    assert "<details" in first
    assert "<details open" not in first
    assert "Forrige runde (01.10.2025): score 4" in first
    assert "Færre borgere pr. konsulent – <strong>I gang</strong>" in first
    assert "Anbefaling til item 1" in first
    assert page.count("data-previous-round") == 15
    # Nothing is copied into the new review.
    assert not review.item_scores.exclude(score=None).exists()
    assert not review.item_scores.exclude(remark="").exists()


def test_the_previous_remark_is_escaped(client, reviewer, site, previous):
    review = make_review(lead=reviewer, site=site, scale="ips-15")
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_rating_and_consensus_pages_show_it_too(
    client, reviewer, other_reviewer, site, previous
):
    review = make_review(lead=reviewer, site=site, scale="ips-15", co_reviewers=[other_reviewer])
    client.force_login(reviewer)
    page = client.get(reverse("reviews:my_rating", args=[review.pk])).text
    assert "Forrige runde (01.10.2025): score 4" in item_article(page, 1)
    rate(review, reviewer, [3] * 15)
    rate(review, other_reviewer, [4] * 15)
    open_consensus(review)
    page = client.get(reverse("reviews:consensus", args=[review.pk]) + "?show=all").text
    assert "Forrige runde (01.10.2025): score 4" in item_article(page, 1)


def test_an_earlier_version_of_the_scale_counts_matched_by_number(client, reviewer, site, previous):
    newer = scale_services.scale_create_version(scale=previous.scale)
    newer = scale_services.scale_publish(scale=newer, change_note="Ny ordlyd.")
    review = make_review(lead=reviewer, site=site, scale=newer)
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).text
    assert "Forrige runde (01.10.2025): score 4" in item_article(page, 1)


def test_another_site_or_scale_or_a_later_review_shows_nothing(client, reviewer, site, previous):
    other_site = make_review(lead=reviewer, site=make_site("Kolding Kommune"), scale="ips-15")
    other_scale = make_review(lead=reviewer, site=site, scale="ips-25")
    earlier = make_review(
        lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2025, 1, 1)
    )
    client.force_login(reviewer)
    for review in (other_site, other_scale, earlier):
        assert "data-previous-round" not in client.get(review.get_absolute_url()).text


def test_a_draft_is_no_previous_round(client, reviewer, site):
    make_review(lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2025, 1, 1))
    review = make_review(lead=reviewer, site=site, scale="ips-15")
    client.force_login(reviewer)
    assert "data-previous-round" not in client.get(review.get_absolute_url()).text


def test_leaders_do_not_get_the_previous_round(client, reviewer, leader, site, previous):
    review = finalize(score_all(make_review(lead=reviewer, site=site, scale="ips-15")), reviewer)
    client.force_login(leader)
    assert "data-previous-round" not in client.get(review.get_absolute_url()).text
    client.force_login(reviewer)
    assert "data-previous-round" in client.get(review.get_absolute_url()).text


def test_the_previous_round_costs_two_queries(
    client, reviewer, site, previous, django_assert_num_queries
):
    review = make_review(lead=reviewer, site=site, scale="ips-15")
    client.force_login(reviewer)
    # The review page's 23 the first time in a process (tests/reviews/test_review_pages.py), two of
    # them the previous round's item scores with their review and items, and the actions
    # made from them: the same with a previous round as without.
    with django_assert_num_queries(23):
        client.get(review.get_absolute_url())
