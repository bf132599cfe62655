"""Writes that touch reviews: creation, autosaved fields, lists on the page, finalizing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews import guidance, lifecycle, notifying
from reviews.access import review_access
from reviews.models import (
    EvidenceSource,
    FinalizedReviewError,
    Hearing,
    HearingComment,
    ImprovementArea,
    ItemScore,
    Rating,
    Review,
    ReviewReopening,
    ReviewReviewer,
)
from reviews.models.parts import clean_observed
from reviews.moderation import MODERATION_REASON
from reviews.text import default_purpose, number_runs
from scales import ladders, scoring
from scales.models import Scale

# The fields a reviewer edits on the review page, one save each.
AUTOSAVE_FIELDS = {
    Review: (
        "visit_date",
        "visit_end_date",
        "kind",
        "purpose",
        "basis",
        "general_comments",
        "summary",
    ),
    ItemScore: ("score", "remark", "recommendation", "observed"),
    EvidenceSource: ("kind", "description", "count", "roles", "date"),
    ImprovementArea: ("text",),
    Rating: ("score", "notes", "observed"),
}


class NotNow(PermissionDenied):
    """A save the review's stage does not allow yet (or any more)."""


class StaleVersion(Exception):
    """A save based on a version someone else has already replaced."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


def next_round(*, site, scale, kind) -> int:
    last = Review.objects.filter(site=site, scale__code=scale.code, kind=kind).aggregate(
        r=Max("round")
    )["r"]
    return (last or 0) + 1


@transaction.atomic
def review_create(
    *,
    site,
    scale,
    visit_date,
    kind,
    lead,
    co_reviewers=(),
    visit_end_date=None,
    created_by=None,
    after_the_fact=False,
) -> Review:
    """A new draft review with one empty score row per item of the scale version.

    `after_the_fact`: a review that took place earlier, entered from its finished report;
    its agreed scores are entered directly, with no rating stage."""
    if scale.status != Scale.Status.PUBLISHED:
        raise ValidationError(_("Only a published scale can be used for a new review."))
    # Lock the site so two reviews created at once cannot take the same round.
    type(site).objects.select_for_update().filter(pk=site.pk).first()
    review = Review.objects.create(
        site=site,
        scale=scale,
        visit_date=visit_date,
        visit_end_date=visit_end_date,
        kind=kind,
        round=next_round(site=site, scale=scale, kind=kind),
        purpose=default_purpose(site=site, scale=scale),
        created_by=created_by,
        after_the_fact=after_the_fact,
    )
    ReviewReviewer.objects.create(review=review, user=lead, is_lead=True)
    for user in co_reviewers:
        if user != lead:
            ReviewReviewer.objects.create(review=review, user=user)
    ItemScore.objects.bulk_create(
        ItemScore(review=review, item=item) for item in scale.items.order_by("number")
    )
    return review


@transaction.atomic
def checklist_attach(*, review, scale, user) -> Review:
    """A checklist filled in with `review`: a review of its own on the checklist (same site,
    visit, kind and reviewers), scored, agreed and finalized by the same rules, and printed in
    the review's report. Finalizing the review waits for it (reviews.guidance)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review_access(user, review).can_attach_checklist:
        raise NotNow(_("Only the lead reviewer can add a checklist, while the review is a draft."))
    if review.scale.is_checklist:
        raise ValidationError(_("A checklist cannot be attached to another checklist."))
    if not scale.is_checklist or scale.status != Scale.Status.PUBLISHED:
        raise ValidationError(_("Choose a published checklist."))
    if review.checklists.filter(scale__code=scale.code).exists():
        raise ValidationError(
            _("The review already has the checklist %(name)s.") % {"name": scale.name}
        )
    links = list(review.reviewer_links.select_related("user"))
    checklist = review_create(
        site=review.site,
        scale=scale,
        visit_date=review.visit_date,
        visit_end_date=review.visit_end_date,
        kind=review.kind,
        lead=next(link.user for link in links if link.is_lead),
        co_reviewers=[link.user for link in links if not link.is_lead],
        created_by=user,
        after_the_fact=review.after_the_fact,
    )
    checklist.attached_to = review
    checklist.save(update_fields=["attached_to"])
    return checklist


