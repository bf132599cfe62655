"""The change log of a review, read from the django-simple-history tables."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from reviews.models import EvidenceSource, ImprovementArea, ItemScore, Review, ReviewReopening


@dataclass
class Change:
    when: datetime
    who: str
    what: str
    kind: str  # "+" added, "~" changed, "-" removed, as django-simple-history records them
    value: str = ""
    old_value: str = ""
    reason: str = ""

    @property
    def action(self) -> str:
        actions = {"+": _("added"), "~": _("changed"), "-": _("removed"), "r": _("reopened")}
        return actions.get(self.kind, "")


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("(system)")
    return user.get_full_name() or user.get_username()


def _field_label(model, field_name) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except FieldDoesNotExist:
        # A reason that is not a field name is shown as it was stored.
        return field_name


def _display(record, field_name) -> str:
    if not field_name:
        return ""
    value = getattr(record, field_name, "")
    if field_name == "kind" and hasattr(record, "get_kind_display"):
        return str(record.get_kind_display())
    if field_name == "status" and hasattr(record, "get_status_display"):
        return str(record.get_status_display())
    return "" if value is None else str(value)


def _change(record, model, describe, before=None) -> Change:
    """One history record as a change; with the object's record `before` it, the old value."""
    field = record.history_change_reason or ""
    return Change(
        when=record.history_date,
        who=_who(record),
        what=describe(record, _field_label(model, field) if field else ""),
        kind=record.history_type,
        value=_display(record, field),
        old_value=_display(before, field) if before is not None else "",
    )


def _changes(records, model, describe) -> list[Change]:
    """Turn history records (oldest first per object) into changes with old and new values."""
    previous = {}
    changes = []
    for record in records:
        changes.append(_change(record, model, describe, previous.get(record.id)))
        previous[record.id] = record
    return changes


def _item_label(record, field_label):
    return f"{_('Item')} {record.item.number}. {record.item.name}" + (
        f" – {field_label}" if field_label else ""
    )


def _name_reopenings(review, records, changes):
    """A finalized review set back to a draft was reopened: say so, with the recorded reason
    (one query, only for a review that was ever reopened)."""
    reopened = [
        change
        for record, change in zip(records, changes, strict=True)
        if record.history_change_reason == "status" and record.status == Review.Status.DRAFT
    ]
    if not reopened:
        return
    reasons = list(
        ReviewReopening.objects.filter(review_id=review.pk)
        .select_related("reopened_by")
        .order_by("reopened_at")
    )
    for change in reopened:
        # The reopening is recorded in the same transaction, just before the status.
        reopening = min(reasons, key=lambda r: abs(r.reopened_at - change.when), default=None)
        if reopening:
            who = reopening.reopened_by
            change.who = who.get_full_name() or who.get_username()
        change.kind = "r"
        change.what = _("the review")
        change.reason = reopening.reason if reopening else ""
        change.value = change.old_value = ""


def first_finalized_at(records):
    """When the review was first finalized, from its own history records (None if never)."""
    times = [r.history_date for r in records if r.status == Review.Status.FINALIZED]
    return min(times, default=None)


def review_changes(review, *, limit=None, drafting=True) -> list[Change]:
    """The review's changes, newest first: four queries whatever the number of items.

    With `limit`, only the newest `limit` (the page's short list); for the reviewers without
    old values, from each table's newest records only. Without `drafting` (the site's
    leaders), only what happened from the review's first finalization on: the texts tried
    while the reviewers drafted are theirs.
    """
    sources = [
        (
            ItemScore.history.filter(review_id=review.pk).select_related("history_user", "item"),
            ItemScore,
            _item_label,
        ),
        (
            Review.history.filter(id=review.pk).select_related("history_user"),
            Review,
            lambda r, f: f or _("Review"),
        ),
        (
            EvidenceSource.history.filter(review_id=review.pk).select_related("history_user"),
            EvidenceSource,
            lambda r, f: _("Evidence source") + (f" – {f}" if f else ""),
        ),
        (
            ImprovementArea.history.filter(review_id=review.pk).select_related("history_user"),
            ImprovementArea,
            lambda r, f: _("Improvement area") + (f" – {f}" if f else ""),
        ),
    ]
    if limit and drafting:
        return _latest_changes(sources, limit)
    changes = []
    since = None
    for queryset, model, describe in sources:
        records = list(queryset.order_by("history_date", "history_id"))
        if model is Review and not drafting:
            since = first_finalized_at(records)
            if since is None:
                return []
        made = _changes(records, model, describe)
        if model is Review:
            _name_reopenings(review, records, made)
        # Rows created with the review itself (empty score rows) are not news.
        changes += [c for c in made if not (model is ItemScore and c.kind == "+")]
    if since is not None:
        changes = [c for c in changes if c.when >= since]
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit] if limit else changes


def _latest_changes(sources, limit) -> list[Change]:
    """The newest `limit` changes without their old values (the review page's short list):
    each source reads only its newest `limit` records, however long the history."""
    changes = []
    for queryset, model, describe in sources:
        if model is ItemScore:
            queryset = queryset.exclude(history_type="+")
        records = queryset.order_by("-history_date", "-history_id")[:limit]
        changes += [_change(record, model, describe) for record in records]
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]
