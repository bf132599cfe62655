"""Property-based tests of the scoring rules over random scores and generated band tables,
through the totals the app really shows (`Review.score_summary`, `with_totals`)."""

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import roles
from reviews.models import ItemScore, Review
from reviews.views.page import item_rows_prefetch
from scales.scoring import (
    SCORES,
    TotalOutOfRange,
    band_coverage_errors,
    band_for_total,
    total_range,
)
from tests.factories import make_review, make_site, make_user


@dataclass
class B:
    min_total: int
    max_total: int
    label: str = "band"


@st.composite
def band_tables(draw):
    """A scale size and a band table that covers its whole range exactly once."""
    items = draw(st.integers(min_value=1, max_value=40))
    lowest, highest = total_range(items)
    cuts = sorted(draw(st.sets(st.integers(min_value=lowest + 1, max_value=highest), max_size=6)))
    starts = [lowest, *cuts]
    ends = [c - 1 for c in cuts] + [highest]
    bands = [B(s, e, f"b{s}") for s, e in zip(starts, ends, strict=True)]
    return items, draw(st.permutations(bands))


scores = st.sampled_from(list(SCORES))


@pytest.fixture
def review(db):
    user = make_user("property_reviewer", role=roles.REVIEWER)
    return make_review(lead=user, scale="ips-15", site=make_site("Property Kommune"))


def _set_scores(review, vector):
    for row, score in zip(review.item_scores.order_by("item__number"), vector, strict=True):
        ItemScore.objects.filter(pk=row.pk).update(score=score)
    return Review.objects.prefetch_related(*item_rows_prefetch(), "reviewer_links").get(
        pk=review.pk
    )


# The examples share one review: each sets every score anew, so none depends on another.
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    vector=st.one_of(
        st.lists(scores, min_size=15, max_size=15),
        st.lists(st.one_of(scores, st.none()), min_size=15, max_size=15),
    )
)
def test_the_totals_the_app_shows_agree_and_a_band_comes_only_with_every_score(review, vector):
    """The review page's summary and the lists' annotated totals, over random score sets."""
    fresh = _set_scores(review, vector)
    summary = fresh.score_summary()
    annotated = Review.objects.with_totals().prefetch_related("scale__bands").get(pk=review.pk)
    given = [score for score in vector if score is not None]
    assert summary.total == sum(given) == (annotated.score_total or 0)
    assert summary.scored == len(given) == annotated.scored_count
    assert summary.complete == (None not in vector) == annotated.totals_complete
    assert sum(section.subtotal for section in summary.sections) == summary.total
    if summary.complete:
        lowest, highest = total_range(15)
        assert lowest <= summary.total <= highest
        assert summary.band == annotated.total_band
        assert summary.band.min_total <= summary.total <= summary.band.max_total
    else:
        assert summary.band is None
        assert annotated.total_band is None


@given(band_tables(), st.data())
def test_a_covering_table_gives_every_total_exactly_one_band(table, data):
    items, bands = table
    lowest, highest = total_range(items)
    assert band_coverage_errors(bands, lowest, highest) == []
    vector = data.draw(st.lists(scores, min_size=items, max_size=items))
    band = band_for_total(bands, sum(vector))
    assert band.min_total <= sum(vector) <= band.max_total


@given(band_tables(), st.integers(min_value=1, max_value=10))
def test_totals_outside_the_range_have_no_band(table, distance):
    items, bands = table
    lowest, highest = total_range(items)
    for total in (lowest - distance, highest + distance):
        with pytest.raises(TotalOutOfRange):
            band_for_total(bands, total)


@given(band_tables().filter(lambda t: len(t[1]) > 1), st.data())
def test_a_gap_or_an_overlap_is_always_reported(table, data):
    items, bands = table
    lowest, highest = total_range(items)
    bands = sorted(bands, key=lambda b: b.min_total)
    index = data.draw(st.integers(min_value=1, max_value=len(bands) - 1))
    shift = data.draw(st.sampled_from([-1, 1]))
    moved = B(bands[index].min_total + shift, bands[index].max_total, "moved")
    if moved.min_total > moved.max_total:
        return
    broken = [*bands[:index], moved, *bands[index + 1 :]]
    errors = band_coverage_errors(broken, lowest, highest)
    assert errors
    assert any(("overlapper" in e) or ("Intet interval dækker" in e) for e in errors)