def clean_field_value(model, field_name, raw):
    """Turn the submitted text of one field into its value, or raise a Danish ValidationError."""
    if field_name not in AUTOSAVE_FIELDS[model]:
        raise ValidationError(_("This field cannot be saved here."))
    field = model._meta.get_field(field_name)
    if isinstance(raw, str):
        raw = raw.replace("\r\n", "\n")
    if field_name == "score":
        if raw in ("", None):
            return None
        if raw not in {str(score) for score in scoring.SCORES}:
            raise ValidationError(scoring.score_range_error())
        return int(raw)
    if field_name == "observed":
        return ladders.to_json(ladders.parse_figures(raw))
    options = {"required": False}
    if field.get_internal_type() == "TextField":
        options["strip"] = False
    value = field.formfield(**options).clean(raw)
    if value in (None, "") and not field.null:
        value = ""
    if field.choices and value == "":
        raise ValidationError(_("Choose one of the options."))
    if value not in field.empty_values:
        # The model's own limits, which the form field does not know: lengths, the column's
        # integer range (a number too big for the database is refused, not a 500).
        field.run_validators(value)
    return value


@transaction.atomic
def field_save(*, obj, field, raw_value, base_version, user):
    """Save one field of a review, item score, evidence source or improvement area.

    The save carries the version it was based on; when someone saved in between, it is
    refused with StaleVersion and the caller shows both texts so nothing is overwritten.
    """
    model = type(obj)
    value = clean_field_value(model, field, raw_value)
    current = model.objects.select_for_update().get(pk=obj.pk)
    if model is Review and current.is_finalized:
        raise FinalizedReviewError()
    # A row's save refuses a finalized review (ReviewPart), in this transaction.
    _refuse_out_of_stage(current)
    if current.version != base_version:
        raise StaleVersion(current)
    setattr(current, field, value)
    if model is Review:
        current.clean()
    elif field == "observed":
        clean_observed(current)
    current.version += 1
    update_fields = [field, "version"]
    if model is ItemScore:
        current.updated_by = user
        update_fields += ["updated_by", "updated_at"]
    current._change_reason = field
    current._history_user = user  # who saved, also where no request is at hand
    current.save(update_fields=update_fields)
    return current


def _refuse_out_of_stage(obj):
    """Ratings change only until done; agreed scores once the consensus stage has begun."""
    if isinstance(obj, Rating):
        if ReviewReviewer.objects.filter(pk=obj.reviewer_id, rating_done_at__isnull=False).exists():
            raise NotNow(_("Your rating is marked as done. Reopen it to change it."))
    # A finalized review passes here: the row's own save refuses it (FinalizedReviewError).
    elif isinstance(obj, ItemScore) and not (
        lifecycle.AGREED_SCORES_OPEN | lifecycle.FINALIZED
    ).holds_for_pk(obj.review_id):
        raise NotNow(
            _(
                "The agreed score is set in the consensus, once every reviewer has "
                "finished their own rating."
            )
        )


def rating_for(*, link, item) -> Rating:
    """The reviewer's rating row for an item; a reviewer added late starts with none."""
    rating, _created = Rating.objects.get_or_create(
        reviewer=link, item=item, defaults={"review_id": link.review_id}
    )
    return rating


def rating_problems(link) -> list[str]:
    items = link.review.scale.items.order_by("number").values_list("pk", "number")
    rated = set(link.ratings.filter(score__isnull=False).values_list("item_id", flat=True))
    missing = [number for pk, number in items if pk not in rated]
    return [unrated_message(missing)] if missing else []


def unrated_message(numbers) -> str:
    return ngettext(
        "Item %(items)s has no score in your rating yet.",
        "Items %(items)s have no score in your rating yet.",
        len(numbers),
    ) % {"items": number_runs(numbers)}


