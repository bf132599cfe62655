"""Writes that touch reviews: creation, autosaved fields, lists on the page, finalizing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.models import (
    EvidenceSource,
    FinalizedReviewError,
    ImprovementArea,
    ItemScore,
    Review,
    ReviewReopening,
    ReviewReviewer,
)
from reviews.text import default_purpose
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
    ItemScore: ("score", "remark", "recommendation"),
    EvidenceSource: ("kind", "description", "count", "roles", "date"),
    ImprovementArea: ("text",),
}


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
    *, site, scale, visit_date, kind, lead, co_reviewers=(), visit_end_date=None, created_by=None
) -> Review:
    """A new draft review with one empty score row per item of the scale version."""
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
    )
    ReviewReviewer.objects.create(review=review, user=lead, is_lead=True)
    for user in co_reviewers:
        if user != lead:
            ReviewReviewer.objects.create(review=review, user=user)
    ItemScore.objects.bulk_create(
        ItemScore(review=review, item=item) for item in scale.items.order_by("number")
    )
    return review


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
        if raw not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(_("The score must be a whole number from 1 to 5."))
        return int(raw)
    options = {"required": False}
    if field.get_internal_type() == "TextField":
        options["strip"] = False
    value = field.formfield(**options).clean(raw)
    if value in (None, "") and not field.null:
        value = ""
    if field.choices and value == "":
        raise ValidationError(_("Choose one of the options."))
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
    review_id = current.pk if model is Review else current.review_id
    if Review.objects.filter(pk=review_id, status=Review.Status.FINALIZED).exists():
        raise FinalizedReviewError()
    if current.version != base_version:
        raise StaleVersion(current)
    setattr(current, field, value)
    if model is Review:
        current.clean()
    current.version += 1
    update_fields = [field, "version"]
    if model is ItemScore:
        current.updated_by = user
        update_fields += ["updated_by", "updated_at"]
    current._change_reason = field
    current.save(update_fields=update_fields)
    return current


def _next_position(queryset) -> int:
    return (queryset.aggregate(p=Max("position"))["p"] or 0) + 1


@transaction.atomic
def evidence_add(*, review, user) -> EvidenceSource:
    return EvidenceSource.objects.create(
        review=review, position=_next_position(review.evidence.all())
    )


@transaction.atomic
def area_add(*, review, user) -> ImprovementArea:
    return ImprovementArea.objects.create(
        review=review, position=_next_position(review.improvement_areas.all())
    )


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


def finalize_problems(review) -> list[str]:
    """Why the review cannot be finalized yet (empty when it can)."""
    problems = []
    missing = list(
        review.item_scores.filter(score__isnull=True)
        .order_by("item__number")
        .values_list("item__number", flat=True)
    )
    if missing:
        problems.append(
            ngettext(
                "Item %(items)s has no score yet.",
                "Items %(items)s have no score yet.",
                len(missing),
            )
            % {"items": ", ".join(str(n) for n in missing)}
        )
    if not review.summary.strip():
        problems.append(_("The summary must be written."))
    return problems


@transaction.atomic
def review_finalize(*, review, user) -> Review:
    """Lock a complete review for good and store its PDF report, all or nothing.

    Renders the report (a second or two) inside the transaction: if rendering fails, the
    review stays a draft rather than being finalized without its report.
    """
    from reports.services import final_report_store  # reports builds on reviews

    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_finalized:
        raise FinalizedReviewError()
    problems = finalize_problems(review)
    if problems:
        raise ValidationError(problems)
    review.status = Review.Status.FINALIZED
    review.finalized_at = timezone.now()
    review.finalized_by = user
    review._change_reason = "status"
    review.save(update_fields=["status", "finalized_at", "finalized_by"])
    final_report_store(review=review, user=user)
    return review


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
