"""The visit: a plan of sessions, notes tagged to items shown beside them by the reveal rule
of ratings, private to the reviewers, and deleted on time after finalizing."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from outbox.models import Email
from reports.models import FinalReport
from reviews.services import review_reopen
from tests.factories import finalize, make_review, make_site, open_consensus, rate, score_all
from visits.models import Note, NotesDeletion, Session
from visits.retention import notes_retention_run


@pytest.fixture
def review(reviewer, other_reviewer, leader):
    return make_review(
        lead=reviewer,
        scale="ips-15",
        co_reviewers=[other_reviewer],
        site=make_site("Vejle Kommune", leaders=[leader]),
    )


def _item_pks(review, *numbers):
    return [
        str(pk) for pk in review.scale.items.filter(number__in=numbers).values_list("pk", flat=True)
    ]


def add_session(client, review, title="IPS-konsulenterne", numbers=(1, 2, 3)):
    return client.post(
        reverse("visits:session_add", args=[review.pk]),
        {
            "kind": "interview",
            "title": title,
            "starts_at": "2026-10-01T09:00",
            "items": _item_pks(review, *numbers),
        },
    )


def add_note(client, review, session, text, numbers):
    prefix = f"note-{session.pk}"
    return client.post(
        reverse("visits:note_add", args=[review.pk, session.pk]),
        {f"{prefix}-text": text, f"{prefix}-items": _item_pks(review, *numbers)},
    )


def test_the_reviewers_plan_the_visit_and_write_notes_tagged_to_items(client, reviewer, review):
    client.force_login(reviewer)
    assert add_session(client, review).status_code == 302
    session = Session.objects.get()
    assert [i.number for i in session.items.order_by("number")] == [1, 2, 3]
    response = add_note(client, review, session, "Konsulenten fortæller om jobudvikling.", (1, 3))
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, sorted(i.number for i in note.items.all())) == (reviewer, [1, 3])
    page = client.get(reverse("visits:visit", args=[review.pk])).content.decode()
    assert "Konsulenten fortæller om jobudvikling." in page
    assert "Interview: IPS-konsulenterne" in page


def test_bad_input_is_refused_in_danish_and_saves_nothing(client, reviewer, review):
    client.force_login(reviewer)
    response = client.post(reverse("visits:session_add", args=[review.pk]), {"kind": "interview"})
    assert response.status_code == 400
    assert "Dette felt er påkrævet" in response.content.decode()
    add_session(client, review)
    session = Session.objects.get()
    response = add_note(client, review, session, "", (1,))
    assert response.status_code == 400
    other = make_review(lead=reviewer, scale="ips-25", site=make_site("Kolding Kommune"))
    foreign = other.scale.items.get(number=20).pk
    response = client.post(
        reverse("visits:note_add", args=[review.pk, session.pk]),
        {f"note-{session.pk}-text": "Tekst", f"note-{session.pk}-items": [str(foreign)]},
    )
    assert response.status_code == 400
    assert not Note.objects.exists()


def test_notes_are_for_the_reviewers_only(client, reviewer, review, leader, admin, other_leader):
    client.force_login(reviewer)
    add_session(client, review)
    url = reverse("visits:visit", args=[review.pk])
    # Not the site's leader, not an administrator (who reads the review, not the notes), not
    # an outsider: to them the page does not exist.
    for person, status in ((leader, 404), (admin, 404), (other_leader, 404)):
        client.force_login(person)
        assert client.get(url).status_code == status


def test_each_item_shows_its_notes_by_the_reveal_rule_of_ratings(
    client, reviewer, other_reviewer, review
):
    client.force_login(reviewer)
    add_session(client, review)
    session = Session.objects.get()
    add_note(client, review, session, "Min egen note om item 2.", (2,))
    client.force_login(other_reviewer)
    add_note(client, review, session, "Den anden bedømmers note om item 2.", (2,))
    # While the other reviewer is still rating, the lead sees only their own note beside item 2.
    client.force_login(reviewer)
    rating_url = reverse("reviews:my_rating", args=[review.pk])
    page = client.get(rating_url).content.decode()
    assert "Min egen note om item 2." in page
    assert "Den anden bedømmers note" not in page
    rate(review, reviewer, [3] * 15)
    rate(review, other_reviewer, [4] * 15)
    open_consensus(review)
    page = client.get(reverse("reviews:consensus", args=[review.pk])).content.decode()
    assert "Den anden bedømmers note om item 2." in page
    assert "2 noter fra besøget" in page


def test_hostile_note_text_stays_inert(client, reviewer, review):
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), '<script>alert("x")</script>', (1,))
    for url in (
        reverse("visits:visit", args=[review.pk]),
        review.get_absolute_url(),
    ):
        page = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.fixture
def lone_review(reviewer, leader):
    return make_review(
        lead=reviewer, scale="ips-15", site=make_site("Vejle Kommune", leaders=[leader])
    )


def test_notes_leave_on_time_and_the_report_stays(client, reviewer, lone_review, placeholder_pdf):
    review = lone_review
    reviewer.email = "rita@example.dk"
    reviewer.save()
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), "Borgeren fortalte om sin diagnose.", (1,))
    review = finalize(score_all(review), reviewer)
    report = FinalReport.objects.get(review=review)
    finalized = review.finalized_at
    assert "Borgeren fortalte" not in bytes(report.pdf).decode("latin-1")
    # Ten days on: nothing yet. Eleven: the lead reviewer is told, once.
    assert notes_retention_run(now=finalized + datetime.timedelta(days=10)).noticed == 0
    assert not Email.objects.filter(kind="notes_deleted_soon").exists()
    notes_retention_run(now=finalized + datetime.timedelta(days=11))
    notes_retention_run(now=finalized + datetime.timedelta(days=12))
    notice = Email.objects.get(kind="notes_deleted_soon")
    assert notice.to == reviewer.email
    assert "slettes" in notice.subject
    # Fourteen: the notes are gone, the deletion is recorded without their content.
    done = notes_retention_run(now=finalized + datetime.timedelta(days=14))
    assert done.deleted == 1
    assert not Note.objects.exists()
    record = NotesDeletion.objects.get()
    assert (record.review_id, record.notes) == (review.pk, 1)
    assert record.rule == "14 dage efter at reviewet blev afsluttet"
    assert "Borgeren" not in str(NotesDeletion.objects.values_list())
    # The report is byte for byte the one finalized; the session (the plan) stays.
    assert FinalReport.objects.get(review=review).sha256 == report.sha256
    assert Session.objects.count() == 1
    assert notes_retention_run(now=finalized + datetime.timedelta(days=30)).deleted == 0


def test_a_reopened_review_keeps_its_notes_until_finalized_again(
    client, reviewer, lone_review, admin, placeholder_pdf
):
    review = lone_review
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), "En note.", (1,))
    review = finalize(score_all(review), reviewer)
    first = review.finalized_at
    review_reopen(review=review, user=admin, reason="Rettelse af item 1")
    assert notes_retention_run(now=first + datetime.timedelta(days=20)).deleted == 0
    assert Note.objects.count() == 1


def test_the_persons_data_has_their_notes_while_they_exist(client, reviewer, review, admin):
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), "Noten i persondata.", (1,))
    client.force_login(admin)
    response = client.get(reverse("people:person_export", args=[reviewer.pk]))
    rows = list(load_workbook(io.BytesIO(response.content))["Besøgsnoter"].values)
    assert rows[1][1:] == ("Vejle Kommune", "IPS-konsulenterne", "Noten i persondata.")


def _edit(client, review, note, text, numbers, version):
    return client.post(
        reverse("visits:note_edit", args=[review.pk, note.pk]),
        {"text": text, "items": _item_pks(review, *numbers), "version": version},
    )


def test_its_author_changes_a_note_and_each_text_is_kept(client, reviewer, review):
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), "Første udgave.", (1,))
    note = Note.objects.get()
    page = client.get(reverse("visits:visit", args=[review.pk])).content.decode()
    assert f'href="/reviews/{review.pk}/noter/{note.pk}/ret/"' in page
    response = _edit(client, review, note, "Anden udgave <b>fed</b>.", (2, 3), 1)
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.text, note.version) == ("Anden udgave <b>fed</b>.", 2)
    assert [item.number for item in note.items.order_by("number")] == [2, 3]
    assert note.edited_at is not None
    texts = [h.text for h in note.history.order_by("history_date", "history_id")]
    assert list(dict.fromkeys(texts)) == ["Første udgave.", "Anden udgave <b>fed</b>."]
    page = client.get(reverse("visits:visit", args=[review.pk])).content.decode()
    assert "Anden udgave &lt;b&gt;fed&lt;/b&gt;." in page
    assert "(ændret " in page


def test_a_change_from_an_older_tab_shows_the_newer_text_and_saves_nothing(
    client, reviewer, review
):
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), "Første udgave.", (1,))
    note = Note.objects.get()
    _edit(client, review, note, "Fra fanen til venstre.", (1,), 1)
    refused = _edit(client, review, note, "Fra fanen til højre.", (1,), 1)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Nogen andre gemte dette, mens du redigerede det." in html
    assert "Fra fanen til venstre." in html  # what was saved, beside
    assert "Fra fanen til højre." in html  # what the person wrote, still in the form
    note.refresh_from_db()
    assert (note.text, note.version) == ("Fra fanen til venstre.", 2)
    # Saving again knowingly replaces it.
    assert _edit(client, review, note, "Fra fanen til højre.", (1,), 2).status_code == 302


def test_only_its_author_changes_a_note_and_only_until_finalizing(
    client, reviewer, other_reviewer, review, placeholder_pdf
):
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), "Min note.", (1,))
    note = Note.objects.get()
    client.force_login(other_reviewer)
    assert _edit(client, review, note, "Ikke min.", (1,), 1).status_code == 403
    note.refresh_from_db()
    assert note.text == "Min note."


def test_the_deletion_takes_every_earlier_text_with_it(
    client, reviewer, lone_review, placeholder_pdf
):
    review = lone_review
    client.force_login(reviewer)
    add_session(client, review)
    session = Session.objects.get()
    add_note(client, review, session, "Første udgave.", (1,))
    add_note(client, review, session, "Slettet af forfatteren.", (2,))
    note, deleted = Note.objects.order_by("pk")
    _edit(client, review, note, "Anden udgave.", (1,), 1)
    client.post(reverse("visits:note_delete", args=[review.pk, deleted.pk]))
    # Both texts of the one, and the other's, written and deleted: kept until the deletion.
    kept = set(Note.history.values_list("text", flat=True))
    assert kept == {"Første udgave.", "Anden udgave.", "Slettet af forfatteren."}
    review = finalize(score_all(review), reviewer)
    notes_retention_run(now=review.finalized_at + datetime.timedelta(days=14))
    assert not Note.objects.exists()
    assert not Note.history.exists()
    assert NotesDeletion.objects.get(review=review).notes == 1


def test_a_review_whose_notes_were_all_deleted_by_their_authors_loses_their_history(
    client, reviewer, lone_review, placeholder_pdf
):
    review = lone_review
    client.force_login(reviewer)
    add_session(client, review)
    add_note(client, review, Session.objects.get(), "Skrevet og slettet.", (1,))
    client.post(reverse("visits:note_delete", args=[review.pk, Note.objects.get().pk]))
    assert Note.history.filter(text="Skrevet og slettet.").exists()
    review = finalize(score_all(review), reviewer)
    notes_retention_run(now=review.finalized_at + datetime.timedelta(days=14))
    assert not Note.history.exists()


def test_logging_out_asks_the_browser_to_clear_what_the_pages_kept(client, reviewer):
    client.force_login(reviewer)
    out = client.post(reverse("accounts:logout"))
    assert out.status_code == 302
    assert out["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session
