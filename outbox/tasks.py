"""Delivering recorded e-mail, run by the task queue's worker (`make worker`).

At least once: each attempt is committed as `sending` before the mail server is asked, so a
worker that dies mid-send leaves a trace; the queue hands the unacknowledged task to another
worker once its lease runs out (`Q_CLUSTER["retry"]`), and that attempt records the
interruption and sends again with the same Message-ID. Once the server has accepted an
e-mail it is recorded as sent at once, so it is sent again only if the worker died in the
moment between the server's answer and that record.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.models import Schedule
from django_q.tasks import async_task, schedule

from outbox.models import Email

logger = logging.getLogger(__name__)

TASK = "outbox.tasks.deliver_email"


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 minutes between attempts: a mail server that is down for a while recovers."""
    return timedelta(minutes=2 ** (attempts - 1))


def forget_secret(email) -> str:
    return "" if email.secret else email.body


def enqueue(email_id: int) -> None:
    """Queue the delivery, in the caller's transaction (the queue is a table)."""
    async_task(TASK, email_id, task_name=f"e-mail {email_id}")


def enqueue_later(email_id: int, when) -> None:
    schedule(
        TASK,
        email_id,
        name=f"e-mail {email_id} at {when:%Y-%m-%d %H:%M:%S}",
        schedule_type=Schedule.ONCE,
        next_run=when,
        repeats=1,
    )


def _begin_attempt(email_id):
    """Record the attempt before the mail server is asked; None when nothing is to be sent."""
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status not in (Email.Status.QUEUED, Email.Status.SENDING):
            return None
        if email.status == Email.Status.SENDING:
            email.interrupted += 1
            email.last_error = _(
                "Attempt %(n)s stopped with its worker while the mail server was being asked; "
                "it is sent again with the same Message-ID."
            ) % {"n": email.attempts}
        email.status = Email.Status.SENDING
        email.attempts += 1
        email.attempt_started_at = timezone.now()
        email.save(
            update_fields=["status", "attempts", "interrupted", "last_error", "attempt_started_at"]
        )
        return email


def deliver_email(email_id: int) -> str:
    """Send one recorded e-mail; on failure log it and queue another attempt later."""
    email = _begin_attempt(email_id)
    if email is None:
        return "skipped"
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    try:
        message.send()
    except Exception as exc:
        return _record_failure(email, exc)
    with transaction.atomic():
        email.status = Email.Status.SENT
        email.sent_at = timezone.now()
        email.body = forget_secret(email)
        email.save(update_fields=["status", "sent_at", "body"])
    return email.status


def _record_failure(email, exc) -> str:
    email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if email.attempts >= Email.MAX_ATTEMPTS:
        email.status = Email.Status.FAILED
        email.body = forget_secret(email)
        logger.exception("E-mail %s failed for good after %s attempts", email.pk, email.attempts)
    else:
        email.status = Email.Status.QUEUED
        logger.exception("E-mail %s failed (attempt %s); retrying", email.pk, email.attempts)
    with transaction.atomic():
        email.save(update_fields=["last_error", "status", "body"])
        if email.status == Email.Status.QUEUED:
            enqueue_later(email.pk, timezone.now() + retry_delay(email.attempts))
    return email.status
