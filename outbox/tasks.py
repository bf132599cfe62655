import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from outbox.models import Email

logger = logging.getLogger(__name__)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 minutes between attempts: a mail server that is down for a while recovers."""
    return timedelta(minutes=2 ** (attempts - 1))


def forget_secret(email) -> str:
    return "" if email.secret else email.body


@task()
def deliver_email(email_id: int) -> str:
    """Send one recorded e-mail; on failure log it and queue another attempt later."""
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != Email.Status.QUEUED:
            return "skipped"
        email.attempts += 1
        message = EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        try:
            message.send()
        except Exception as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= Email.MAX_ATTEMPTS:
                email.status = Email.Status.FAILED
                email.body = forget_secret(email)
                logger.exception(
                    "E-mail %s failed for good after %s attempts", email.pk, email.attempts
                )
            else:
                logger.exception(
                    "E-mail %s failed (attempt %s); retrying", email.pk, email.attempts
                )
                deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(
                    email.pk
                )
            email.save(update_fields=["attempts", "last_error", "status", "body"])
            return email.status
        email.status = Email.Status.SENT
        email.sent_at = timezone.now()
        email.body = forget_secret(email)
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", "body"])
    return email.status
