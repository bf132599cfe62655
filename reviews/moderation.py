"""The steps of a draft's moderation, read from the review's history: who asked whom, who
approved the draft or sent it back and with which comments, and when."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from reviews.models import Review

MODERATION_REASON = "moderation"


def _name(user) -> str:
    if user is None:
        return _("(system)")
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class ModerationStep:
    when: datetime
    text: str
    comment: str
    state: str


def moderation_history(review) -> list[ModerationStep]:
    """Each step of the review's moderation, oldest first (one query)."""
    records = (
        Review.history.filter(id=review.pk, history_change_reason=MODERATION_REASON)
        .select_related("history_user", "moderator")
        .order_by("history_date", "history_id")
    )
    steps = []
    for record in records:
        moderator = _name(record.moderator)
        if record.moderation == Review.Moderation.PENDING:
            text = _("%(lead)s asked %(moderator)s to moderate the draft.") % {
                "lead": _name(record.history_user),
                "moderator": moderator,
            }
        elif record.moderation == Review.Moderation.APPROVED:
            text = _("%(moderator)s approved the draft.") % {"moderator": moderator}
        elif record.moderation == Review.Moderation.RETURNED:
            text = _("%(moderator)s sent the draft back.") % {"moderator": moderator}
        else:
            continue
        steps.append(
            ModerationStep(record.history_date, text, record.moderation_comment, record.moderation)
        )
    return steps
