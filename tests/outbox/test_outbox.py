"""E-mail goes through the database-backed task queue: recorded, sent once, retried on failure."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from django_q.models import OrmQ, Schedule

from outbox import tasks
from outbox.models import Email
from outbox.services import email_queue


def queue(**overrides):
    values = {"to": "lis@example.dk", "subject": "Rapporten er klar", "body": "Se rapporten."}
    return email_queue(kind="test", **{**values, **overrides})


def test_queued_email_is_sent_by_the_worker_not_the_request(db, mailoutbox, run_tasks):
    email = queue()
    assert mailoutbox == []
    assert email.status == Email.Status.QUEUED

    run_tasks()

    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["lis@example.dk"], "Rapporten er klar", "Se rapporten.")
    ]


def test_an_email_with_a_used_key_goes_once(db, mailoutbox, run_tasks):
    first = queue(key="final-report:7:lis")
    again = queue(key="final-report:7:lis", subject="Anden gang")

    run_tasks()

    assert again.pk == first.pk
    assert Email.objects.count() == 1
    assert len(mailoutbox) == 1
    run_tasks()
    assert len(mailoutbox) == 1


def test_a_rolled_back_request_sends_nothing(db, mailoutbox, run_tasks):
    def failing_request():
        with transaction.atomic():
            queue()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing_request()

    run_tasks()

    assert Email.objects.count() == 0
    assert mailoutbox == []


def test_line_breaks_in_a_subject_are_folded_away(db, mailoutbox, run_tasks):
    queue(subject="Rapport\nBcc: angriber@example.com")
    run_tasks()
    assert mailoutbox[0].subject == "Rapport Bcc: angriber@example.com"


def test_a_failed_send_is_logged_and_retried_later(db, mailoutbox, run_tasks, caplog):
    email = queue()
    with mock.patch("outbox.tasks.EmailMessage.send", side_effect=OSError("connection refused")):
        run_tasks()

    email.refresh_from_db()
    assert email.status == Email.Status.QUEUED
    assert email.attempts == 1
    assert "connection refused" in email.last_error
    assert "failed (attempt 1); retrying" in caplog.text
    waiting = Schedule.objects.filter(func=tasks.TASK)  # (not the report sweep: reports/)
    # The retry waits, so the worker does not busy-loop on a mail server that is down.
    assert [s.next_run > timezone.now() for s in waiting] == [True]
    assert OrmQ.objects.count() == 0
    run_tasks()
    assert Email.objects.get().attempts == 1  # not yet

    waiting.update(next_run=timezone.now() - timedelta(seconds=1))
    run_tasks()

    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.attempts == 2
    assert len(mailoutbox) == 1


def test_it_gives_up_after_the_last_attempt(db, mailoutbox, run_tasks):
    email = queue()
    with mock.patch("outbox.tasks.EmailMessage.send", side_effect=OSError("down")):
        for _ in range(Email.MAX_ATTEMPTS):
            Schedule.objects.update(next_run=timezone.now() - timedelta(seconds=1))
            run_tasks()

    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == Email.MAX_ATTEMPTS
    assert OrmQ.objects.count() == 0
    assert not Schedule.objects.filter(repeats__gt=0).exists()
    assert mailoutbox == []


def test_a_secret_email_keeps_its_text_only_until_it_is_sent(db, mailoutbox, run_tasks):
    email = queue(secret=True, body="Vælg din adgangskode: https://x/link/abc")
    assert email.body  # the worker still needs it

    run_tasks()

    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.body == ""
    assert mailoutbox[0].body == "Vælg din adgangskode: https://x/link/abc"


def test_a_secret_email_given_up_forgets_its_text_too(db, mailoutbox, run_tasks):
    email = queue(secret=True)
    with mock.patch("outbox.tasks.EmailMessage.send", side_effect=OSError("down")):
        for _ in range(Email.MAX_ATTEMPTS):
            Schedule.objects.update(next_run=timezone.now() - timedelta(seconds=1))
            run_tasks()

    email.refresh_from_db()
    assert (email.status, email.body) == (Email.Status.FAILED, "")
