"""The Danish PDF report: content, order, typography facts, safety, storage and access."""

import hashlib
import http.server
import json
import re
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from reports.models import FinalReport
from reports.pdf import render_report_pdf
from reviews import services
from reviews.models import Review
from tests.factories import finalize, make_review, make_site, score_all
from tests.pdftext import normalize, page_texts, structure_types, table_columns
from toolkit.pdf import REPORT_BASE_URL, BlockedURL, StaticFilesFetcher

# The report's PDF is the subject: rendered for real.
pytestmark = [pytest.mark.pdf, pytest.mark.django_db]

VEJLE = json.loads(
    (Path(__file__).resolve().parents[2] / "demo/data/vejle_review.json").read_text("utf-8")
)
VEJLE_ITEMS = [item for section in VEJLE["sections"] for item in section["items"]]


@pytest.fixture(scope="module")
def vejle_pdf(django_db_setup, django_db_blocker):
    """The stored final report of the demo Vejle review (rendered once for the module)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--without-region")
        review = Review.objects.get(site__name="Vejle Kommune")
        pdf = bytes(FinalReport.objects.current_for(review).pdf)
        transaction.set_rollback(True)
    return pdf


def test_the_vejle_report_has_every_item_remark_recommendation_and_score(vejle_pdf):
    columns = table_columns(vejle_pdf)
    items = normalize(" ".join(columns["ITEM"]))
    remarks = normalize(" ".join(columns["BEMÆRKNING"]))
    recommendations = normalize(" ".join(columns["ANBEFALING"]))
    position = 0
    for item in VEJLE_ITEMS:
        position = items.find(normalize(item["name"]), position)
        assert position >= 0, f"item {item['number']} missing or out of order"
        assert normalize(item["remark"][:80]) in remarks, item["number"]
        assert normalize(item["recommendation"][:60]) in recommendations, item["number"]
    # Each item under its number, as the chart, the plan and the information request name it.
    assert items.startswith("PERSONALE1.Caseload2.Beskæftigelsestilbud")
    assert "ORGANISATION4.Integrationafbeskæftigelsesindsatseni" in items
    assert re.search(r"JOBTILBUD\d+\.Vejledningiarbejdets", items)
    assert columns["SCORE"] == [str(item["score"]) for item in VEJLE_ITEMS] + ["101"]


def test_the_vejle_report_reads_in_the_order_of_the_original(vejle_pdf):
    text = normalize(" ".join(page_texts(vejle_pdf))).replace("\xad", "")
    headings = [
        "VejleKommune",
        "isamarbejdemedLokalpsykiatrieniVejle",
        "Resultat",
        "PERSONALE1215",
        "ORGANISATION3040",
        "JOBTILBUD5970",
        "Formåletmedfidelityevalueringen:",
        normalize(VEJLE["purpose"][:60]),
        "Datagrundlag",
        normalize(VEJLE["basis"][:60]),
        "Generellekommentarer:",
        "Områderdersærligtkanarbejdesmedindennæstereview:",
        normalize(VEJLE["improvement_areas"][0][:60]),
        "OversigtstabelbaseretpåIPStrofasthedsskala",
        "ITEMBEMÆRKNINGANBEFALINGSCORE",
        "TOTALSCORE101",
        "Resumé:",
        normalize(VEJLE["summary"][:60]),
        "LoneHellström",
        "MarteUstrup",
        "115–125=EksemplariskIPSfidelity",
        "100–114=GodIPSfidelity",
        "74–99=NogenlundeIPSfidelity",
        "25–73=IkkeIPS",
    ]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p < 0]
    # Each part after the one before it (found from where the one before it stands).
    found, start = [], 0
    for heading in headings:
        start = text.find(heading, start)
        found.append(start)
    assert -1 not in found, headings[found.index(-1)]
    assert found == sorted(found)
    assert len(found) == len(headings) == 24


def test_total_band_and_page_numbers(vejle_pdf):
    pages = page_texts(vejle_pdf)
    text = " ".join(pages)
    # Once in the table, once under the subtotals on page 1.
    assert text.count("TOTAL SCORE") == 2
    assert normalize(text).count("TOTALSCORE101125") == 1
    assert normalize(text).count("TOTALSCORE101") == 2
    assert "God IPS fidelity" in text
    assert "UDKAST" not in text
    count = len(pages)
    assert count >= 5
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} af {count}" in page
    # The table header row is repeated on every page the table runs over.
    table_pages = [p for p in pages if "BEMÆRKNING" in p]
    assert len(table_pages) >= 4
    assert all("ITEM BEMÆRKNING ANBEFALING SCORE" in p for p in table_pages)


def test_the_report_is_tagged_for_accessibility(vejle_pdf):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(vejle_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == "Fidelity review – Vejle Kommune – 10. maj 2023"
    assert {"/Table", "/THead", "/TH", "/TD", "/H1", "/H2", "/L", "/LI"} <= structure_types(
        vejle_pdf
    )
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"Carlito", "Carlito-Bold"}


def test_an_ips15_review_gets_its_own_sections_bands_and_items(db, reviewer):
    review = score_all(make_review(lead=reviewer, scale="ips-15"), [5] * 15)
    finalize(review, reviewer)
    pdf = bytes(FinalReport.objects.current_for(review).pdf)
    columns = table_columns(pdf)
    items = normalize(" ".join(columns["ITEM"]))
    for name in review.scale.items.values_list("name", flat=True):
        assert normalize(name) in items
    assert items.startswith("NORMERING1.Sagsstamme2.")
    assert "ORGANISERING" in items
    assert "INDSATS" in items
    assert columns["SCORE"] == ["5"] * 15 + ["75"]
    text = " ".join(page_texts(pdf))
    assert "God IPS implementering" in text
    assert "66–75 = God IPS implementering" in text
    assert "Eksemplarisk" not in text
    assert "efterfølgende" not in text


def test_a_review_entered_after_the_fact_says_so_on_its_first_page(vejle_pdf):
    first = normalize(page_texts(vejle_pdf)[0])
    assert normalize("review; indtastet i appen efterfølgende, fra den færdige rapport") in first


def test_a_draft_report_is_marked_udkast_on_every_page(db, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    pages = page_texts(render_report_pdf(review))
    assert all("UDKAST" in page for page in pages)
    assert "0 af 15 items scoret" in " ".join(pages)
    assert "Udstedt" not in pages[0]  # a draft is not issued


def test_the_first_page_says_when_the_report_was_issued(vejle_pdf):
    from django.utils import timezone
    from django.utils.formats import date_format

    from demo.loading import VEJLE_FINALIZED

    issued = date_format(timezone.localtime(VEJLE_FINALIZED).date(), "j. F Y")
    assert normalize(f"Udstedt {issued}") in normalize(page_texts(vejle_pdf)[0])


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        RecordingHandler.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_spy():
    RecordingHandler.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], RecordingHandler.requests
    server.shutdown()


def test_user_text_is_printed_as_text_and_nothing_is_fetched(db, reviewer, http_spy):
    port, requests = http_spy
    review = make_review(lead=reviewer, scale="ips-15")
    hostile = [
        "<script>alert(1)</script>",
        '<img src="file:///etc/passwd">',
        f'<link href="http://127.0.0.1:{port}/x">',
    ]
    rows = list(review.item_scores.order_by("item__number")[:3])
    for row, text in zip(rows, hostile, strict=True):
        row.remark = text
        row.recommendation = f'<img src="http://127.0.0.1:{port}/img.png">'
        row.save()
    review.general_comments = f'<style>@import url("http://127.0.0.1:{port}/css");</style>'
    review.save()
    text = normalize(" ".join(page_texts(render_report_pdf(review))))
    for fragment in hostile:
        assert normalize(fragment) in text
    assert normalize("<style>@import") in text
    assert requests == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/static/css/report.css",
        REPORT_BASE_URL + "etc/passwd",
        REPORT_BASE_URL + "static/../../../../etc/passwd",
        REPORT_BASE_URL + "static/%2e%2e/%2e%2e/ipsfidelity/settings.py",
        "data:text/css,body{}",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises((BlockedURL, ValueError)):
        StaticFilesFetcher().fetch(url)


def test_the_fetcher_serves_the_report_stylesheet_and_fonts():
    css = StaticFilesFetcher().fetch(REPORT_BASE_URL + "static/css/report.css")
    assert b"@font-face" in css.read()
    font = StaticFilesFetcher().fetch(REPORT_BASE_URL + "static/fonts/carlito/Carlito-Bold.ttf")
    assert font.read()[:4] == b"\x00\x01\x00\x00"


def test_a_finalized_report_is_stored_once_and_served_byte_for_byte(
    client, reviewer, leader, admin
):
    site = make_site(leaders=[leader])
    review = finalize(score_all(make_review(lead=reviewer, site=site, scale="ips-15")), reviewer)
    stored = FinalReport.objects.get(review=review)
    assert stored.sha256 == hashlib.sha256(bytes(stored.pdf)).hexdigest()
    url = reverse("reports:report_pdf", args=[review.pk])
    for user in (leader, reviewer, admin):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content == bytes(stored.pdf)
        assert response["ETag"] == f'"{stored.sha256}"'
    assert response["Content-Disposition"] == (
        'attachment; filename="fidelity-review-vejle-kommune-2026-10-01.pdf"'
    )


def test_reopening_and_finalizing_again_stores_a_new_report(reviewer, admin):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    first = FinalReport.objects.get(review=review)
    services.review_reopen(review=review, user=admin, reason="Ret item 2")
    row = review.item_scores.get(item__number=2)
    row.score = 1
    row.save()
    finalize(review, reviewer)
    assert FinalReport.objects.filter(review=review).count() == 2
    current = FinalReport.objects.current_for(review)
    assert current.pk != first.pk
    assert current.sha256 != first.sha256


def test_a_stored_report_cannot_be_changed(reviewer):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    report = FinalReport.objects.get(review=review)
    report.pdf = b"%PDF-1.7 forged"
    with pytest.raises(Exception, match="kan ikke ændres"):
        report.save()


def test_leaders_of_other_sites_and_drafts_are_refused(client, reviewer, leader, other_leader):
    site = make_site(leaders=[leader])
    make_site("Kolding Kommune", leaders=[other_leader])
    draft = make_review(lead=reviewer, site=site, scale="ips-15")
    client.force_login(leader)
    assert client.get(reverse("reports:report_pdf", args=[draft.pk])).status_code == 404
    finalize(score_all(draft), reviewer)
    client.force_login(other_leader)
    assert client.get(reverse("reports:report_pdf", args=[draft.pk])).status_code == 404


def test_a_reviewer_downloads_a_draft_with_its_own_name(client, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    response = client.get(reverse("reports:report_pdf", args=[review.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2026-10-01-udkast.pdf"')
    assert "UDKAST" in page_texts(response.content)[0]


def test_a_render_failure_shows_a_danish_page_and_logs_the_cause(
    client, reviewer, monkeypatch, caplog
):
    review = make_review(lead=reviewer, scale="ips-15")

    def broken(html):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr("toolkit.pdf.html_to_pdf", broken)
    client.force_login(reviewer)
    response = client.get(reverse("reports:report_pdf", args=[review.pk]))
    assert response.status_code == 500
    assert "Rapporten kunne ikke dannes" in response.text
    assert "pango exploded" in caplog.text


def test_a_render_failure_leaves_the_review_a_draft(client, reviewer, monkeypatch):
    review = score_all(make_review(lead=reviewer, scale="ips-15"))
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: 1 / 0)
    client.force_login(reviewer)
    response = client.post(reverse("reports:review_finalize", args=[review.pk]), {"confirm": "on"})
    assert "Rapporten kunne ikke dannes, så reviewet er ikke afsluttet" in response.text
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert not FinalReport.objects.exists()


def test_render_report_writes_a_fresh_file_and_leaves_the_stored_one(reviewer, tmp_path):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    stored = bytes(FinalReport.objects.get(review=review).pdf)
    out = tmp_path / "report.pdf"
    call_command("render_report", str(review.pk), "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert "TOTAL SCORE" in " ".join(page_texts(out.read_bytes()))
    assert bytes(FinalReport.objects.get(review=review).pdf) == stored
