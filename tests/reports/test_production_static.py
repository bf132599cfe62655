"""Reports rendered with the static files as a server has them: collected, hashed, manifest on.

The rest of the suite runs with the manifest off (no collectstatic), which is how unstyled
PDFs reached production unnoticed; this module is the quick guard against that. The full
check against gunicorn is the production stage of `.ci/run` (scripts/prod_smoke.py).
"""

import logging

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from reports.models import FinalReport
from reports.pdf import render_report_html, render_report_pdf
from tests.factories import finalize, make_review, make_site, score_all
from toolkit.pdf import (
    REPORT_BASE_URL,
    BlockedURL,
    MissingStaticFile,
    StaticFilesFetcher,
    html_to_pdf,
)
from toolkit.pdfcheck import pdf_problems

# The PDFs as a server renders them are the subject.
pytestmark = pytest.mark.pdf

MANIFEST_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": settings.STATIC_MANIFEST_STORAGE},
}


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` with the production storage into a directory of the test session."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST_STORAGES):
        call_command("collectstatic", "--no-input", verbosity=0)
    return root


@pytest.fixture
def manifest_static(collected_static, settings):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = MANIFEST_STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    return collected_static


@pytest.fixture
def blocked(caplog):
    caplog.set_level(logging.WARNING, logger="toolkit.pdf")
    return lambda: [r.getMessage() for r in caplog.records if "blocked" in r.getMessage()]


def test_the_report_links_the_hashed_stylesheet(db, reviewer, manifest_static):
    html = render_report_html(make_review(lead=reviewer, scale="ips-15"))
    assert "/static/css/report.css" not in html
    assert "/static/css/report." in html


def test_a_draft_report_is_styled_with_the_manifest_on(db, reviewer, manifest_static, blocked):
    pdf = render_report_pdf(make_review(lead=reviewer, scale="ips-15"))
    assert pdf_problems(pdf) == []
    assert blocked() == []


def test_a_stored_final_report_is_styled_with_the_manifest_on(
    db, reviewer, manifest_static, blocked
):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    assert pdf_problems(bytes(FinalReport.objects.current_for(review).pdf)) == []
    assert blocked() == []


def test_the_overview_pdf_is_styled_with_the_manifest_on(
    client, reviewer, manifest_static, blocked
):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("overview:overview_pdf"), {"scale": review.scale.code})
    assert response["Content-Type"] == "application/pdf"
    assert pdf_problems(response.content) == []
    assert blocked() == []


def test_the_fetcher_serves_collected_files_named_in_the_manifest_only(manifest_static):
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed_css = staticfiles_storage.stored_name("css/report.css")
    css = StaticFilesFetcher().fetch(REPORT_BASE_URL + "static/" + hashed_css).read()
    # The collected stylesheet points at the hashed fonts, which must resolve too.
    hashed_font = staticfiles_storage.stored_name("fonts/carlito/Carlito-Regular.ttf")
    assert hashed_font.rsplit("/", 1)[-1].encode() in css
    font = StaticFilesFetcher().fetch(REPORT_BASE_URL + "static/" + hashed_font).read()
    assert font[:4] == b"\x00\x01\x00\x00"
    for name in ("staticfiles.json", hashed_css + ".gz", "../staticfiles/staticfiles.json"):
        with pytest.raises(BlockedURL):
            StaticFilesFetcher().fetch(REPORT_BASE_URL + "static/" + name)


def test_a_missing_stylesheet_refuses_the_render_instead_of_printing_unstyled(db):
    html = '<html lang="da"><link rel="stylesheet" href="/static/css/gone.css"><p>x</p></html>'
    with pytest.raises(MissingStaticFile, match=r"gone\.css"):
        html_to_pdf(html)


def test_finalizing_without_the_collected_files_leaves_the_review_a_draft(
    client, reviewer, manifest_static, monkeypatch
):
    review = score_all(make_review(lead=reviewer, site=make_site(), scale="ips-15"))
    # As on a server where the stylesheet was deleted after collectstatic.
    monkeypatch.setattr("toolkit.pdf.collected_static_path", lambda name: None)
    monkeypatch.setattr("toolkit.pdf.finders.find", lambda name: None)
    client.force_login(reviewer)
    response = client.post(reverse("reports:review_finalize", args=[review.pk]), {"confirm": "on"})
    assert "Rapporten kunne ikke dannes, så reviewet er ikke afsluttet" in response.text
    review.refresh_from_db()
    assert not review.is_finalized
    assert not FinalReport.objects.exists()
