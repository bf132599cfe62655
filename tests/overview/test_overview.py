"""The regional overview, the site page and the exports."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from demo.sjaelland import load_sjaelland, spread
from overview.overview import build_overview
from reviews.models import Review
from sites.models import Site
from tests import pdfaccess
from tests.factories import finalize, make_review, make_site, score_all
from tests.pdftext import page_texts, tagged_blocks


@pytest.fixture
def sjaelland(placeholder_pdf, other_reviewer):
    load_sjaelland(reviewer=other_reviewer)
    return Site.objects.filter(region__name="Region Sjælland")


@given(st.integers(min_value=1, max_value=30), st.data())
def test_generated_scores_sum_to_the_published_total(count, data):
    total = data.draw(st.integers(min_value=count, max_value=5 * count))
    scores = spread(total, count, f"site-{total}")
    assert sum(scores) == total
    assert all(1 <= s <= 5 for s in scores)
    assert scores == spread(total, count, f"site-{total}")


def test_the_demo_overview_matches_the_regional_report(sjaelland):
    overview = build_overview(sites=sjaelland, scale_code="ips-15", kind="external")
    counts = [[(b.label, b.count) for b in info.band_counts] for info in overview.rounds]
    assert counts == [
        [("God IPS implementering", 3), ("Rimelig IPS implementering", 8), ("Ikke IPS", 3)],
        [("God IPS implementering", 4), ("Rimelig IPS implementering", 6), ("Ikke IPS", 2)],
    ]
    (trend,) = overview.trends
    assert (trend.improved, trend.unchanged, trend.declined, trend.measured_both) == (6, 2, 4, 12)
    # The seed's order (Cluster.order), not the alphabet.
    assert [group.name for group in overview.groups] == ["Klynge Øst", "Klynge Vest", "Klynge Syd"]
    rows = {row.site.name: row for group in overview.groups for row in group.rows}
    assert [cell.total for cell in rows["Ringsted Kommune"].cells] == [29, 45]
    koege = rows["Køge Kommune"].cells
    assert [cell.total for cell in koege] == [None, None]
    assert koege[0].reason.startswith("På pause fra projektet")
    assert rows["Næstved Kommune"].cells[1].reason == "2. måling mangler"
    assert [info.period for info in overview.rounds] == ["forår 2022", "forår 2023"]


def test_the_demo_marks_generated_scores(sjaelland):
    review = Review.objects.filter(site__name="Faxe Kommune").first()
    assert "Genereret demoscore" in review.summary
    assert all("Genereret demoscore" in row.remark for row in review.item_scores.all())


def test_the_overview_page_shows_counts_and_trends(client, admin, sjaelland):
    client.force_login(admin)
    page = client.get(reverse("overview:overview")).text
    assert "Region Sjælland" in page
    assert page.count('data-band-count="good">3<') == 1
    assert page.count('data-band-count="fair">8<') == 1
    assert page.count('data-band-count="fair">6<') == 1
    assert "Udgået af projektet efter 1. måling" in page
    assert "Forbedret siden runden før" in page


def test_the_overview_runs_the_same_queries_for_any_number_of_sites(
    client, admin, reviewer, django_assert_num_queries, placeholder_pdf
):
    def add_sites(names):
        for name in names:
            site = make_site(name)
            for round_date in ("2025-03-01", "2026-03-01"):
                review = make_review(
                    lead=reviewer, site=site, scale="ips-15", visit_date=round_date
                )
                finalize(score_all(review, [3] * 15), reviewer)

    client.force_login(admin)
    url = reverse("overview:overview") + "?scale=ips-15&kind=external"
    add_sites(["A Kommune", "B Kommune"])
    client.get(url)
    # session, user, the administrator's second-factor device, groups; regions, scale codes,
    # the scale's subscales (form); sites; totals; bands; missing rounds; the schedule of the
    # next reviews (the sites' finalized reviews with totals, their bands, the changes of the
    # date).
    with django_assert_num_queries(14):
        small = client.get(url)
    add_sites([f"{letter} Kommune" for letter in "CDEFGH"])
    with django_assert_num_queries(14):
        large = client.get(url)
    assert small.text.count('<th scope="row"><a') < large.text.count('<th scope="row"><a')


def test_a_leader_sees_only_their_own_sites(client, leader, reviewer, sjaelland):
    vejle = make_site("Vejle Kommune", leaders=[leader])
    finalize(score_all(make_review(lead=reviewer, site=vejle, scale="ips-15")), reviewer)
    client.force_login(leader)
    page = client.get(reverse("overview:overview")).text
    assert "Vejle Kommune" in page
    assert "Faxe Kommune" not in page
    page = client.get(reverse("overview:overview") + "?scale=ips-15&region=").text
    assert "Faxe Kommune" not in page
    data = client.get(reverse("overview:export", args=["totaler", "csv"]) + "?scale=ips-15")
    text = b"".join(data.streaming_content).decode("utf-8-sig")
    assert "Vejle Kommune" in text
    assert "Faxe Kommune" not in text


def test_a_reviewer_sees_only_the_reviews_they_are_on(client, reviewer, sjaelland):
    client.force_login(reviewer)
    page = client.get(reverse("overview:overview") + "?scale=ips-15").text
    assert "Faxe Kommune" not in page
    response = client.get(reverse("overview:export", args=["scores", "csv"]) + "?scale=ips-15")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1  # the header only


def test_score_export_has_one_row_per_item_score(client, admin, sjaelland):
    client.force_login(admin)
    response = client.get(reverse("overview:export", args=["scores", "csv"]) + "?scale=ips-15")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline=""),
            delimiter=";",
        )
    )
    assert rows[0][:3] == ["Region", "Klynge", "Sted"]
    assert rows[0][-5:] == ["Itemnummer", "Item", "Score", "Bemærkning", "Anbefaling"]
    assert len(rows) - 1 == 26 * 15
    faxe = [r for r in rows[1:] if r[2] == "Faxe Kommune" and r[4] == "1"]
    assert sum(int(r[10]) for r in faxe) == 57


def test_totals_export_as_xlsx_opens_with_one_row_per_review(client, admin, sjaelland):
    client.force_login(admin)
    response = client.get(reverse("overview:export", args=["totaler", "xlsx"]) + "?scale=ips-15")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[8:10] == ("Total", "Interval")
    # Entered after the fact from their reports: nobody rated on their own, no agreement.
    assert "Vægtet kappa" not in header
    assert len(rows) - 1 == 26
    ringsted = [r for r in rows[1:] if r[2] == "Ringsted Kommune"]
    assert [(r[4], r[8], r[9]) for r in ringsted] == [(1, 29, "Ikke IPS"), (2, 45, "Ikke IPS")]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(
    client, reviewer, start, placeholder_pdf
):
    review = make_review(lead=reviewer, scale="ips-15")
    score_all(review)
    row = review.item_scores.get(item__number=1)
    row.remark = f'{start}HYPERLINK("http://evil.example","klik")'
    row.save()
    finalize(review, reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("overview:export", args=["scores", "csv"]) + "?scale=ips-15")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline=""),
            delimiter=";",
        )
    )
    assert rows[1][11] == "'" + row.remark
    # In XLSX the cell is stored as a string, which is never a formula: no apostrophe.
    response = client.get(reverse("overview:export", args=["scores", "xlsx"]) + "?scale=ips-15")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=12)
    assert cell.data_type == "s"
    # XML reading turns a carriage return into a newline.
    assert cell.value == row.remark.replace("\r", "\n")


def test_xlsx_exports_have_real_dates_and_column_widths(client, admin, sjaelland):
    client.force_login(admin)
    response = client.get(reverse("overview:export", args=["scores", "xlsx"]) + "?scale=ips-15")
    sheet = load_workbook(io.BytesIO(response.content)).active
    date_cell = sheet.cell(row=2, column=4)
    assert sheet.cell(row=1, column=4).value == "Reviewdato"
    assert isinstance(date_cell.value, datetime.datetime)
    assert date_cell.number_format == "dd-mm-yyyy"
    # Every column as wide as its longest value (the site names), within limits.
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLM"}
    assert widths["C"] >= len("Ringsted Kommune")
    assert all(6 <= width <= 60 for width in widths.values())
    # CSV keeps the ISO date.
    response = client.get(reverse("overview:export", args=["totaler", "csv"]) + "?scale=ips-15")
    first = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1]
    assert re.search(r";\d{4}-\d{2}-\d{2};", first)


@pytest.mark.pdf
def test_the_overview_prints_as_landscape_pdf(client, admin, sjaelland, monkeypatch):
    monkeypatch.undo()  # render this one for real
    client.force_login(admin)
    region = sjaelland.first().region_id
    response = client.get(
        reverse("overview:overview_pdf") + f"?region={region}&scale=ips-15&kind=external"
    )
    assert response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = " ".join(page_texts(response.content))
    assert "Region Sjælland" in text
    assert "Ringsted Kommune" in text
    assert "Side 1 af" in text
    assert "Eksternt review" in text
    # The band a letter stands for reaches a reader of the tags (its /ActualText); the print
    # stylesheet hides the spelled-out name the web page gives screen readers.
    cells = [block for tag, block in tagged_blocks(response.content) if tag == "/TD"]
    assert any(re.fullmatch(r"\d+ – Rimelig IPS implementering", cell) for cell in cells)
    assert pdfaccess.problems(response.content) == []


def test_the_site_page_compares_the_two_latest_reviews_item_by_item(client, leader, reviewer):
    site = make_site(leaders=[leader])
    first = make_review(lead=reviewer, site=site, scale="ips-15", visit_date="2025-03-01")
    finalize(score_all(first, [3] * 15), reviewer)
    second = make_review(lead=reviewer, site=site, scale="ips-15", visit_date="2026-03-01")
    finalize(score_all(second, [4, 2] + [3] * 13), reviewer)
    client.force_login(leader)
    page = client.get(reverse("overview:site_detail", args=[site.pk])).text
    assert "2 items ændrede score." in page
    assert "Total 45 → 45." in page
    assert page.count('<tr class="changed">') == 2
    assert "▲ +1" in page
    assert "▼ -1" in page
    assert '<svg class="chart"' in page
    assert re.search(r'<circle cx="\d+(\.\d+)?" cy="\d+(\.\d+)?"', page), "coordinates use a dot"
    assert page.count("<circle") == 2
    assert "01.03.2025: 45 (Ikke IPS); 01.03.2026: 45 (Ikke IPS)" in page


def test_another_sites_leader_cannot_open_the_site_page(client, other_leader, leader):
    site = make_site(leaders=[leader])
    client.force_login(other_leader)
    assert client.get(reverse("overview:site_detail", args=[site.pk])).status_code == 404


def test_file_names_spell_out_danish_letters(db):
    assert make_site("Køge Kommune").slug == "koege-kommune"
    assert make_site("Århus Ærø").slug == "aarhus-aeroe"


def test_clusters_follow_their_order_field(sjaelland):
    from sites.models import Cluster

    Cluster.objects.filter(name="Klynge Syd").update(order=0)
    overview = build_overview(sites=sjaelland, scale_code="ips-15", kind="external")
    assert [group.name for group in overview.groups] == ["Klynge Syd", "Klynge Øst", "Klynge Vest"]


def test_an_administrator_orders_clusters_in_the_admin_list(client, admin, sjaelland):
    from sites.models import Cluster

    client.force_login(admin)
    clusters = list(Cluster.objects.order_by("order"))
    data = {
        "form-TOTAL_FORMS": str(len(clusters)),
        "form-INITIAL_FORMS": str(len(clusters)),
        "_save": "Gem",
    }
    for index, cluster in enumerate(clusters):
        data[f"form-{index}-id"] = str(cluster.pk)
        data[f"form-{index}-order"] = str(len(clusters) - index)
    response = client.post(reverse("admin:sites_cluster_changelist"), data)
    assert response.status_code == 302
    assert [c.name for c in Cluster.objects.order_by("order")] == [
        c.name for c in reversed(clusters)
    ]


def test_the_regional_reviewer_sees_every_site_of_the_cluster_with_the_reason(
    client, other_reviewer, sjaelland, monkeypatch
):
    monkeypatch.undo()  # render the PDF for real
    client.force_login(other_reviewer)  # the demo's regional reviewer: on every review
    region = sjaelland.first().region_id
    query = f"?region={region}&scale=ips-15&kind=external"
    page = client.get(reverse("overview:overview") + query).text
    assert "Køge Kommune" in page
    assert "På pause fra projektet ved 1. måling" in page
    pdf = client.get(reverse("overview:overview_pdf") + query).content
    pages = page_texts(pdf)
    text = " ".join(pages)
    assert "Køge Kommune" in text
    assert "På pause fra projektet ved 1. måling" in text
    # Table, band counts, trends and legend on one page: nothing left alone on a page 2.
    assert len(pages) == 1
    assert "G = God IPS implementering (66–75)" in pages[-1]
    assert text.index("Klynge Øst") < text.index("Klynge Vest") < text.index("Klynge Syd")


def test_a_reviewer_of_one_site_sees_the_names_of_its_cluster_but_not_their_reviews(
    client, reviewer, sjaelland
):
    solrod = Site.objects.get(name="Solrød Kommune")
    finalize(score_all(make_review(lead=reviewer, site=solrod, scale="ips-15")), reviewer)
    client.force_login(reviewer)
    page = client.get(
        reverse("overview:overview") + f"?region={solrod.region_id}&scale=ips-15"
    ).text
    assert "Køge Kommune" in page
    assert "Greve Kommune" in page
    assert "Holbæk Kommune" not in page  # another cluster
    greve = Review.objects.filter(site__name="Greve Kommune").first()
    assert f'href="{reverse("reviews:review_detail", args=[greve.pk])}"' not in page


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_national_export_has_scores_totals_and_bands_but_no_people_or_free_text(
    client, sjaelland, reviewer, placeholder_pdf
):
    from accounts import roles
    from tests.factories import make_user

    national = make_user("national", role=roles.NATIONAL_READER)
    # A finalized review elsewhere, with a remark and a reviewer's name that must not leave,
    # and a draft that must not be counted.
    vejle = make_site(name="Vejle Kommune")
    review = score_all(make_review(lead=reviewer, site=vejle, scale="ips-15"))
    row = review.item_scores.get(item__number=3)
    row.remark = "Konsulenten Hanne fortalte om borgeren Jens"
    row.save()
    finalize(review, reviewer)
    make_review(lead=reviewer, site=make_site(name="Kladde Kommune"), scale="ips-15")
    client.force_login(national)
    response = client.get(reverse("overview:national_export", args=["csv"]) + "?scale=ips-15")
    assert response.status_code == 200
    rows = _csv_rows(response)
    header = rows[0]
    assert header[:8] == [
        "Region",
        "Sted",
        "Skala",
        "Skalaversion",
        "Type",
        "Runde",
        "Reviewdato",
        "Afsluttet",
    ]
    assert header[8:23] == [f"Item {n}" for n in range(1, 16)]
    assert header[23:] == ["Total", "Maksimum", "Interval"]
    # Sjælland's 26 reviews entered after the fact, and Vejle's: never the draft.
    assert len(rows) - 1 == 27
    assert "Kladde Kommune" not in {r[1] for r in rows}
    ringsted = [r for r in rows[1:] if r[1] == "Ringsted Kommune"]
    assert [(r[5], r[23], r[24], r[25]) for r in ringsted] == [
        ("1", "29", "75", "Ikke IPS"),
        ("2", "45", "75", "Ikke IPS"),
    ]
    assert all(sum(int(c) for c in r[8:23]) == int(r[23]) for r in rows[1:])
    everything = repr(rows)
    for private in ("Hanne", "Jens", reviewer.username, reviewer.get_full_name() or "—"):
        assert private not in everything
    # The XLSX holds the same rows.
    response = client.get(reverse("overview:national_export", args=["xlsx"]) + "?scale=ips-15")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 28
    assert sheet.cell(row=1, column=24).value == "Total"


def test_only_the_national_reader_and_administrators_get_the_national_export(
    client, reviewer, leader, admin, sjaelland
):
    url = reverse("overview:national_export", args=["csv"]) + "?scale=ips-15"
    for person in (reviewer, leader):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(admin)
    assert client.get(url).status_code == 200
    # Another format is no export at all.
    assert client.get(reverse("overview:national_export", args=["pdf"])).status_code == 404
