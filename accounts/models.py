"""What the accounts app stores: sessions with their user, who read what, invitations."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Session(AbstractBaseSession):
    """Django's database session with its user beside it, so that deactivating a person
    can end every session of theirs at once (people.services.person_deactivate)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("user"),
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore


class AppendOnly(PermissionDenied):
    """The access log is only ever added to; old entries go only by the retention command."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly(_("The access log cannot be changed."))

    def delete(self):
        raise AppendOnly(_("The access log cannot be changed."))

    def remove_older_than(self, cutoff) -> int:
        """Delete the entries made before `cutoff`: the retention command's job, nothing else's."""
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


class AccessLogEntry(models.Model):
    """One read of a review page, one download of a report, one export: who, when, what,
    from which address. Written by `accounts.accesslog`; never changed."""

    class Action(models.TextChoices):
        READ = "read", _("Read")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_log_entries",
        verbose_name=_("person"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    page = models.CharField(_("page"), max_length=100)
    path = models.CharField(_("address (URL)"), max_length=2000)
    subject = models.CharField(_("what"), max_length=300, blank=True)
    subject_type = models.CharField(_("kind of object"), max_length=50, blank=True)
    subject_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "at"], name="accounts_log_user_at"),
            models.Index(fields=["subject_type", "subject_id"], name="accounts_log_subject"),
        ]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.user} {self.get_action_display()} {self.path}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(_("The access log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(_("The access log cannot be changed."))


class Invitation(models.Model):
    """An administrator invited a person by e-mail; they set their own password through
    the link (accounts.tokens), which works once and expires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("person"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.user} ({self.sent_at:%d.%m.%Y})"
