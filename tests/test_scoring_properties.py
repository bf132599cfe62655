"""Property-based tests of the scoring rules over random scores and generated band tables."""

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scales.scoring import (
    IncompleteScores,
    TotalOutOfRange,
    band_coverage_errors,
    band_for_total,
    total_of,
    total_range,
)


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


scores = st.integers(min_value=1, max_value=5)


@given(st.lists(scores, min_size=1, max_size=40))
def test_total_is_the_sum_and_stays_in_range(vector):
    lowest, highest = total_range(len(vector))
    total = total_of(vector)
    assert total == sum(vector)
    assert lowest <= total <= highest


@given(st.lists(st.one_of(scores, st.none()), min_size=1).filter(lambda v: None in v))
def test_a_total_needs_every_score(vector):
    with pytest.raises(IncompleteScores):
        total_of(vector)


@given(band_tables(), st.data())
def test_a_covering_table_gives_every_total_exactly_one_band(table, data):
    items, bands = table
    lowest, highest = total_range(items)
    assert band_coverage_errors(bands, lowest, highest) == []
    vector = data.draw(st.lists(scores, min_size=items, max_size=items))
    band = band_for_total(bands, total_of(vector))
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
