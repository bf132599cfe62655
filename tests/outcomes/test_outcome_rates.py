"""The outcome formulas and the rules between the counts (outcomes.rates, OutcomePeriod)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from outcomes import rates
from outcomes.models import OutcomePeriod, quarter_bounds
from tests.factories import make_site

COUNTS = {
    "start": date(2020, 1, 1),
    "end": date(2020, 12, 31),
    "candidates_in_course": None,
    "new_candidates": None,
    "closed_courses": None,
    "closed_ordinary_job": None,
    "closed_flexjob": None,
    "closed_education": None,
    "in_job_or_education": None,
    "days_to_job_or_education": None,
    "staff_people": None,
    "staff_fte": None,
    "target_candidates": None,
    "target_in_job_or_education": None,
    "target_rate": None,
    "target_staff": None,
}


def period(**counts):
    return SimpleNamespace(**{**COUNTS, **counts})


# Hjørring's closed courses in 2020 (seeds 001/003): 37 + 2 + 30 + 55 = 124.
HJOERRING = {
    "closed_courses": 124,
    "closed_ordinary_job": 37,
    "closed_flexjob": 2,
    "closed_education": 30,
}


def test_hjoerrings_job_or_education_rate_is_the_56_percent_the_seed_reports():
    hjoerring = period(**HJOERRING)
    assert rates.HEADLINE.value(hjoerring) == Decimal(69) / Decimal(124)
    assert rates.HEADLINE.display(hjoerring) == "56 %"
    shares = [rates.FORMULAS[key].display(hjoerring) for key in ("ordinary_job", "flexjob")]
    assert shares == ["30 %", "2 %"]
    assert rates.FORMULAS["education"].display(hjoerring) == "24 %"
    assert rates.closed_other(hjoerring) == 55
    assert rates.FORMULAS["other"].display(hjoerring) == "44 %"


def test_the_caseload_per_full_time_staff_member_is_a_ratio():
    # Hjørring 2017: four IPS-konsulenter with 60 candidates, 15 each.
    assert (
        rates.FORMULAS["caseload_per_fte"].display(
            period(candidates_in_course=60, staff_fte=Decimal("4"))
        )
        == "15,0"
    )
    assert (
        rates.FORMULAS["caseload_per_fte"].display(
            period(candidates_in_course=62, staff_fte=Decimal("7.5"))
        )
        == "8,3"
    )


def test_the_rates_against_targets_and_of_candidates_in_job_now():
    lolland = period(candidates_in_course=14, target_candidates=21, in_job_or_education=5)
    assert rates.FORMULAS["candidates_vs_target"].display(lolland) == "67 %"
    assert rates.FORMULAS["in_job_now"].display(lolland) == "36 %"
    assert rates.FORMULAS["in_job_vs_target"].display(lolland) == "–"


@pytest.mark.parametrize(
    "counts",
    [
        {"closed_courses": 0, "closed_ordinary_job": 0, "closed_flexjob": 0, "closed_education": 0},
        {"closed_courses": 10, "closed_ordinary_job": 3, "closed_flexjob": None},
        {"closed_courses": None, "closed_ordinary_job": 3, "closed_flexjob": 1},
    ],
)
def test_a_rate_is_empty_when_a_count_is_missing_or_the_denominator_is_zero(counts):
    assert rates.HEADLINE.value(period(**counts)) is None
    assert rates.HEADLINE.display(period(**counts)) == "–"


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [(1, 8, "13 %"), (1, 200, "1 %"), (1, 201, "0 %"), (5, 19, "26 %"), (69, 124, "56 %")],
)
def test_percentages_round_halves_up(numerator, denominator, shown):
    assert (
        rates.FORMULAS["in_job_now"].display(
            period(in_job_or_education=numerator, candidates_in_course=denominator)
        )
        == shown
    )


def test_the_formula_text_names_the_counts():
    names = {
        "closed_ordinary_job": "ordinært job",
        "closed_flexjob": "fleksjob",
        "closed_education": "uddannelse",
        "closed_courses": "afsluttede forløb",
    }
    assert (
        rates.HEADLINE.text(names)
        == "(ordinært job + fleksjob + uddannelse) ÷ afsluttede forløb × 100 %"
    )


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"closed_courses": 10, "closed_ordinary_job": 11}, "closed_ordinary_job"),
        (
            {
                "closed_courses": 10,
                "closed_ordinary_job": 4,
                "closed_flexjob": 3,
                "closed_education": 4,
            },
            "closed_courses",
        ),
        ({"candidates_in_course": 5, "in_job_or_education": 6}, "in_job_or_education"),
        ({"staff_people": 2, "staff_fte": Decimal("2.5")}, "staff_fte"),
        ({"target_rate": 101}, "target_rate"),
        ({"start": date(2021, 1, 1)}, "end"),
    ],
)
def test_counts_that_contradict_each_other_are_refused_by_clean_and_by_the_database(
    db, counts, field
):
    site = make_site()
    bad = OutcomePeriod(site=site, **{**COUNTS, **counts})
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert field in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


def test_results_exactly_filling_the_closed_courses_are_fine(db):
    site = make_site()
    ok = OutcomePeriod(site=site, **{**COUNTS, **HJOERRING})
    ok.full_clean()
    ok.save()
    assert ok.closed_other == 55


def test_a_site_has_one_set_of_figures_per_period(db):
    site = make_site()
    OutcomePeriod.objects.create(site=site, start=date(2024, 4, 1), end=date(2024, 6, 30))
    again = OutcomePeriod(site=site, start=date(2024, 4, 1), end=date(2024, 6, 30))
    with pytest.raises(ValidationError) as caught:
        again.full_clean()
    assert "start" in caught.value.message_dict


def test_a_period_knows_when_it_is_a_quarter():
    assert quarter_bounds(2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_bounds(2024, 4) == (date(2024, 10, 1), date(2024, 12, 31))
    q2 = OutcomePeriod(start=date(2024, 4, 1), end=date(2024, 6, 30))
    assert q2.quarter == (2024, 2)
    assert str(q2.label) == "2. kvartal 2024"
    year = OutcomePeriod(start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert year.quarter is None
    assert year.label == "1.1.2020–31.12.2020"
