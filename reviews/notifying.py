"""The e-mail notices about a review: the consensus opens, a draft comes for moderation and
back from it, a draft comes for comments, the final report is ready.

Each is queued after the change it tells about has committed (`transaction.on_commit`) and
sent once per person by its key (`notices.services.notice_send`). A failure here is logged
and never reaches the request that made the change.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notices.models import NoticeKind
from notices.services import absolute_url, notice_send
from reviews import access

logger = logging.getLogger(__name__)


def after_commit(notify, **kwargs) -> None:
    """Run `notify(**kwargs)` once the transaction commits; log, never raise, if it fails."""

    def run():
        try:
            with translation.override(settings.LANGUAGE_CODE):
                notify(**kwargs)
        except Exception:
            logger.exception("The notice %s(%s) could not be queued", notify.__name__, kwargs)

    transaction.on_commit(run)


def _review(review_id):
    from reviews.models import Review

    return (
        Review.objects.select_related("site__region", "scale", "moderator")
        .prefetch_related(
            "reviewer_links__user__groups", "site__leaders__groups", "hearings", "reopenings"
        )
        .get(pk=review_id)
    )


def consensus_open(*, review_id, done_by_id) -> None:
    """To the co-reviewers (everyone but the one whose "done" opened it)."""
    review = _review(review_id)
    link = absolute_url(reverse("reviews:consensus", args=[review.pk]))
    subject = _("The consensus is open: %(review)s") % {"review": review}
    body = _(
        "Every reviewer has finished their own rating of %(review)s, so the consensus is "
        "open. Set the agreed scores here:\n\n%(link)s\n"
    ) % {"review": review, "link": link}
    reviewers = [link.user for link in review.reviewer_links.all() if link.user_id != done_by_id]
    for reviewer in access.granted_on_review("gets_consensus_notice", review, reviewers):
        notice_send(
            user=reviewer,
            kind=NoticeKind.CONSENSUS_OPEN,
            subject=subject,
            body=body,
            key=f"review:{review.pk}",
        )


def draft_for_comments(*, hearing_id) -> None:
    """To the site's leaders, once per hearing."""
    from reviews.models import Hearing

    hearing = Hearing.objects.get(pk=hearing_id)
    review = _review(hearing.review_id)
    subject = _("Draft report for comments: %(review)s") % {"review": review}
    body = _(
        "The reviewers have sent the draft report of %(review)s to you for comments. Read "
        "the draft and comment on the whole or on single items by %(deadline)s:\n\n"
        "%(link)s\n\nThe reviewers read the comments before they finalize the report; "
        "nothing goes into the report unless they write it in."
    ) % {
        "review": review,
        "deadline": date_format(hearing.deadline, "j. F Y"),
        "link": absolute_url(reverse("reviews:hearing", args=[review.pk])),
    }
    leaders = review.site.leaders.all()
    for leader in access.granted_on_review("gets_comments_request_notice", review, leaders):
        notice_send(
            user=leader,
            kind=NoticeKind.DRAFT_FOR_COMMENTS,
            subject=subject,
            body=body,
            key=f"hearing:{hearing.pk}",
        )


def final_ready(*, review_id, report_id) -> None:
    """To the site's leaders, once per stored report (a review finalized again after
    reopening has a new report, and the leaders are told again)."""
    review = _review(review_id)
    subject = _("The final report is ready: %(review)s") % {"review": review}
    body = _(
        "The fidelity review of %(review)s is finalized. Read the review and download the "
        "report here:\n\n%(link)s\n"
    ) % {"review": review, "link": absolute_url(review.get_absolute_url())}
    leaders = review.site.leaders.all()
    for leader in access.granted_on_review("gets_final_report_notice", review, leaders):
        notice_send(
            user=leader,
            kind=NoticeKind.FINAL_READY,
            subject=subject,
            body=body,
            key=f"report:{report_id}",
        )


def _moderation_notice(review, people, subject, body) -> None:
    """One notice per step of the moderation (its history record) to each of `people` the
    access table grants it."""
    key = f"moderation:{review.pk}:{review.history.latest().history_id}"
    for person in access.granted_on_review("gets_moderation_notice", review, people):
        notice_send(user=person, kind=NoticeKind.MODERATION, subject=subject, body=body, key=key)


def moderation_requested(*, review_id) -> None:
    """To the moderator the lead asked, once per request."""
    review = _review(review_id)
    subject = _("A draft report for moderation: %(review)s") % {"review": review}
    body = _(
        "You are asked to moderate the draft report of %(review)s: read it, then approve it "
        "or send it back to the reviewers with your comments. Until it is approved it goes "
        "neither out for comments nor to finalizing.\n\n%(link)s\n"
    ) % {"review": review, "link": absolute_url(review.get_absolute_url() + "#moderation")}
    _moderation_notice(review, [review.moderator], subject, body)


def moderation_decided(*, review_id) -> None:
    """To the lead reviewer, once per decision."""
    review = _review(review_id)
    who = review.moderator.get_full_name() or review.moderator.get_username()
    if review.moderation == review.Moderation.APPROVED:
        subject = _("The draft is approved: %(review)s") % {"review": review}
        body = _("%(who)s has approved the draft report of %(review)s.\n\n%(link)s\n")
    else:
        subject = _("The draft is sent back: %(review)s") % {"review": review}
        body = _(
            "%(who)s has sent the draft report of %(review)s back with these comments:\n\n"
            "%(comment)s\n\nAsk for a moderation again when it is ready:\n\n%(link)s\n"
        )
    body = body % {
        "who": who,
        "review": review,
        "comment": review.moderation_comment,
        "link": absolute_url(review.get_absolute_url() + "#moderation"),
    }
    leads = [link.user for link in review.reviewer_links.all() if link.is_lead]
    _moderation_notice(review, leads, subject, body)
