"""A scale with subscales across reviews: the overview, the site's history and charts, the
analytics, the calibration and the previous round work per subscale, with that subscale's
totals and bands (the test instrument: an employment part of 25 items, an education part of
10, each with bands, and no bands of the whole)."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import finalize, make_review, make_site, make_two_part_scale, score_all


def _finalized(reviewer, site, scale, employment, education, visit_date):
    review = make_review(lead=reviewer, site=site, scale=scale, visit_date=visit_date)
    score_all(review, [employment] * 25 + [education] * 10)
    return finalize(review, reviewer)


@pytest.fixture
def two_rounds(reviewer, placeholder_pdf):
    """Vejle twice (employment 75 → 100, education 40 → 50), Kolding once."""
    scale = make_two_part_scale()
    vejle, kolding = make_site("Vejle Kommune"), make_site("Kolding Kommune")
    first = datetime.date(2026, 3, 1)
    second = datetime.date(2026, 9, 1)
    return {
        "scale": scale,
        "vejle": vejle,
        "kolding": kolding,
        "vejle_1": _finalized(reviewer, vejle, scale, 3, 4, first),
        "kolding_1": _finalized(reviewer, kolding, scale, 2, 2, first),
        "vejle_2": _finalized(reviewer, vejle, scale, 4, 5, second),
    }


def _overview(client, scale, **filters):
    return client.get(reverse("overview:overview"), {"scale": scale.code, "kind": "", **filters})


def test_the_overview_offers_the_subscales_and_shows_one_parts_totals_and_bands(
    client, admin, two_rounds
):
    client.force_login(admin)
    page = _overview(client, two_rounds["scale"], part="1")
    overview = page.context["overview"]
    assert overview.scale_label == "TEST-TO-DELE – Beskæftigelsesdelen"
    cells = {row.site.name: row.cells for group in overview.groups for row in group.rows}
    assert [(c.total, c.band.label) for c in cells["Vejle Kommune"]] == [
        (75, "Nogenlunde"),
        (100, "God"),
    ]
    assert (cells["Kolding Kommune"][0].total, cells["Kolding Kommune"][0].band.label) == (
        50,
        "Ikke IPS",
    )
    # The footer counts the part's bands; the trend compares the part's totals.
    assert [b.label for b in overview.legend] == ["Eksemplarisk", "God", "Nogenlunde", "Ikke IPS"]
    counts = {band.label: values for band, values in overview.band_rows()}
    assert counts["Nogenlunde"] == [1, 0]
    assert counts["God"] == [0, 1]
    assert overview.trends[0].improved == 1
    html = page.content.decode()
    assert '<option value="1" selected>Beskæftigelsesdelen</option>' in html
    assert "Totaler pr. reviewrunde på TEST-TO-DELE – Beskæftigelsesdelen" in html

    education = _overview(client, two_rounds["scale"], part="2").context["overview"]
    cells = {row.site.name: row.cells for group in education.groups for row in group.rows}
    assert [(c.total, c.band.label) for c in cells["Vejle Kommune"]] == [
        (40, "God"),
        (50, "Eksemplarisk"),
    ]


def test_the_whole_scale_shows_its_totals_without_a_band(client, admin, two_rounds):
    client.force_login(admin)
    page = _overview(client, two_rounds["scale"])
    cells = {row.site.name: row.cells for g in page.context["overview"].groups for row in g.rows}
    assert [(c.total, c.band) for c in cells["Vejle Kommune"]] == [(115, None), (150, None)]
    html = page.content.decode()
    assert "ikke scoret" not in html
    assert f'href="{two_rounds["vejle_2"].get_absolute_url()}">150</a>' in html
    assert page.context["overview"].trends[0].improved == 1


def test_an_unknown_part_gets_a_danish_message_and_no_table(client, admin, two_rounds):
    client.force_login(admin)
    page = _overview(client, two_rounds["scale"], part="9")
    assert page.context["overview"] is None
    assert "Marker en gyldig valgmulighed. 9 er ikke en af" in page.content.decode()


def test_a_scale_without_subscales_offers_no_part(client, admin, reviewer, placeholder_pdf):
    review = make_review(lead=reviewer, scale="ips-15")
    finalize(score_all(review, [4] * 15), reviewer)
    client.force_login(admin)
    page = client.get(reverse("overview:overview"), {"scale": "ips-15", "kind": "", "part": "1"})
    assert page.context["overview"].scale_label == "IPS-15"
    assert 'name="part"' not in page.content.decode()


def test_the_overview_pdf_names_the_part(client, admin, two_rounds, monkeypatch):
    rendered = []
    monkeypatch.setattr(
        "toolkit.pdf.html_to_pdf", lambda html: rendered.append(html) or b"%PDF-1.7 placeholder"
    )
    client.force_login(admin)
    response = client.get(
        reverse("overview:overview_pdf"),
        {"scale": two_rounds["scale"].code, "kind": "", "part": "2"},
    )
    assert response.status_code == 200
    assert "TEST-TO-DELE – Uddannelsesdelen" in rendered[0]
    assert '50<span class="band-letter"' in rendered[0]


def test_the_site_page_lists_each_subscales_total_and_band(client, admin, two_rounds):
    client.force_login(admin)
    page = client.get(reverse("overview:site_detail", args=[two_rounds["vejle"].pk]))
    html = " ".join(page.content.decode().split())
    assert '150<br><span class="small">Beskæftigelsesdelen: 100</span>' in html
    assert '<span class="small">Uddannelsesdelen: 50</span>' in html
    assert 'Beskæftigelsesdelen: <span class="band band-good">God</span>' in html
    assert 'Uddannelsesdelen: <span class="band band-exemplary">Eksemplarisk</span>' in html
    assert 'Uddannelsesdelen: <span class="band band-good">God</span>' in html  # the first round


def test_the_site_page_draws_a_chart_per_subscale_with_its_bands(client, admin, two_rounds):
    client.force_login(admin)
    page = client.get(reverse("overview:site_detail", args=[two_rounds["vejle"].pk]))
    charts = page.context["charts"]
    # The whole scale has no bands: its chart is left out for the parts'.
    assert [c["label"] for c in charts] == [
        "TEST-TO-DELE – Beskæftigelsesdelen",
        "TEST-TO-DELE – Uddannelsesdelen",
    ]
    employment, education = (c["chart"] for c in charts)
    assert [p.total for p in employment.points] == [75, 100]
    assert [p.total for p in education.points] == [40, 50]
    assert [z.label for z in education.zones] == ["Eksemplarisk", "God", "Nogenlunde", "Ikke IPS"]
    html = page.content.decode()
    assert "Totaler over tid (TEST-TO-DELE – Uddannelsesdelen)" in html


def test_the_site_page_costs_the_same_queries_for_more_reviews(client, admin, reviewer, two_rounds):
    client.force_login(admin)
    url = reverse("overview:site_detail", args=[two_rounds["vejle"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    _finalized(reviewer, two_rounds["vejle"], two_rounds["scale"], 5, 5, datetime.date(2026, 11, 1))
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    # The subscales' totals are one query and their bands one more, for any number of reviews.
    assert len(three.captured_queries) == len(two.captured_queries)


def _analytics(client, scale, **filters):
    return client.get(
        reverse("analytics:regional_analytics"),
        {"scale": scale.code, "kind": "external", **filters},
    )


def test_the_analytics_take_one_subscales_items_and_total(client, admin, two_rounds):
    client.force_login(admin)
    page = _analytics(client, two_rounds["scale"], part="2", round="1")
    heatmap = page.context["result"]["heatmap"]
    assert [item.number for item in heatmap.items] == list(range(26, 36))
    assert {row.site.name: row.total for row in heatmap.rows} == {
        "Kolding Kommune": 20,
        "Vejle Kommune": 40,
    }
    assert {str(mean.mean) for mean in heatmap.means} == {"3.0"}
    assert "Sites × items" not in page.content.decode()  # (Danish)
    assert "TEST-TO-DELE – Uddannelsesdelen, runde 1" in page.content.decode()
    whole = _analytics(client, two_rounds["scale"], round="1").context["result"]["heatmap"]
    assert len(whole.items) == 35
    assert {row.site.name: row.total for row in whole.rows}["Vejle Kommune"] == 115


def test_the_analytics_export_names_the_part(client, admin, two_rounds):
    client.force_login(admin)
    response = client.get(
        reverse("analytics:regional_export", args=["csv"]),
        {"scale": two_rounds["scale"].code, "kind": "external", "part": "1", "round": "2"},
    )
    assert response.status_code == 200
    assert "ips-fidelity-items-test-to-dele-del-1-runde-2.csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[3] == "1. Testitem 1"
    assert header[-2] == "25. Testitem 25"


def test_the_calibration_pools_each_subscales_pairs(client, reviewer, other_reviewer):
    from tests.factories import open_consensus, rate

    review = make_review(lead=reviewer, scale=make_two_part_scale(), co_reviewers=[other_reviewer])
    # The same scores on the employment part; one point apart on every education item.
    rate(review, reviewer, [4] * 25 + [3] * 10)
    rate(review, other_reviewer, [4] * 25 + [4] * 10)
    open_consensus(review)
    client.force_login(reviewer)
    page = client.get(reverse("analytics:calibration"), {"scale": review.scale.code})
    parts = {part.name: part.figures for part in page.context["result"].parts}
    assert list(parts) == ["Beskæftigelsesdelen", "Uddannelsesdelen"]
    assert (parts["Beskæftigelsesdelen"].count, parts["Beskæftigelsesdelen"].exact) == (25, 1)
    assert (parts["Uddannelsesdelen"].count, parts["Uddannelsesdelen"].exact) == (10, 0)
    assert parts["Uddannelsesdelen"].within_one == 1
    html = page.content.decode()
    assert "Enighed pr. delskala" in html
    assert '<th scope="row">Uddannelsesdelen</th>' in html


def test_the_calibration_of_a_scale_without_subscales_has_no_parts(
    client, reviewer, other_reviewer
):
    from tests.factories import open_consensus, rate

    review = make_review(lead=reviewer, scale="ips-15", co_reviewers=[other_reviewer])
    rate(review, reviewer, [4] * 15)
    rate(review, other_reviewer, [3] * 15)
    open_consensus(review)
    client.force_login(reviewer)
    page = client.get(reverse("analytics:calibration"), {"scale": "ips-15"})
    assert page.context["result"].parts == []
    assert "delskala" not in page.content.decode()


def test_the_report_sets_each_subscale_beside_the_previous_round(two_rounds):
    from reports import pdf as rendering
    from reports.pdf import report_queryset
    from reports.report_context import report_context

    review = report_queryset().get(pk=two_rounds["vejle_2"].pk)
    context = report_context(review)
    parts = [(p.subscale.name, p.previous_total, p.change) for p in context["summary"].subscales]
    assert parts == [("Beskæftigelsesdelen", 75, 25), ("Uddannelsesdelen", 40, 10)]
    html = " ".join(rendering.render_report_html(review).split())
    assert "+25 siden forrige review (75 den 1. marts 2026)" in html
    assert "+10 siden forrige review (40 den 1. marts 2026)" in html
    # The BEFORE column of each subscale's total row.
    assert (
        '<th scope="row" colspan="3">UDDANNELSESDELEN</th> <td class="col-previous">40</td>' in html
    )


def test_a_first_review_has_no_previous_subscale_totals(two_rounds):
    from reports.pdf import report_queryset
    from reports.report_context import report_context

    review = report_queryset().get(pk=two_rounds["kolding_1"].pk)
    context = report_context(review)
    assert context["previous"] is None
    assert [p.change for p in context["summary"].subscales] == [None, None]


@pytest.mark.pdf
def test_the_printed_report_has_each_subscales_change(two_rounds, monkeypatch):
    from reports import pdf as rendering
    from reports.pdf import report_queryset
    from tests.pdftext import page_texts

    # (The fixture's finalizing used a placeholder; this renders for real.)
    monkeypatch.undo()
    review = report_queryset().get(pk=two_rounds["vejle_2"].pk)
    text = " ".join(" ".join(page_texts(rendering.render_report_pdf(review))).split())
    assert "+25 siden forrige review (75 den 1. marts 2026)" in text
    assert "+10 siden forrige review (40 den 1. marts 2026)" in text
    assert "BESKÆFTIGELSESDELEN 75 100" in text
    assert "UDDANNELSESDELEN 40 50" in text
