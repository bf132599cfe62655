"""Queueing e-mail: the request records it and returns; the task queue delivers it."""

from django.db import IntegrityError, transaction

from outbox import tasks
from outbox.models import Email


def email_queue(*, to, subject, body, kind, key="", recipient=None, secret=False) -> Email:
    """Record an e-mail and queue its delivery in the same transaction.

    The queue lives in the database, so the delivery task exists exactly when the
    record does: a rolled-back request sends nothing. With a `key` already used, the
    existing record is returned and nothing new is sent. A `secret` e-mail (one carrying a
    password-reset or invitation link) keeps its text only until it is sent, and
    administrators never see it: the link is the recipient's alone.
    """
    if key:
        existing = Email.objects.filter(key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            email = Email.objects.create(
                key=key,
                kind=kind,
                to=to,
                recipient=recipient,
                subject=" ".join(str(subject).split()),  # headers must not carry line breaks
                body=body,
                secret=secret,
            )
            tasks.enqueue(email.pk)
    except IntegrityError:
        # Another request queued the same key at the same moment.
        return Email.objects.get(key=key)
    return email
