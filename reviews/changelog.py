"""The change log of a review, read from the django-simple-history tables.

Autosave stores a field at every pause in typing, and the history keeps every one of those
versions. The log reads them as a person would describe their work: one person's saves of one
field of one object, each within `COALESCE_WITHIN` of the one before, are one change, from the
value before the first to the value after the last.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

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
    saves: int = 1  # the saves this change stands for (autosave's pauses, coalesced)
    # What coalescing compares: (model, object id, field) and who.
    key: tuple = ()
    user_id: int | None = None

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
    # A field with choices shows its label (kind, status, moderation).
    if hasattr(record, f"get_{field_name}_display"):
        return str(getattr(record, f"get_{field_name}_display")())
    return "" if value is None else str(value)


COALESCE_WITHIN = timedelta(minutes=5)


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
        key=(model.__name__, record.id, field),
        user_id=record.history_user_id,
    )


def coalesce(changes, boundaries=()) -> list[Change]:
    """`changes` oldest first; one person's edits of one field, each within COALESCE_WITHIN of
    the one before and with no other change of that object between, become one. No change
    spans one of `boundaries` (the times the review changed stage: finalized, reopened), so
    what was drafted before a finalization never reads as the old value of a later edit."""
    merged = []
    last = {}  # the newest change of each object: (model, id) -> Change
    for change in changes:
        obj = change.key[:2]
        run = last.get(obj)
        if (
            run is not None
            and change.kind == run.kind == "~"
            and change.key == run.key
            and change.key[2]
            and change.user_id == run.user_id
            and change.when - run.when <= COALESCE_WITHIN
            and not any(run.when < moment <= change.when for moment in boundaries)
        ):
            run.when, run.value, run.saves = change.when, change.value, run.saves + change.saves
            continue
        merged.append(change)
        last[obj] = change
    return merged


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


def _stage_changes(records):
    """When the review's status changed (finalized, reopened), from its history records."""
    return [
        later.history_date for earlier, later in pairwise(records) if later.status != earlier.status
    ]


def review_changes(review, *, limit=None, drafting=True) -> list[Change]:
    """The review's changes, newest first: four queries whatever the number of items.

    With `limit`, only the newest `limit` (the page's short list); for the reviewers without
    old values, from each table's newest records only. Without `drafting` (the site's
    leaders), only what happened from the review's first finalization on: the texts tried
    while the reviewers drafted are theirs.
    """
    sources = [
        # The review first: its stage changes bound the coalescing of the others.
        (
            Review.history.filter(id=review.pk).select_related("history_user"),
            Review,
            lambda r, f: f or _("Review"),
        ),
        (
            ItemScore.history.filter(review_id=review.pk).select_related("history_user", "item"),
            ItemScore,
            _item_label,
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
    boundaries = []
    for queryset, model, describe in sources:
        records = list(queryset.order_by("history_date", "history_id"))
        if model is Review:
            boundaries = _stage_changes(records)
            if not drafting:
                since = first_finalized_at(records)
                if since is None:
                    return []
        made = _changes(records, model, describe)
        if model is Review:
            _name_reopenings(review, records, made)
        made = coalesce(made, boundaries)
        # Rows created with the review itself (empty score rows) are not news.
        changes += [c for c in made if not (model is ItemScore and c.kind == "+")]
    if since is not None:
        changes = [c for c in changes if c.when >= since]
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit] if limit else changes


# The short list reads this many records per change it shows, so that a remark typed in many
# pauses still leaves room for the others after coalescing.
SHORT_LIST_READ = 5


def _latest_changes(sources, limit) -> list[Change]:
    """The newest `limit` changes without their old values (the review page's short list):
    each source reads only its newest records, however long the history."""
    changes = []
    for queryset, model, describe in sources:
        if model is ItemScore:
            queryset = queryset.exclude(history_type="+")
        records = queryset.order_by("-history_date", "-history_id")[: limit * SHORT_LIST_READ]
        oldest_first = list(records)[::-1]
        changes += coalesce([_change(record, model, describe) for record in oldest_first])
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]
