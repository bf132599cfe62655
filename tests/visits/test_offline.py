"""Working without a network, on the server's side: the service worker's script, which pages it
may keep (the access table's `can_take_offline`), and notes that arrive more than once (from
the browser's queue) stored once. The browser's side: test_e2e_offline.py."""

import uuid

import pytest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.offline import OFFLINE_HEADER
from tests.factories import finalize, make_review, make_site, make_user, score_all
from visits.models import Note, Session


@pytest.fixture
def review(reviewer, other_reviewer, leader):
    review = make_review(
        lead=reviewer,
        co_reviewers=[other_reviewer],
        site=make_site(leaders=[leader]),
        scale="ips-15",
    )
    Session.objects.create(
        review=review, kind="interview", title="IPS-konsulenterne", created_by=reviewer
    )
    return review


def send_note(client, review, text, key, *, queued=True):
    session = review.visit_sessions.get()
    prefix = f"note-{session.pk}"
    headers = {"Accept": "application/json"} if queued else {}
    return client.post(
        reverse("visits:note_add", args=[review.pk, session.pk]),
        {f"{prefix}-text": text, f"{prefix}-client_key": key},
        headers=headers,
    )


def test_the_service_worker_is_served_from_the_root_to_anyone(client):
    response = client.get("/offline-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    script = response.text
    # The static files the review pages load, named as this deployment names them.
    for name in ("js/review.js", "js/notes.js", "js/offline.js", "css/app.css"):
        assert f'"{static(name)}"' in script
    assert "Denne side er ikke gemt på denne computer" in script
    assert "X-Offline-Copy" in script


def test_only_a_drafts_reviewers_get_pages_to_keep(client, review, reviewer, leader, admin):
    pages = [
        review.get_absolute_url(),
        reverse("reviews:my_rating", args=[review.pk]),
        reverse("reviews:consensus", args=[review.pk]),
        reverse("visits:visit", args=[review.pk]),
    ]
    client.force_login(reviewer)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert response[OFFLINE_HEADER] == "keep", url
    page = client.get(review.get_absolute_url()).text
    assert 'data-take-offline="' + " ".join(pages) + '"' in page
    assert "Tag med offline" in page

    client.force_login(admin)
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    assert OFFLINE_HEADER not in response
    assert "Tag med offline" not in response.text

    # Once finalized, nothing of the review is kept, not even for its reviewers.
    review.reviewer_links.exclude(user=reviewer).delete()
    done = finalize(score_all(review), reviewer)
    client.force_login(reviewer)
    response = client.get(done.get_absolute_url())
    assert OFFLINE_HEADER not in response
    client.force_login(leader)
    assert OFFLINE_HEADER not in client.get(done.get_absolute_url())


def test_the_leader_reading_a_draft_for_comments_keeps_nothing(client, leader, reviewer):
    review = score_all(make_review(lead=reviewer, site=make_site(leaders=[leader])))
    services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    client.force_login(leader)
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    assert OFFLINE_HEADER not in response


def test_a_note_sent_again_from_the_queue_is_stored_once(client, review, reviewer):
    client.force_login(reviewer)
    key = str(uuid.uuid4())
    first = send_note(client, review, "Konsulenterne møder arbejdsgivere.", key)
    assert (first.status_code, first.json()) == (200, {"ok": True, "again": False})
    again = send_note(client, review, "Konsulenterne møder arbejdsgivere.", key)
    assert (again.status_code, again.json()) == (200, {"ok": True, "again": True})
    # The form's own way (no JavaScript answer asked for) keeps to the key too.
    assert send_note(client, review, "Konsulenterne møder arbejdsgivere.", key, queued=False)
    assert list(Note.objects.values_list("text", "client_key")) == [
        ("Konsulenterne møder arbejdsgivere.", key)
    ]
    # Another note, another key: stored.
    send_note(client, review, "Lederen er med til møderne.", str(uuid.uuid4()))
    assert Note.objects.count() == 2


def test_the_same_key_from_another_reviewer_is_their_own_note(
    client, review, reviewer, other_reviewer
):
    key = str(uuid.uuid4())
    client.force_login(reviewer)
    send_note(client, review, "Min note.", key)
    client.force_login(other_reviewer)
    assert send_note(client, review, "Min egen note.", key).json()["again"] is False
    assert Note.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("", "0f8b3c1e-6a2d-4f0e-9b7a-1c2d3e4f5a6b", "Dette felt er påkrævet."),
        ("En note.", "ikke-en-nøgle\x00", "Indtast en gyldig værdi."),
        ("x" * 20_001, "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "højst have 20000 tegn"),
    ],
)
def test_a_refused_queued_note_gets_a_danish_message_and_nothing_is_stored(
    client, review, reviewer, text, key, message
):
    client.force_login(reviewer)
    response = send_note(client, review, text, key)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert message in response.json()["error"]
    assert not Note.objects.exists()


def test_someone_not_on_the_review_cannot_send_notes(client, review, leader):
    outsider = make_user("outsider")
    for person in (leader, outsider):
        client.force_login(person)
        assert send_note(client, review, "Ikke min.", str(uuid.uuid4())).status_code == 404
    assert not Note.objects.exists()
