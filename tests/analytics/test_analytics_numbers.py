"""The numbers of the regional item analytics and of reviewer calibration."""

import datetime
from decimal import Decimal

import pytest

from analytics.calibration import Flag, calibration, percent
from analytics.regional import item_changes, regional_disclosure, regional_heatmap
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

ROUND_1 = datetime.date(2022, 3, 7)
ROUND_2 = datetime.date(2023, 3, 6)


def scores(head, rest=3):
    """15 IPS-15 scores: `head` for the first items, `rest` for the others."""
    return [*head, *[rest] * (15 - len(head))]


@pytest.fixture
def region(placeholder_pdf, reviewer):
    """Three sites with two rounds each, and a draft that must not count."""
    sites = {
        name: make_site(f"{name} Kommune", region="Region Sjælland")
        for name in ("Faxe", "Greve", "Holbæk")
    }
    plan = {
        "Faxe": (scores([1, 2, 5]), scores([2, 2, 5])),
        "Greve": (scores([2, 4, 5]), scores([3, 4, 4])),
        "Holbæk": (scores([3, 3, 5]), None),
    }
    for name, (first, second) in plan.items():
        for visit, given in ((ROUND_1, first), (ROUND_2, second)):
            if given:
                review = make_review(
                    lead=reviewer, site=sites[name], scale="ips-15", visit_date=visit
                )
                finalize(score_all(review, given), reviewer)
    make_review(lead=reviewer, site=sites["Holbæk"], scale="ips-15", visit_date=ROUND_2)
    return sites


def shown_to(named, min_pooled):
    return regional_disclosure(
        mean_reviews=Review.objects.all(),
        named_reviews=named,
        scale_code="ips-15",
        kind="external",
        min_pooled=min_pooled,
    )


def heatmap(round_, named=None, min_pooled=5):
    everything = Review.objects.all()
    named = named if named is not None else everything
    return regional_heatmap(
        named_reviews=named,
        mean_reviews=everything,
        scale_code="ips-15",
        round=round_,
        kind="external",
        shown=shown_to(named, min_pooled),
    )


def test_the_heatmap_has_a_cell_per_site_and_item_and_the_regional_means(region):
    first = heatmap(1)
    assert [row.site.name for row in first.rows] == [
        "Faxe Kommune",
        "Greve Kommune",
        "Holbæk Kommune",
    ]
    assert [row.cells[:3] for row in first.rows] == [[1, 2, 5], [2, 4, 5], [3, 3, 5]]
    assert [row.total for row in first.rows] == [44, 47, 47]
    assert [m.mean for m in first.means[:4]] == [
        Decimal("2.0"),
        Decimal("3.0"),
        Decimal("5.0"),
        Decimal("3.0"),
    ]
    assert first.counted == 3
    assert [(m.item.number, m.mean, m.low) for m in first.lowest(2)] == [
        (1, Decimal("2.0"), 2),
        (2, Decimal("3.0"), 1),
    ]
    # The draft of round 2 does not count, nor does a round a site missed.
    second = heatmap(2)
    assert [row.site.name for row in second.rows] == ["Faxe Kommune", "Greve Kommune"]
    assert second.means[0].mean == Decimal("2.5")


def test_a_site_against_the_regional_mean(region):
    first = heatmap(1)
    faxe = first.row_for(region["Faxe"].pk)
    compared = first.against_mean(faxe)[:3]
    assert [(c.score, c.mean, c.difference) for c in compared] == [
        (1, Decimal("2.0"), Decimal("-1.0")),
        (2, Decimal("3.0"), Decimal("-1.0")),
        (5, Decimal("5.0"), Decimal("0.0")),
    ]


def test_named_sites_and_the_mean_are_separate_so_a_leader_sees_only_their_own_row(region):
    own = Review.objects.filter(site=region["Greve"])
    first = heatmap(1, named=own, min_pooled=2)
    assert [row.site.name for row in first.rows] == ["Greve Kommune"]
    assert first.means[0].mean == Decimal("2.0")
    # With Greve's own scores, a mean of Greve and one other site would give that site's
    # scores away: with fewer unseen sites than the minimum, the mean is withheld (round 2:
    # Faxe alone). Round 1 has two unseen sites, enough for a minimum of 2 here.
    assert heatmap(1, named=own, min_pooled=2).mean_shown is True
    few = heatmap(2, named=own, min_pooled=2)
    assert few.mean_shown is False
    assert [m.mean for m in few.means] == [None] * 15
    # Seeing every site by name, nothing is unseen.
    assert heatmap(2, min_pooled=2).mean_shown is True


def test_the_change_per_item_counts_only_sites_measured_in_both_rounds(region):
    changes = item_changes(
        mean_reviews=Review.objects.all(),
        scale_code="ips-15",
        first=1,
        second=2,
        kind="external",
        shown=shown_to(Review.objects.all(), 5),
    )
    first, second, third = changes[:3]
    # Faxe 1 → 2, Greve 2 → 3; Holbæk has no second round and is left out.
    assert (first.before, first.after, first.change, first.sites) == (
        Decimal("1.5"),
        Decimal("2.5"),
        Decimal("1.0"),
        2,
    )
    assert (first.improved, first.declined) == (2, 0)
    assert (second.change, second.improved) == (Decimal("0.0"), 0)
    assert (third.before, third.after, third.declined) == (Decimal("5.0"), Decimal("4.5"), 1)


