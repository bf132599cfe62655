"""Figures over sites a person may not see are guarded as a set (`analytics.disclosure`): no two
views — indeed no combination of shown figures — can be subtracted to isolate fewer unseen
reviews than the minimum."""

import datetime
from fractions import Fraction
from itertools import combinations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.disclosure import candidate_figures, disclosure
from reviews.models import Review
from tests.factories import finalize, make_review, make_site, score_all

ROUNDS = (datetime.date(2022, 3, 7), datetime.date(2023, 3, 6))


def rank(rows) -> int:
    """The rank of a matrix of rationals (Gaussian elimination)."""
    matrix = [[Fraction(value) for value in row] for row in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def shown_sets(reviews, readable, shown):
    """The sets of unseen reviews behind the figures `shown` lets a page show."""
    sets = []
    for figure in candidate_figures(reviews, readable):
        key = figure.key
        if (isinstance(key, tuple) and shown.change_shown(*key)) or (
            not isinstance(key, tuple) and shown.mean_shown(key)
        ):
            sets += [members for members in figure.sets if members]
    return sets


def smallest_isolated(sets, limit) -> set | None:
    """A group of fewer than `limit` unseen reviews whose sum some combination of the figures
    gives, found by linear algebra alone: with the figures as rows over the unseen reviews,
    a combination is supported on the group T exactly when dropping T's columns lowers the
    rank."""
    units = sorted({pk for members in sets for pk in members})
    matrix = [[1 if pk in members else 0 for pk in units] for members in sets]
    full = rank(matrix)
    for size in range(1, limit):
        for group in combinations(range(len(units)), size):
            rest = [[row[i] for i in range(len(units)) if i not in group] for row in matrix]
            if rank(rest) < full:
                return {units[i] for i in group}
    return None


@st.composite
def regions(draw):
    """Random sites × rounds with drop-outs, and which reviews the person reads."""
    sites = draw(st.integers(min_value=1, max_value=6))
    rounds = draw(st.integers(min_value=1, max_value=3))
    reviews, pk = [], 0
    for site in range(sites):
        for number in range(1, rounds + 1):
            if draw(st.booleans()) or draw(st.booleans()):
                pk += 1
                reviews.append((pk, site, number))
    readable = {row[0] for row in reviews if draw(st.integers(0, 3)) == 0}
    return reviews, readable


@settings(max_examples=150, deadline=None)
@given(regions(), st.integers(min_value=2, max_value=3))
def test_no_combination_of_shown_figures_isolates_fewer_than_the_minimum(region, minimum):
    reviews, readable = region
    shown = disclosure(reviews, readable, min_pooled=minimum)
    assert smallest_isolated(shown_sets(reviews, readable, shown), minimum) is None


@settings(max_examples=150, deadline=None)
@given(regions())
def test_a_person_who_reads_everything_is_shown_everything(region):
    reviews, _ = region
    readable = {row[0] for row in reviews}
    shown = disclosure(reviews, readable, min_pooled=5)
    figures = candidate_figures(reviews, readable)
    assert {f.key for f in figures if not isinstance(f.key, tuple)} == set(shown.rounds)
    assert {f.key for f in figures if isinstance(f.key, tuple)} == set(shown.changes)


def test_the_second_probes_attack_has_nothing_to_subtract():
    """Round 1: the person's own site and six others; round 2: five of those six. Each view
    alone counts five or more unseen sites; together they would isolate the one that left."""
    reviews = [(s, s, 1) for s in range(7)] + [(10 + s, s, 2) for s in range(6)]
    readable = {0, 10}
    shown = disclosure(reviews, readable, min_pooled=5)
    assert shown.mean_shown(1)
    assert shown.mean_shown(2)
    assert not shown.change_shown(1, 2)
    # Without the guard, linear algebra finds the site that left in the figures.
    everything = [members for f in candidate_figures(reviews, readable) for members in f.sets]
    assert smallest_isolated(everything, 5) == {6}


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture
def region(placeholder_pdf, reviewer, leader):
    """Vejle (led by `leader`) and six other sites in round 1; Lolland leaves before round 2."""
    names = ["Vejle", "Fredericia", "Kolding", "Middelfart", "Horsens", "Odense", "Lolland"]
    sites = {
        name: make_site(f"{name} Kommune", leaders=[leader] if name == "Vejle" else ())
        for name in names
    }
    for index, name in enumerate(names):
        for number, visit in enumerate(ROUNDS, start=1):
            if name == "Lolland" and number == 2:
                continue
            review = make_review(lead=reviewer, site=sites[name], scale="ips-15", visit_date=visit)
            finalize(score_all(review, [1 + (index + number) % 5] * 15), reviewer)
    return sites


def page(client, user, **params):
    client.force_login(user)
    query = {"scale": "ips-15", "kind": "external", **params}
    return " ".join(client.get(reverse("analytics:regional_analytics"), query).text.split())


def test_a_leader_gets_the_round_means_but_not_the_change_that_would_isolate_a_site(
    client, leader, region
):
    region_id = region["Vejle"].region_id
    first = page(client, leader, region=region_id, round=1)
    second = page(client, leader, region=region_id, round=2, compare=1)
    assert "Regionsgennemsnittet vises ikke" not in first
    assert "Regionsgennemsnittet vises ikke" not in second
    # The comparison's "before" mean over the five who stayed, beside the round-1 mean over
    # six, would give Lolland's scores: it is withheld.
    assert "Ændringen mellem runderne vises ikke" in second
    assert "Ændring pr. item mellem de to runder" not in second


def test_an_administrator_sees_the_change_too(client, admin, region):
    text = page(client, admin, region=region["Vejle"].region_id, round=2, compare=1)
    assert "Ændring pr. item mellem de to runder" in text
    assert Review.objects.finalized().count() == 13