@transaction.atomic
def rating_mark_done(*, review, user) -> ReviewReviewer:
    """Mark the user's own rating as done; the last one done opens the consensus.

    Where every reviewer gave an item the same score, the agreed score is filled in.
    """
    link = (
        ReviewReviewer.objects.select_for_update()
        .select_related("review__scale")
        .get(review=review, user=user)
    )
    if link.review.is_finalized:
        raise FinalizedReviewError()
    if link.rating_done_at:
        return link
    problems = rating_problems(link)
    if problems:
        raise ValidationError(problems)
    link.rating_done_at = timezone.now()
    link.save(update_fields=["rating_done_at"])
    if lifecycle.RATINGS_REVEALED.holds_for_pk(review.pk):
        _prefill_unanimous(review, list(ReviewReviewer.objects.filter(review=review)))
        notifying.after_commit(notifying.consensus_open, review_id=review.pk, done_by_id=user.pk)
    return link


def _prefill_unanimous(review, links):
    scores = {}
    for rating in Rating.objects.filter(review=review, reviewer__in=links):
        scores.setdefault(rating.item_id, []).append(rating.score)
    for row in ItemScore.objects.filter(review=review, score__isnull=True):
        given = scores.get(row.item_id, [])
        if len(given) == len(links) and len(set(given)) == 1 and given[0] is not None:
            row.score = given[0]
            row.version += 1
            row._change_reason = "score"
            # Filled in by the app because everyone agreed, not by the person whose
            # "done" opened the consensus: the history credits no one, "(system)".
            row._history_user = None
            row.save(update_fields=["score", "version"])


@transaction.atomic
def rating_reopen(*, review, user) -> ReviewReviewer:
    """Take back "done" while the others are still rating (not once the consensus is open)."""
    link = ReviewReviewer.objects.select_for_update().get(review=review, user=user)
    if not lifecycle.RATING.holds_for_pk(review.pk):
        raise NotNow(_("The consensus has begun; the ratings can no longer be changed."))
    link.rating_done_at = None
    link.save(update_fields=["rating_done_at"])
    return link


@transaction.atomic
def row_add(*, review, model):
    """An empty evidence source or improvement area at the end of the review's list."""
    last = model.objects.filter(review=review).aggregate(p=Max("position"))["p"] or 0
    return model.objects.create(review=review, position=last + 1)


@transaction.atomic
def row_remove(*, row):
    """Remove an evidence source or an improvement area (recorded in the history)."""
    row.delete()


