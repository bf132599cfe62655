"""The visit of a review: the sessions it is made of (who is interviewed or what is
observed, when, by which reviewer, informing which items), the reviewers' notes from each
session tagged to items, and the record of their deletion.

Notes are personal data gathered at the visit: private to the review's reviewers, never in
the report, and deleted a set number of days after finalizing (`visits.retention`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reviews.models import Review
from scales.models import Item
from toolkit.text import one_line
from toolkit.versioning import version_field

NOTE_LIMIT = 20_000


class Session(models.Model):
    """One part of the visit: an interview, an observation or the reading of records."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        OBSERVATION = "observation", _("Observation")
        RECORDS = "records", _("Records")
        OTHER = "other", _("Other")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="visit_sessions", verbose_name=_("review")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(
        _("who or what"),
        max_length=200,
        validators=[one_line],
        help_text=_("E.g. the IPS consultants, the team leader, a team meeting."),
    )
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    items = models.ManyToManyField(
        Item, blank=True, related_name="+", verbose_name=_("items it informs")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[items])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["review", "starts_at", "pk"]

    def __str__(self):
        return self.title


class Note(models.Model):
    """A passage a reviewer wrote during a session, tagged to the items it bears on."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="notes", verbose_name=_("session")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visit_notes",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=NOTE_LIMIT)
    items = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("items"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Set by the page when the note is written, so a note sent again (after a lost answer,
    # or from the browser's queue once the network is back) is stored once.
    client_key = models.CharField(_("key of the sending page"), max_length=36, blank=True)
    version = version_field()
    # Each saved text is kept until the notes are deleted after finalizing: the deletion
    # takes the history with it (visits/retention.py).
    history = HistoricalRecords(m2m_fields=[items], excluded_fields=["version", "client_key"])

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~models.Q(client_key=""),
                name="visits_note_sent_once",
            )
        ]

    def __str__(self):
        return self.text[:60]


class NotesDeletion(models.Model):
    """That a review's notes were deleted, when, how many and by which rule: never what they
    said."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="notes_deletions", verbose_name=_("review")
    )
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True)
    notes = models.PositiveIntegerField(_("notes deleted"))
    rule = models.CharField(_("rule"), max_length=200)

    class Meta:
        verbose_name = _("deletion of notes")
        verbose_name_plural = _("deletions of notes")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self):
        return f"{self.review}: {self.notes} ({self.deleted_at:%Y-%m-%d})"
