"""The report prints the calculators' figures and the site's latest outcomes when present."""

import datetime

import pytest

from outcomes.models import OutcomePeriod
from reports import pdf as rendering
from tests.factories import make_review, make_site, score_all
from tests.pdftext import normalize, page_texts
from toolkit.pdfcheck import pdf_problems

# The report's PDF is the subject: rendered for real.
pytestmark = pytest.mark.pdf


def test_the_report_prints_the_figures_and_the_latest_outcomes(db, reviewer):
    site = make_site("Hjørring Kommune", region="Region Nordjylland")
    review = make_review(lead=reviewer, site=site, visit_date=datetime.date(2021, 2, 5))
    score_all(review)
    figures = {1: [18, 22, 25], 15: [45]}
    for number, observed in figures.items():
        row = review.item_scores.get(item__number=number)
        row.observed = observed
        row.save()
    OutcomePeriod.objects.create(
        site=site,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
        closed_courses=124,
        closed_ordinary_job=37,
        closed_flexjob=2,
        closed_education=30,
        days_to_job_or_education=308,
        target_rate=50,
        source="IPS-dagen 5.2.2021",
    )
    # Figures after the visit were not known at the review: they are not printed.
    OutcomePeriod.objects.create(
        site=site, start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31)
    )
    pdf = rendering.render_report_pdf(review)
    assert pdf_problems(pdf) == []
    text = normalize(" ".join(page_texts(pdf)))
    for expected in (
        "Observerede tal",
        "1. Case load",
        "Aktive IPS-kandidater pr. fuldtids IPS-konsulent: 18; 22; 25",
        "Gennemsnit af 3: 21,7 kandidater",
        "15. Hurtig jobsøgning",
        "Dage fra opstart til første personlige arbejdsgiverkontakt: 45 dage",
        "Stedets resultater, 1.1.2020–31.12.2020",
        "Andel i job eller uddannelse (afsluttede forløb) 56 % (mål 50 %)",
        "Dage til job eller uddannelse 308",
        "Kilde: IPS-dagen 5.2.2021",
    ):
        assert normalize(expected) in text, expected


def test_a_report_without_figures_or_outcomes_prints_neither(db, reviewer):
    review = score_all(make_review(lead=reviewer, scale="ips-15"))
    text = " ".join(page_texts(rendering.render_report_pdf(review)))
    assert "Observerede tal" not in text
    assert "Stedets resultater" not in text
