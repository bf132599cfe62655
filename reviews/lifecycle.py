"""The review's lifecycle: its stages, and when each holds. The one place they are written.

A review is a **draft** until the lead reviewer **finalizes** it; an administrator may reopen
a finalized review (a draft again, the reopening recorded). With two or more reviewers, a
draft first goes through the **rating** stage: each reviewer rates every item on their own
and marks the rating done; once every one of them is done, the ratings are **revealed** and
the **consensus** is open, where the agreed scores are set. A lone reviewer sets the agreed
scores directly, and so does whoever enters a review **after the fact** from its finished
report: such a review has no rating stage. While a draft is **out for comments** (høring) the
site's leaders may comment until the deadline.

Each stage is written once, in both forms: `holds(review)`, a test on one review (it reads the
prefetched `reviewer_links` and, for the høring, `hearings`), and `q()`, the same as a filter
for querysets. `reviews/tests/reviews/test_lifecycle.py` checks that the two agree on reviews in
every stage. Stages combine with `&`, `|` and `~`; the access table (`reviews.access`) names
the stage in which each relation grants each rule.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The review's stored status (Review.Status): the lifecycle owns the two values.
DRAFT_STATUS = "draft"
FINALIZED_STATUS = "finalized"
# The review's stored moderation (Review.Moderation): the two values the stages read.
MODERATION_PENDING_STATUS = "pending"
MODERATION_APPROVED_STATUS = "approved"


@dataclass(frozen=True)
class Stage:
    """A stage a review may be in: a test on one review and the same as a filter."""

    name: str
    holds: Callable = field(compare=False)
    q: Callable[[], Q] = field(compare=False)

    def __str__(self):
        return self.name

    def __and__(self, other):
        return Stage(
            f"{self.name} and {other.name}",
            lambda review: self.holds(review) and other.holds(review),
            lambda: self.q() & other.q(),
        )

    def __or__(self, other):
        return Stage(
            f"{self.name} or {other.name}",
            lambda review: self.holds(review) or other.holds(review),
            lambda: self.q() | other.q(),
        )

    def __invert__(self):
        return Stage(f"not {self.name}", lambda review: not self.holds(review), lambda: ~self.q())

    def named(self, name):
        """The same stage under its own name (for a combination of stages)."""
        return Stage(name, self.holds, self.q)

    def holds_for_pk(self, pk) -> bool:
        """The test on a review known by its key, in one query (for services that lock rows)."""
        from reviews.models import Review

        return Review.objects.filter(self.q(), pk=pk).exists()


def _links(review):
    return list(review.reviewer_links.all())


def rating_done(link) -> bool:
    """One reviewer has marked their own rating done (the stages below ask it of every one)."""
    return link.rating_done_at is not None


def _several_reviewers_q():
    from reviews.models import ReviewReviewer

    several = (
        ReviewReviewer.objects.values("review").annotate(n=Count("pk")).filter(n__gte=2)
    ).values("review")
    return Q(pk__in=several)


def _someone_still_rating_q():
    from reviews.models import ReviewReviewer

    return Q(
        Exists(ReviewReviewer.objects.filter(review=OuterRef("pk"), rating_done_at__isnull=True))
    )


def _open_hearing(review):
    """The hearing the draft is out in, from prefetched `hearings` when there; otherwise
    read once and kept on the review object (as its other related rows are)."""
    if "hearings" in getattr(review, "_prefetched_objects_cache", {}):
        return next((h for h in review.hearings.all() if h.closed_at is None), None)
    if "_open_hearing" not in review.__dict__:
        review.__dict__["_open_hearing"] = review.hearings.filter(closed_at__isnull=True).first()
    return review.__dict__["_open_hearing"]


def _open_hearing_q(**extra):
    from reviews.models import Hearing

    return Q(Exists(Hearing.objects.filter(review=OuterRef("pk"), closed_at__isnull=True, **extra)))


ALWAYS = Stage("always", lambda review: True, Q)
DRAFT = Stage("draft", lambda review: review.status == DRAFT_STATUS, lambda: Q(status=DRAFT_STATUS))
FINALIZED = Stage(
    "finalized",
    lambda review: review.status == FINALIZED_STATUS,
    lambda: Q(status=FINALIZED_STATUS),
)
AFTER_THE_FACT = Stage(
    "entered after the fact", lambda review: review.after_the_fact, lambda: Q(after_the_fact=True)
)
# Two or more reviewers who each rate on their own first (never a review entered after the
# fact: nobody rated it in the app).
RATED_SEPARATELY = Stage(
    "rated separately",
    lambda review: not review.after_the_fact and len(_links(review)) > 1,
    lambda: Q(after_the_fact=False) & _several_reviewers_q(),
)
_EVERY_RATING_DONE = Stage(
    "every rating done",
    lambda review: all(rating_done(link) for link in _links(review)),
    lambda: ~_someone_still_rating_q(),
)
# The independent ratings may be compared (side by side, agreement figures, calibration);
# they stay revealed once the review is finalized.
RATINGS_REVEALED = (RATED_SEPARATELY & _EVERY_RATING_DONE).named("ratings revealed")
RATING = (DRAFT & RATED_SEPARATELY & ~_EVERY_RATING_DONE).named("rating")
CONSENSUS_OPEN = (DRAFT & RATINGS_REVEALED).named("consensus open")


def revealed_to_others(review, author_id) -> bool:
    """Whether what one reviewer gathered on their own (their visit notes) shows to the other
    reviewers: once that reviewer has finished rating, or at once when the review is not
    rated separately. Their own shows to each reviewer always. (Prefetch `reviewer_links`.)"""
    if not RATED_SEPARATELY.holds(review):
        return True
    link = next((link for link in _links(review) if link.user_id == author_id), None)
    return link is None or rating_done(link)


# The agreed scores may be set: in the consensus, or directly by a lone reviewer and by
# whoever enters a review after the fact.
AGREED_SCORES_OPEN = (DRAFT & ~RATING).named("agreed scores open")
OUT_FOR_COMMENTS = Stage(
    "out for comments",
    lambda review: review.status == DRAFT_STATUS and _open_hearing(review) is not None,
    lambda: Q(status=DRAFT_STATUS) & _open_hearing_q(),
)
NOT_OUT_FOR_COMMENTS = (DRAFT & ~OUT_FOR_COMMENTS).named("draft, not out for comments")
COMMENTS_OPEN = Stage(
    "out for comments, deadline not passed",
    lambda review: OUT_FOR_COMMENTS.holds(review) and _open_hearing(review).comments_open(),
    lambda: Q(status=DRAFT_STATUS) & _open_hearing_q(deadline__gte=timezone.localdate()),
)
REOPENED = Stage(
    "reopened draft",
    lambda review: review.status == DRAFT_STATUS and review.reopenings.exists(),
    lambda: Q(status=DRAFT_STATUS, pk__in=_reopened_reviews()),
)

# The site's region asks for moderation before the report leaves the reviewers.
MODERATION_REQUIRED = Stage(
    "moderation required",
    lambda review: review.site.region.moderation_required,
    lambda: Q(site__region__moderation_required=True),
)
MODERATION_PENDING = Stage(
    "waiting for moderation",
    lambda review: review.moderation == MODERATION_PENDING_STATUS,
    lambda: Q(moderation=MODERATION_PENDING_STATUS),
)
MODERATED = Stage(
    "moderated",
    lambda review: review.moderation == MODERATION_APPROVED_STATUS,
    lambda: Q(moderation=MODERATION_APPROVED_STATUS),
)
# The draft may go out for comments and be finalized as far as moderation goes.
MODERATION_SETTLED = (~MODERATION_REQUIRED | MODERATED).named("moderated or not required")
# The lead asks for a moderation of the draft: its scores agreed on, not out for comments,
# not waiting for a moderator already, not approved yet.
MODERATION_OPEN = (
    AGREED_SCORES_OPEN & MODERATION_REQUIRED & ~MODERATION_PENDING & ~MODERATED
).named("moderation required, not asked for or sent back")


def _reopened_reviews():
    from reviews.models import ReviewReopening

    return ReviewReopening.objects.values("review")


# Every stage a review can be in, for the agreement test and the generated documentation.
STAGES = (
    DRAFT,
    FINALIZED,
    AFTER_THE_FACT,
    RATED_SEPARATELY,
    RATING,
    RATINGS_REVEALED,
    CONSENSUS_OPEN,
    AGREED_SCORES_OPEN,
    OUT_FOR_COMMENTS,
    NOT_OUT_FOR_COMMENTS,
    COMMENTS_OPEN,
    REOPENED,
    MODERATION_REQUIRED,
    MODERATION_PENDING,
    MODERATED,
    MODERATION_SETTLED,
    MODERATION_OPEN,
)


def open_hearings_prefetch():
    """What the stages read of a list of reviews besides `reviewer_links`: the open hearing
    (one query for the whole list)."""
    from django.db.models import Prefetch

    from reviews.models import Hearing

    return Prefetch("hearings", queryset=Hearing.objects.filter(closed_at__isnull=True))


def open_hearing(review):
    """The hearing a draft is out in, or None (finalizing closes it)."""
    return _open_hearing(review) if DRAFT.holds(review) else None


# What the pages call the stage a review is in, in the order the method runs through them.
LABELS = (
    (FINALIZED, _("Finalized")),
    (OUT_FOR_COMMENTS, _("Out for comments")),
    (CONSENSUS_OPEN, _("Consensus")),
    (RATING, _("Rating")),
)


def stage_label(review) -> str:
    """The stage where the review has one (several reviewers, out for comments, finalized);
    a lone reviewer's draft is just a draft."""
    for stage, label in LABELS:
        if stage.holds(review):
            return str(label)
    return str(_("Draft"))


@dataclass(frozen=True)
class ProgressStep:
    label: str
    state: str  # "done", "current" or "todo"


def progress(review) -> list[ProgressStep]:
    """The stages the review runs through, for the indicator at the top of its page: rating
    and consensus when several reviewers rate on their own (scoring for a lone reviewer),
    the høring, finalized. The høring may be left out; it counts as passed once the
    review is finalized."""
    if RATED_SEPARATELY.holds(review):
        stages = [(RATING, _("Rating")), (CONSENSUS_OPEN, _("Consensus"))]
    else:
        stages = [(NOT_OUT_FOR_COMMENTS, _("Scoring"))]
    stages += [(OUT_FOR_COMMENTS, _("Out for comments")), (FINALIZED, _("Finalized"))]
    current = max((i for i, (stage, _label) in enumerate(stages) if stage.holds(review)), default=0)
    return [
        ProgressStep(str(label), "done" if i < current else "current" if i == current else "todo")
        for i, (_stage, label) in enumerate(stages)
    ]
