"""What a person does next with a review, and what stands in the way of the two steps that
can be refused: sending the draft for comments and finalizing.

The review page's main button, the start page's groups (overview/home.py) and the
confirmation pages all ask here, so the three say the same. Each function reads what the
caller loaded with the review (`item_scores` with their items, `reviewer_links`, the open
hearing, the site's leaders for the høring): prefetch them, then there is no query here.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews import lifecycle
from reviews.models import Review
from reviews.text import number_runs


@dataclass(frozen=True)
class NextStep:
    key: str  # rate, others, agree, score, hearing, comment, finalize, report, draft
    label: str
    href: str


def next_step(review, access, link=None) -> NextStep:
    """The step `access` (one person's ReviewAccess) makes next on the review; `link` is the
    person's ReviewReviewer row when they are one of its reviewers."""
    pk = review.pk
    if lifecycle.FINALIZED.holds(review):
        return NextStep(
            "report", _("Download report (PDF)"), reverse("reports:report_pdf", args=[pk])
        )
    if link is not None and lifecycle.RATING.holds(review):
        if not link.rating_done:
            return NextStep("rate", _("Rate every item"), reverse("reviews:my_rating", args=[pk]))
        return NextStep(
            "others", _("See who is still rating"), reverse("reviews:consensus", args=[pk])
        )
    if access.can_moderate:
        return NextStep(
            "moderate", _("Moderate the draft"), reverse("reviews:moderation", args=[pk])
        )
    if access.can_comment:
        return NextStep(
            "comment", _("Read the draft and comment"), reverse("reviews:hearing", args=[pk])
        )
    if link is not None and lifecycle.OUT_FOR_COMMENTS.holds(review):
        return NextStep("hearing", _("Read the comments"), reverse("reviews:hearing", args=[pk]))
    if link is not None and lifecycle.MODERATION_PENDING.holds(review):
        return NextStep(
            "moderation", _("Waiting for the moderation"), reverse("reviews:moderation", args=[pk])
        )
    if access.can_request_moderation and not review.unscored_items():
        return NextStep(
            "moderation", _("Ask for a moderation"), reverse("reviews:moderation", args=[pk])
        )
    blockers = finalize_blockers(review) if access.can_finalize else None
    if access.can_finalize and not blockers:
        return NextStep(
            "finalize", _("Finalize the review"), reverse("reports:review_finalize", args=[pk])
        )
    if blockers and len(blockers) == 1 and not review.summary.strip():
        # Every item is scored: the summary is all that is left.
        return NextStep("summary", _("Write the summary"), f"{review.get_absolute_url()}#summary")
    if access.can_set_agreed and lifecycle.RATINGS_REVEALED.holds(review):
        return NextStep(
            "agree", _("Set the agreed scores"), reverse("reviews:consensus", args=[pk])
        )
    if access.can_set_agreed:
        return NextStep("score", _("Score the items"), review.get_absolute_url() + "#items")
    return NextStep(
        "draft", _("Download draft report (PDF)"), reverse("reports:report_pdf", args=[pk])
    )


@dataclass(frozen=True)
class ItemLink:
    number: int
    name: str
    href: str


@dataclass(frozen=True)
class Blocker:
    """Why a step cannot be done yet, and where to put it right."""

    message: str
    href: str = ""
    items: list = field(default_factory=list)  # ItemLinks to the items concerned

    def __str__(self):
        return self.message


def items_blocker(message, items, page="") -> Blocker:
    """A blocker naming `items`, linked to each on `page` (this page when empty)."""
    links = [ItemLink(item.number, item.name, f"{page}#item-{item.number}") for item in items]
    return Blocker(message, links[0].href if links else page, links)


def agreed_scores_page(review) -> str:
    """Where the agreed scores are set: the consensus when several reviewers rated on their
    own (every item shown, in the scale's order), the review page otherwise."""
    if lifecycle.RATED_SEPARATELY.holds(review):
        return reverse("reviews:consensus", args=[review.pk]) + "?order=scale&show=all"
    return review.get_absolute_url()


def _unscored(review, message) -> list[Blocker]:
    """`message(numbers)` names the items without an agreed score."""
    missing = review.unscored_items()
    if not missing:
        return []
    text = message([item.number for item in missing])
    return [items_blocker(text, missing, agreed_scores_page(review))]


def _no_score(numbers) -> str:
    return ngettext(
        "Item %(items)s has no score yet.", "Items %(items)s have no score yet.", len(numbers)
    ) % {"items": number_runs(numbers)}


def unscored_for_hearing_message(numbers) -> str:
    return ngettext(
        "Item %(items)s has no score yet. Every item must be scored before the draft "
        "is sent for comments.",
        "Items %(items)s have no score yet. Every item must be scored before the "
        "draft is sent for comments.",
        len(numbers),
    ) % {"items": number_runs(numbers)}


def unscored_for_moderation_message(numbers) -> str:
    return ngettext(
        "Item %(items)s has no score yet. Every item must be scored before the draft is moderated.",
        "Items %(items)s have no score yet. Every item must be scored before the "
        "draft is moderated.",
        len(numbers),
    ) % {"items": number_runs(numbers)}


def unmoderated_message() -> str:
    return _(
        "The region asks for a moderation: a reviewer who is not on the review must approve "
        "the draft before it goes out for comments or is finalized."
    )


def _unmoderated(review) -> list[Blocker]:
    if lifecycle.MODERATION_SETTLED.holds(review):
        return []
    return [Blocker(unmoderated_message(), f"{review.get_absolute_url()}#moderation")]


def moderation_blockers(review) -> list[Blocker]:
    """Why the draft cannot go to a moderator yet: every item needs its agreed score."""
    return _unscored(review, unscored_for_moderation_message)


def no_leaders_message() -> str:
    return _(
        "The site has no leaders in the app yet, so nobody can comment. An administrator "
        "adds them under Steder."
    )


def checklists_prefetch():
    """The checklists attached to a review, with their scales and answered counts."""
    return Prefetch(
        "checklists",
        queryset=Review.objects.select_related("scale").with_totals().order_by("scale__name"),
    )


def attached_checklists(review) -> list:
    """The checklists attached to the review (prefetch `checklists_prefetch()`, else one
    query)."""
    if "checklists" in getattr(review, "_prefetched_objects_cache", {}):
        return list(review.checklists.all())
    return list(review.checklists.select_related("scale").order_by("scale__name"))


def open_checklists(review) -> list:
    """The attached checklists that are not finalized: the review's report prints them, so
    finalizing the review waits for them."""
    return [c for c in attached_checklists(review) if not lifecycle.FINALIZED.holds(c)]


def finalize_blockers(review) -> list[Blocker]:
    """Why the review cannot be finalized yet (empty when it can)."""
    blockers = _unscored(review, _no_score)
    if not review.summary.strip():
        blockers.append(
            Blocker(_("The summary must be written."), f"{review.get_absolute_url()}#summary")
        )
    blockers += _unmoderated(review)
    for checklist in open_checklists(review):
        blockers.append(
            Blocker(
                _("The checklist %(name)s is not finalized yet.") % {"name": checklist.scale.name},
                checklist.get_absolute_url(),
            )
        )
    if not lifecycle.AGREED_SCORES_OPEN.holds(review) and lifecycle.DRAFT.holds(review):
        waiting = [str(link) for link in review.reviewer_links.all() if not link.rating_done]
        blockers.append(
            Blocker(
                _("The consensus needs every reviewer's rating first; not done: %(names)s.")
                % {"names": ", ".join(waiting)},
                reverse("reviews:consensus", args=[review.pk]),
            )
        )
    return blockers


def hearing_blockers(review) -> list[Blocker]:
    """Why the draft cannot be sent for comments yet (empty when it can): every item needs
    its agreed score (the leaders comment on the draft as it would be finalized), and the
    site needs a leader in the app to comment."""
    blockers = _unscored(review, unscored_for_hearing_message)
    blockers += _unmoderated(review)
    if not review.site.leaders.all():
        blockers.append(Blocker(no_leaders_message()))
    return blockers


def hearing_offered(review, access) -> bool:
    """The høring box shows once there is a consensus to comment on: the agreed scores are
    open and at least one is set, and the draft is moderated where the region asks for it."""
    return (
        access.can_send_for_comments
        and lifecycle.MODERATION_SETTLED.holds(review)
        and any(row.score is not None for row in review.item_scores.all())
    )
