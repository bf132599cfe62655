"""Calibration pools only what the access table lets a person see: their own reviews once
every reviewer on them is done, others' reviews only when finalized and only in a pool of
`access.MIN_POOLED` or more of them."""

import datetime

import pytest
from django.urls import reverse

from accounts import roles
from analytics.calibration import calibration
from reviews import access
from reviews.models import Review
from tests.factories import (
    finalize,
    make_review,
    make_site,
    make_user,
    open_consensus,
    rate,
    score_all,
)

# Three reviewers who read item 13 three ways, and agree on every other item.
ITEM_13_APART = [([3] * 12 + [score] + [3] * 2) for score in (1, 3, 5)]


@pytest.fixture
def trio(db):
    return [make_user(name, role=roles.REVIEWER) for name in ("ane", "bo", "cai")]


def rated_review(trio, *, site, visit_date=datetime.date(2026, 9, 1), done=True):
    review = make_review(
        lead=trio[0], co_reviewers=trio[1:], site=site, scale="ips-15", visit_date=visit_date
    )
    for person, scores in zip(trio, ITEM_13_APART, strict=True):
        rate(review, person, scores)
    if done:
        open_consensus(review)
    return review


def pooled(user):
    queryset = Review.objects.filter(scale__code="ips-15")
    return calibration(
        scale_code="ips-15",
        reviews=access.calibration_pool(user, queryset),
        show_pair=access.calibration_pair_shown(user),
    )


def item_13(result):
    return next(entry for entry in result.items if entry.item.number == 13)


def test_a_reviewer_not_on_a_review_in_its_consensus_sees_nothing_of_it(client, reviewer, trio):
    """The leak of the first probe: a reviewer who is not on another site's review saw on the
    calibration page that its three reviewers scored item 13 three ways, while that review
    was still a draft."""
    rated_review(trio, site=make_site("Næstved Kommune"))
    client.force_login(reviewer)
    text = client.get(reverse("analytics:calibration"), {"scale": "ips-15"}).text
    assert "På tværs af 0 reviews" in text
    result = pooled(reviewer)
    assert (result.reviews, item_13(result).figures.count) == (0, 0)


def test_ratings_still_being_given_count_for_no_one(admin, trio):
    rated_review(trio, site=make_site(), done=False)
    for person in (admin, *trio):
        assert pooled(person).reviews == 0


def test_the_reviewers_on_a_review_see_it_once_every_one_of_them_is_done(trio):
    rated_review(trio, site=make_site())
    result = pooled(trio[0])
    assert result.reviews == 1
    assert item_13(result).figures.exact == 0
    assert item_13(result).figures.count == 3


def test_others_finalized_reviews_count_only_in_a_pool_of_five(reviewer, trio, placeholder_pdf):
    site = make_site()
    for index in range(access.MIN_POOLED - 1):
        review = rated_review(trio, site=site, visit_date=datetime.date(2025, 1 + index, 1))
        finalize(score_all(review, [3] * 15), trio[0])
    assert pooled(reviewer).reviews == 0
    # A draft of others in its consensus adds nothing to the pool.
    rated_review(trio, site=site, visit_date=datetime.date(2026, 1, 1))
    assert pooled(reviewer).reviews == 0
    fifth = rated_review(trio, site=site, visit_date=datetime.date(2025, 9, 1))
    finalize(score_all(fifth, [3] * 15), trio[0])
    result = pooled(reviewer)
    assert result.reviews == access.MIN_POOLED
    # Pooled, but nobody's pair is named to someone outside it.
    assert result.pairs == []
    assert item_13(result).figures.count == 3 * access.MIN_POOLED


def test_an_administrator_pools_every_review_whose_ratings_are_revealed(admin, trio):
    rated_review(trio, site=make_site())
    result = pooled(admin)
    assert result.reviews == 1
    assert len(result.pairs) == 3
