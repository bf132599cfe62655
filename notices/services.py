"""Notices about the work, sent once each through the outbox (which the task queue delivers)."""

from django.conf import settings
from django.db import transaction

from notices.models import ALWAYS_SENT, NoticeKind, NoticeOptOut
from outbox.services import email_queue


def absolute_url(path: str) -> str:
    """A link for an e-mail. Notices are also sent from cron, where there is no request to ask
    for the host, so the address comes from the DJANGO_SITE_URL setting."""
    return settings.SITE_URL.rstrip("/") + path


def notice_wanted(*, user, kind) -> bool:
    if not user.is_active or not user.email:
        return False
    if kind in ALWAYS_SENT:
        return True
    return not NoticeOptOut.objects.filter(user=user, kind=kind).exists()


def notice_send(*, user, kind, subject, body, key) -> bool:
    """Queue one notice for one person, once per (kind, key, person); False if not sent.

    Call it inside the transaction of the change it tells about: the e-mail is recorded with
    it and delivered by the worker after the commit, so a slow or failing mail server never
    blocks or breaks the request.
    """
    kind = NoticeKind(kind)
    if not notice_wanted(user=user, kind=kind):
        return False
    email_queue(
        to=user.email,
        subject=subject,
        body=body,
        kind=kind.value,
        key=f"notice:{kind.value}:{key}:{user.pk}",
        recipient=user,
    )
    return True


def notice_settings_save(*, user, kinds_off) -> None:
    """Replace the kinds of notice a person has turned off (always-sent kinds are ignored)."""
    kinds_off = {NoticeKind(kind) for kind in kinds_off} - ALWAYS_SENT
    with transaction.atomic():
        NoticeOptOut.objects.filter(user=user).exclude(kind__in=kinds_off).delete()
        have = set(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True))
        NoticeOptOut.objects.bulk_create(
            NoticeOptOut(user=user, kind=kind) for kind in sorted(kinds_off - have)
        )
