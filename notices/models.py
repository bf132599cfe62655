from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """The e-mails the app sends about the work (not the account e-mails: invitations, resets)."""

    CONSENSUS_OPEN = "consensus_open", _("The consensus of a review I am on opens")
    DRAFT_FOR_COMMENTS = "draft_for_comments", _("A draft report comes to me for comments")
    FINAL_READY = "final_ready", _("The final report of a site I lead is ready")
    ACTION_DUE = "action_due", _("An action in my site's action plan falls due within a week")
    SITE_DUE = "site_due", _("A site I have reviewed is due for its next review")
    MODERATION = (
        "moderation",
        _("A draft comes to me for moderation, or the draft I lead comes back from it"),
    )
    NOTES_DELETED_SOON = (
        "notes_deleted_soon",
        _("The visit notes of a review I lead are about to be deleted"),
    )


# The final report is what a leader must not miss, so that notice cannot be turned off.
# Nor that personal data from a visit is about to be deleted.
ALWAYS_SENT = frozenset({NoticeKind.FINAL_READY, NoticeKind.NOTES_DELETED_SOON})


class NoticeOptOut(models.Model):
    """A kind of notice a person has turned off. No row means the notice is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_opt_outs",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("notice"), max_length=30, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("turned off"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice turned off")
        verbose_name_plural = _("notices turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notices_optout_unique_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in ALWAYS_SENT)),
                name="notices_optout_not_always_sent",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"

    def clean(self):
        if self.kind in ALWAYS_SENT:
            raise ValidationError({"kind": _("This notice is always sent.")})