@transaction.atomic
def area_move(*, area, direction: int):
    """Swap an improvement area with its neighbour above (-1) or below (+1)."""
    siblings = list(area.review.improvement_areas.select_for_update().order_by("position", "pk"))
    index = next(i for i, a in enumerate(siblings) if a.pk == area.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling._change_reason = "position"
            sibling.save(update_fields=["position"])


@transaction.atomic
def review_reopen(*, review, user, reason: str) -> Review:
    """Make a finalized review editable again, recording who did it and why."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_finalized:
        raise ValidationError(_("Only a finalized review can be reopened."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for reopening the review."))
    ReviewReopening.objects.create(review=review, reopened_by=user, reason=reason.strip())
    review.status = Review.Status.DRAFT
    review.finalized_at = None
    review.finalized_by = None
    review._change_reason = "status"
    review.save(update_fields=["status", "finalized_at", "finalized_by"])
    return review


def _locked_draft(review) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_finalized:
        raise FinalizedReviewError()
    return review


@transaction.atomic
def hearing_send(*, review, user, deadline) -> Hearing:
    """Send the draft to the site's leaders for comments until `deadline` (høring).

    Every item must have its agreed score: the leaders comment on the draft as it would be
    finalized. The leaders are told by e-mail once the send has committed.
    """
    review = _locked_draft(review)
    if Hearing.objects.open().filter(review=review).exists():
        raise ValidationError(_("The draft is out for comments already."))
    if not lifecycle.AGREED_SCORES_OPEN.holds_for_pk(review.pk):
        raise ValidationError(_("The draft can be sent for comments once the consensus has begun."))
    if not lifecycle.MODERATION_SETTLED.holds_for_pk(review.pk):
        raise ValidationError(guidance.unmoderated_message())
    missing = list(
        ItemScore.objects.filter(review=review, score__isnull=True)
        .order_by("item__number")
        .values_list("item__number", flat=True)
    )
    if missing:
        raise ValidationError(guidance.unscored_for_hearing_message(missing))
    if not review.site.leaders.exists():
        raise ValidationError(guidance.no_leaders_message())
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError(_("The deadline cannot be in the past."))
    hearing = Hearing.objects.create(review=review, sent_by=user, deadline=deadline)
    notifying.after_commit(notifying.draft_for_comments, hearing_id=hearing.pk)
    return hearing


@transaction.atomic
def hearing_close(*, review, user) -> Hearing:
    """End the høring before finalizing (the leaders can no longer comment)."""
    review = _locked_draft(review)
    hearing = Hearing.objects.select_for_update().open().filter(review=review).first()
    if hearing is None:
        raise ValidationError(_("The draft is not out for comments."))
    hearing.closed_at = timezone.now()
    hearing.closed_by = user
    hearing.save(update_fields=["closed_at", "closed_by"])
    return hearing


@transaction.atomic
def hearing_comment_add(*, review, user, text, item=None) -> HearingComment:
    """A leader's comment on the whole draft (`item` None) or on one of its items."""
    review = _locked_draft(review)
    hearing = Hearing.objects.open().filter(review=review).first()
    if hearing is None:
        raise ValidationError(_("The draft is not out for comments."))
    if not hearing.comments_open():
        raise ValidationError(_("The deadline for comments has passed."))
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Write a comment."))
    if len(text) > HearingComment.TEXT_LIMIT:
        raise ValidationError(
            _("A comment can be at most %(limit)s characters; this one is %(length)s.")
            % {"limit": HearingComment.TEXT_LIMIT, "length": len(text)}
        )
    if item is not None and item.scale_id != review.scale_id:
        raise ValidationError(_("Choose one of the review's items."))
    return HearingComment.objects.create(hearing=hearing, author=user, item=item, text=text)


def moderator_choices(review):
    """Who may moderate the review: active reviewers who are not on it."""
    from django.contrib.auth import get_user_model

    from accounts import roles

    return (
        get_user_model()
        .objects.filter(groups__name=roles.REVIEWER, is_active=True)
        .exclude(pk__in=review.reviewer_links.values("user"))
        .order_by("first_name", "last_name", "username")
    )


def _moderation_save(review, **values):
    for name, value in values.items():
        setattr(review, name, value)
    # The review's history keeps each step, with who took it (the change log shows them).
    review._change_reason = MODERATION_REASON
    review.save(update_fields=list(values))


@transaction.atomic
def moderation_request(*, review, user, moderator) -> Review:
    """The lead asks `moderator` to read the agreed draft (where the region asks for it)."""
    review = _locked_draft(review)
    if not lifecycle.MODERATION_OPEN.holds_for_pk(review.pk):
        raise ValidationError(_("The draft cannot be sent for moderation now."))
    if moderator is None or not moderator_choices(review).filter(pk=moderator.pk).exists():
        raise ValidationError(_("Choose a reviewer who is not on this review."))
    missing = list(
        ItemScore.objects.filter(review=review, score__isnull=True)
        .order_by("item__number")
        .values_list("item__number", flat=True)
    )
    if missing:
        raise ValidationError(guidance.unscored_for_moderation_message(missing))
    _moderation_save(
        review,
        moderator=moderator,
        moderation=Review.Moderation.PENDING,
        moderation_comment="",
        moderated_at=None,
    )
    notifying.after_commit(notifying.moderation_requested, review_id=review.pk)
    return review


@transaction.atomic
def moderation_decide(*, review, user, approve: bool, comment: str) -> Review:
    """The moderator approves the draft or sends it back to the reviewers with comments."""
    review = _locked_draft(review)
    if review.moderation != Review.Moderation.PENDING or review.moderator_id != user.pk:
        raise ValidationError(_("The draft is not waiting for your moderation."))
    comment = (comment or "").replace("\r\n", "\n").strip()
    if not approve and not comment:
        raise ValidationError(_("Write what the reviewers should look at again."))
    if len(comment) > Review.TEXT_LIMIT:
        raise ValidationError(
            _("The comments can be at most %(limit)s characters.")
            % {"limit": f"{Review.TEXT_LIMIT:,}".replace(",", ".")}
        )
    _moderation_save(
        review,
        moderation=Review.Moderation.APPROVED if approve else Review.Moderation.RETURNED,
        moderation_comment=comment,
        moderated_at=timezone.now(),
    )
    notifying.after_commit(notifying.moderation_decided, review_id=review.pk)
    return review
