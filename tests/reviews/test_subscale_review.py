"""A review on a scale with subscales: each subscale's total, maximum and band on the review
page, in the consensus and in the report; the whole scale's total only when it has bands."""

import csv
import io

import pytest
from django.urls import reverse

from reports import pdf as rendering
from tests.factories import finalize, make_review, make_two_part_scale, score_all
from tests.pdftext import page_texts


@pytest.fixture
def two_part_review(reviewer):
    scale = make_two_part_scale()
    return make_review(lead=reviewer, scale=scale)


def _score(review, employment, education):
    """Every employment item `employment`, every education item `education`."""
    return score_all(review, [employment] * 25 + [education] * 10)


def test_the_summary_has_each_subscales_total_and_band(two_part_review):
    summary = _score(two_part_review, 4, 5).score_summary()
    assert not summary.has_overall_total
    assert [(e.subscale.name, e.total, e.maximum, e.band.label) for e in summary.subscales] == [
        ("Beskæftigelsesdelen", 100, 125, "God"),
        ("Uddannelsesdelen", 50, 50, "Eksemplarisk"),
    ]


def test_a_subscale_gets_its_band_once_its_own_items_are_scored(two_part_review):
    review = _score(two_part_review, 3, 4)
    review.item_scores.filter(item__number=30).update(score=None)
    employment, education = review.score_summary().subscales
    assert (employment.total, employment.band.label) == (75, "Nogenlunde")
    assert (education.total, education.scored, education.band) == (36, 9, None)


def test_the_review_page_shows_both_subtotals_and_bands(client, reviewer, two_part_review):
    review = _score(two_part_review, 4, 5)
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).content.decode()
    employment, education = review.scale.subscales.all()
    assert f'data-subscale-total="{employment.pk}">100</strong> af 125' in page
    assert f'data-subscale-total="{education.pk}">50</strong> af 50' in page
    assert '<span class="band band-good">God</span>' in page
    assert '<span class="band band-exemplary">Eksemplarisk</span>' in page
    # No total of the whole scale, which has no bands: each item row knows its subscale.
    assert "data-summary-total" not in page
    assert page.count(f'data-subscale="{education.pk}"') == 10
    assert 'id="review-subscales"' in page


def test_a_scale_without_subscales_shows_its_one_total_as_before(client, reviewer):
    review = score_all(make_review(lead=reviewer, scale="ips-15"))
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "data-summary-total" in page
    assert "data-subscale" not in page
    assert 'id="review-subscales"' not in page


@pytest.mark.pdf
def test_the_report_prints_each_subscales_total_band_and_legend(two_part_review):
    review = _score(two_part_review, 4, 5)
    text = " ".join(page_texts(rendering.render_report_pdf(review)))
    assert "Beskæftigelsesdelen: 100 af 125 – God" in text
    assert "Uddannelsesdelen: 50 af 50 – Eksemplarisk" in text
    assert "BESKÆFTIGELSESDELEN 100 125" in text
    assert "Intervaller for Beskæftigelsesdelen" in text
    assert "115–125 = Eksemplarisk" in text
    assert "46–50 = Eksemplarisk" in text
    assert "TOTALSCORE" not in text


def test_the_exports_have_each_subscales_total_and_band(
    client, reviewer, admin, two_part_review, placeholder_pdf
):
    review = finalize(_score(two_part_review, 4, 5), reviewer)
    client.force_login(admin)
    query = {"scale": review.scale.code}
    for name, args in (
        ("overview:export", ["totaler", "csv"]),
        ("overview:national_export", ["csv"]),
    ):
        response = client.get(reverse(name, args=args), query)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
        start = header.index("Beskæftigelsesdelen")
        assert header[start : start + 4] == [
            "Beskæftigelsesdelen",
            "Beskæftigelsesdelen: interval",
            "Uddannelsesdelen",
            "Uddannelsesdelen: interval",
        ]
        assert row[start : start + 4] == ["100", "God", "50", "Eksemplarisk"]
        # The whole scale has no bands: its total stands, with no band.
        assert row[header.index("Interval")] == ""


def test_the_consensus_shows_the_agreement_of_each_subscale(client, reviewer, other_reviewer):
    from tests.factories import open_consensus, rate

    review = make_review(lead=reviewer, scale=make_two_part_scale(), co_reviewers=[other_reviewer])
    # The same scores on the employment part; one point apart on every education item.
    rate(review, reviewer, [4] * 25 + [3] * 10)
    rate(review, other_reviewer, [4] * 25 + [4] * 10)
    open_consensus(review)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:consensus", args=[review.pk])).content.decode()
    assert "Beskæftigelsesdelen: 100 % ens, 100 % højst ét point fra hinanden" in page
    assert "Uddannelsesdelen: 0 % ens, 100 % højst ét point fra hinanden" in page
    assert "(25 items)" in page
    assert "(10 items)" in page


def test_the_site_page_overview_and_analytics_take_a_two_part_review(
    client, reviewer, admin, two_part_review, placeholder_pdf
):
    review = finalize(_score(two_part_review, 4, 5), reviewer)
    client.force_login(admin)
    code = review.scale.code
    site_page = client.get(reverse("overview:site_detail", args=[review.site_id]))
    assert site_page.status_code == 200
    assert "150" in site_page.content.decode()
    overview = client.get(reverse("overview:overview"), {"scale": code, "kind": ""})
    assert overview.status_code == 200
    assert review.site.name in overview.content.decode()
    assert client.get(reverse("analytics:regional_analytics"), {"scale": code}).status_code == 200
    assert client.get(reverse("overview:overview_pdf"), {"scale": code}).status_code == 200