def test_the_change_is_withheld_when_too_few_unseen_sites_were_measured_twice(region):
    # Greve sees only itself; Faxe is the one other site measured in both rounds.
    own = Review.objects.filter(site=region["Greve"])
    options = {"mean_reviews": Review.objects.all(), "scale_code": "ips-15", "first": 1}
    assert item_changes(**options, second=2, shown=shown_to(own, 2)) is None
    assert item_changes(**options, second=2, shown=shown_to(own, 1))
    assert item_changes(**options, second=2, shown=shown_to(Review.objects.all(), 2))


def test_the_heatmap_costs_four_queries_whatever_the_size(region, django_assert_num_queries):
    everything = Review.objects.all()
    shown = shown_to(everything, 5)
    # Item names, the named reviews with their sites, the reviews in the mean, the scores.
    with django_assert_num_queries(4):
        regional_heatmap(
            named_reviews=everything,
            mean_reviews=everything,
            scale_code="ips-15",
            round=1,
            kind="external",
            shown=shown,
        )


def test_what_may_be_shown_costs_two_queries_whatever_the_size(region, django_assert_num_queries):
    # The region's finalized reviews; which of them the person reads.
    with django_assert_num_queries(2):
        shown_to(Review.objects.filter(site=region["Greve"]), 2)


# --- calibration --------------------------------------------------------------------------


@pytest.fixture
def rated(placeholder_pdf, reviewer, other_reviewer):
    """Five reviews rated by one pair: `reviewer` scores item 1 a point higher every time,
    and item 3 two points apart, one way and the other."""
    third = make_user("third_reviewer", first_name="Tea", last_name="Third")
    site = make_site()
    plans = [
        ([4, 3, 3], [3, 3, 1]),
        ([5, 3, 2], [4, 4, 4]),
        ([4, 2, 3], [3, 2, 1]),
        ([4, 3, 2], [3, 3, 4]),
        ([3, 3, 3], [2, 3, 1]),
    ]
    for index, (mine, theirs) in enumerate(plans):
        review = make_review(
            lead=reviewer,
            co_reviewers=[other_reviewer],
            site=site,
            scale="ips-15",
            visit_date=datetime.date(2024, 1 + index, 1),
        )
        rate(review, reviewer, scores(mine))
        rate(review, other_reviewer, scores(theirs))
        open_consensus(review)
    # Still rating: hidden from everyone, so it does not count.
    hidden = make_review(
        lead=reviewer, co_reviewers=[third], site=site, scale="ips-15", visit_date=ROUND_2
    )
    rate(hidden, reviewer, scores([1, 1, 1], 1))
    rate(hidden, third, scores([5, 5, 5], 5))
    return third


def every_pair(first, second):
    return True


def no_pair(first, second):
    return False


def test_agreement_per_item_and_per_pair_across_reviews(rated, reviewer, other_reviewer):
    result = calibration(scale_code="ips-15", reviews=Review.objects.all(), show_pair=every_pair)
    assert result.reviews == 5
    first, second, third = (item.figures for item in result.items[:3])
    assert (first.count, percent(first.exact), percent(first.within_one)) == (5, 0, 100)
    assert (percent(second.exact), percent(second.within_one)) == (80, 100)
    assert (percent(third.exact), percent(third.within_one)) == (0, 0)
    (pair,) = result.pairs
    assert {pair.first, pair.second} == {reviewer, other_reviewer}
    assert pair.figures.count == 75
    assert len(pair.figures.reviews) == 5
    # Items 4–15 agree every time (60 pairs), item 2 four times: 64 of 75.
    assert percent(pair.figures.exact) == 85
    assert pair.figures.kappa is not None


def test_an_item_one_reviewer_scores_higher_every_time_is_flagged(rated, reviewer):
    result = calibration(scale_code="ips-15", reviews=Review.objects.all(), show_pair=every_pair)
    flagged = {item.item.number: item.flags for item in result.flagged}
    assert set(flagged) == {1, 3}
    (one_sided,) = flagged[1]
    assert one_sided.kind == Flag.ONE_SIDED
    assert one_sided.higher == reviewer
    assert one_sided.points == Decimal("1.0")
    # Item 3: two points apart every time, but not one way: wide, not one-sided.
    assert [flag.kind for flag in flagged[3]] == [Flag.WIDE]


def test_a_reviewer_sees_the_item_flags_but_only_their_own_pairs(rated, reviewer):
    result = calibration(scale_code="ips-15", reviews=Review.objects.all(), show_pair=no_pair)
    assert result.pairs == []
    flag = result.flagged[0].flags[0]
    assert flag.pair is None
    assert flag.higher is None
    assert flag.points == Decimal("1.0")
