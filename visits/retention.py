"""The visit's notes leave on time: `VISIT_NOTES_RETENTION_DAYS` (14) days after a review is
finalized they are deleted, and the lead reviewer is told `VISIT_NOTES_NOTICE_DAYS` (3) days
before. What was deleted, when and by which rule is recorded, never what the notes said.
A reopened review is not finalized, so it keeps its notes until it is finalized again (and
the days count from then). Run daily by `manage.py delete_visit_notes`."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notices.models import NoticeKind
from notices.services import absolute_url, notice_send
from reviews import lifecycle
from reviews.models import Review
from visits.models import Note, NotesDeletion


@dataclass
class Retention:
    noticed: int = 0
    deleted: int = 0


def rule() -> str:
    return _("%(days)s days after the review was finalized") % {
        "days": settings.VISIT_NOTES_RETENTION_DAYS
    }


def deletion_date(review) -> datetime.date:
    return timezone.localdate(review.finalized_at) + datetime.timedelta(
        days=settings.VISIT_NOTES_RETENTION_DAYS
    )


def _with_notes():
    """The finalized reviews with notes, or with earlier texts of notes (their authors may
    have deleted every note: the history still holds what they wrote)."""
    with_history = Note.history.filter(session_id=OuterRef("visit_sessions__pk"))
    return (
        Review.objects.in_stage(lifecycle.FINALIZED)
        .filter(Q(visit_sessions__notes__isnull=False) | Exists(with_history))
        .distinct()
        .select_related("site")
        .prefetch_related("reviewer_links__user")
    )


def _notice(review, today):
    lead = next((link.user for link in review.reviewer_links.all() if link.is_lead), None)
    if lead is None:
        return 0
    when = deletion_date(review)
    subject = _("The visit notes of %(site)s are deleted on %(date)s") % {
        "site": review.site.name,
        "date": date_format(when, "j. F Y"),
    }
    body = _(
        "The reviewers' notes from the visit to %(site)s are deleted on %(date)s (%(rule)s). "
        "Copy into the review's remarks now whatever should be kept; the report, the scores, "
        "remarks and recommendations stay.\n\nThe visit: %(url)s\n"
    ) % {
        "site": review.site.name,
        "date": date_format(when, "j. F Y"),
        "rule": rule(),
        "url": absolute_url(reverse("visits:visit", args=[review.pk])),
    }
    key = f"review:{review.pk}:{review.finalized_at.isoformat()}"
    return int(
        notice_send(
            user=lead, kind=NoticeKind.NOTES_DELETED_SOON, subject=subject, body=body, key=key
        )
    )


def notes_retention_run(*, now=None) -> Retention:
    """Tell the lead reviewers whose notes go within the notice days, and delete the notes
    whose day has come (each once: a second run does nothing new)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = Retention()
    with translation.override(settings.LANGUAGE_CODE):
        for review in _with_notes():
            with transaction.atomic():
                if deletion_date(review) <= today:
                    notes = Note.objects.filter(session__review=review)
                    count = notes.count()
                    notes.delete()
                    # Every earlier text of them too, and of notes their authors deleted.
                    Note.history.filter(session_id__in=review.visit_sessions.values("pk")).delete()
                    NotesDeletion.objects.create(review=review, notes=count, rule=rule())
                    done.deleted += count
                elif (
                    deletion_date(review)
                    - datetime.timedelta(days=settings.VISIT_NOTES_NOTICE_DAYS)
                    <= today
                ):
                    done.noticed += _notice(review, today)
    return done
