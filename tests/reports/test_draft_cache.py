"""Draft PDFs (issue 10, point 6): an unchanged draft is served from the shared cache, any
change or a new renderer renders afresh, and one person renders one report at a time."""

from django.core.cache import cache
from django.urls import reverse

from reports import drafts
from tests.factories import make_review
from tests.reports.fakes import FAKE_PDF


def _get(client, review):
    return client.get(reverse("reports:report_pdf", args=[review.pk]))


def test_an_unchanged_draft_is_rendered_once_and_then_served_from_the_cache(
    client, reviewer, renders
):
    review = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    first = _get(client, review)
    second = _get(client, review)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content == FAKE_PDF + b"1"
    assert len(renders) == 1
    assert second["Content-Disposition"].endswith('-udkast.pdf"')


def test_an_edit_renders_the_draft_again(client, reviewer, renders):
    review = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    _get(client, review)
    row = review.item_scores.get(item__number=1)
    row.score = 3
    row.save()
    response = _get(client, review)
    assert response.content == FAKE_PDF + b"2"
    assert renders[0] != renders[1]


def test_a_co_reviewer_gets_the_same_cached_draft(client, reviewer, other_reviewer, renders):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-15")
    client.force_login(reviewer)
    _get(client, review)
    client.force_login(other_reviewer)
    assert _get(client, review).content == FAKE_PDF + b"1"
    assert len(renders) == 1


def test_a_new_renderer_or_stylesheet_changes_the_key(monkeypatch):
    key = drafts.content_key("<html>")
    assert key == drafts.content_key("<html>")
    created = '<meta name="dcterms.created" content="{}">'
    assert drafts.content_key(created.format("2026-11-24T19:20")) == drafts.content_key(
        created.format("2026-11-24T19:21")
    )
    assert key != drafts.content_key("<html> ")
    monkeypatch.setattr("weasyprint.__version__", "0.0-other")
    assert drafts.content_key("<html>") != key
    monkeypatch.undo()
    monkeypatch.setattr(drafts, "_static_files_fingerprint", lambda: "other css")
    assert drafts.content_key("<html>") != key


def test_a_second_render_by_the_same_person_waits_with_429(client, reviewer, renders):
    review = make_review(lead=reviewer, scale="ips-15")
    cache.add(drafts.render_lock_key(reviewer), 1, timeout=60)  # a render of theirs is running
    client.force_login(reviewer)
    response = _get(client, review)
    assert response.status_code == 429
    assert response["Retry-After"] == str(drafts.RETRY_AFTER_SECONDS)
    assert "En rapport er allerede ved at blive dannet" in response.text
    assert renders == []


def test_one_persons_render_does_not_hold_up_another(client, reviewer, other_reviewer, renders):
    review = make_review(lead=other_reviewer, scale="ips-15")
    cache.add(drafts.render_lock_key(reviewer), 1, timeout=60)
    client.force_login(other_reviewer)
    assert _get(client, review).status_code == 200
    assert cache.get(drafts.render_lock_key(other_reviewer)) is None  # released after


def test_a_cached_draft_is_served_while_the_person_renders_another(client, reviewer, renders):
    review = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    _get(client, review)
    cache.add(drafts.render_lock_key(reviewer), 1, timeout=60)
    assert _get(client, review).status_code == 200


def test_a_failed_render_releases_the_lock_and_caches_nothing(client, reviewer, monkeypatch):
    review = make_review(lead=reviewer, scale="ips-15")
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: 1 / 0)
    client.force_login(reviewer)
    assert _get(client, review).status_code == 500
    assert cache.get(drafts.render_lock_key(reviewer)) is None
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: FAKE_PDF)
    assert _get(client, review).content == FAKE_PDF
