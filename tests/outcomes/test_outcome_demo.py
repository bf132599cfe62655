"""The demo's outcomes: Hjørring's published figures, and Region Sjælland's labelled as made up."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from demo.outcomes import ILLUSTRATIVE
from outcomes import rates
from outcomes.models import OutcomePeriod


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
    call_command("load_demo")


def test_hjoerring_carries_the_figures_of_seeds_001_and_003(demo):
    (year_2020,) = OutcomePeriod.objects.filter(site__name="Hjørring Kommune", end__year=2020)
    assert rates.HEADLINE.display(year_2020) == "56 %"
    assert (year_2020.closed_courses, year_2020.closed_other) == (124, 55)
    assert year_2020.days_to_job_or_education == 308
    assert year_2020.target_rate == 50
    assert "IPS-dagen for de nordjyske kommuner 5.2.2021" in year_2020.source
    (team_2017,) = OutcomePeriod.objects.filter(site__name="Hjørring Kommune", end__year=2017)
    assert rates.FORMULAS["caseload_per_fte"].value(team_2017) == Decimal(15)


def test_the_region_sjaelland_figures_are_labelled_illustrative_and_load_once(demo):
    periods = OutcomePeriod.objects.filter(site__region__name="Region Sjælland")
    count = periods.count()
    # 14 sites × 6 quarters, less Guldborgsund's three after it left; Køge was paused.
    assert count == 14 * 6 - 3
    assert set(periods.values_list("source", flat=True)) == {ILLUSTRATIVE}
    assert not periods.filter(site__name="Køge Kommune").exists()
    call_command("load_demo")
    assert periods.count() == count
    for period in periods:
        period.full_clean()


def test_the_demo_rates_follow_what_the_report_says_of_the_municipalities(demo):
    def mean_rate(name):
        shares = [rates.HEADLINE.value(p) for p in OutcomePeriod.objects.filter(site__name=name)]
        return sum(shares) / len(shares)

    assert mean_rate("Ringsted Kommune") < Decimal("0.3") < mean_rate("Lolland Kommune")
    assert mean_rate("Odsherred Kommune") < mean_rate("Stevns Kommune")
