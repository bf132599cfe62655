import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_message_id() -> str:
    return f"<{uuid.uuid4()}@ipsfidelity>"


class Email(models.Model):
    """One e-mail the app sends: recorded before it goes, delivered by the task queue.

    `key` makes a notice go once: queueing a second e-mail with a key already used
    returns the first record instead of sending again. Each attempt is recorded as `sending`
    before the mail server is asked; a worker that dies mid-send leaves it so, and the next
    attempt says so (`interrupted`) and sends it with the same Message-ID, so that a second
    copy of one the server had already accepted can be recognised.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    MAX_ATTEMPTS = 5

    key = models.CharField(_("key"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=50)
    to = models.EmailField(_("to"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    secret = models.BooleanField(
        _("holds a one-time link"),
        default=False,
        help_text=_("The text is never shown and is removed once the e-mail is sent or given up."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    interrupted = models.PositiveSmallIntegerField(
        _("interrupted attempts"),
        default=0,
        help_text=_(
            "Attempts whose worker stopped while talking to the mail server: it may or may not "
            "have accepted the e-mail then."
        ),
    )
    message_id = models.CharField(
        _("Message-ID"),
        max_length=100,
        default=new_message_id,
        help_text=_("The same on every attempt, so that a copy sent twice can be recognised."),
    )
    attempt_started_at = models.DateTimeField(_("last attempt started"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="outbox_email_unique_key"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outbox_email_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"
