"""Writes of the follow-up: actions, their notes, and moving a site's next review."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import Action, ActionNote, ScheduleChange
from followup.schedule import site_schedule
from toolkit.versioning import EditConflict, save_unless_changed


def _checked(obj):
    obj.full_clean()
    obj.save()
    return obj


def action_create(*, review, user, text, responsible, due_date, status, item_score=None, area=None):
    """A new action of the review's plan, from a recommendation, an area, or neither."""
    if item_score is not None and item_score.review_id != review.pk:
        raise ValidationError(_("The recommendation belongs to another review."))
    if area is not None and area.review_id != review.pk:
        raise ValidationError(_("The area belongs to another review."))
    with transaction.atomic():
        return _checked(
            Action(
                review=review,
                item_score=item_score,
                area=area,
                text=text,
                responsible=responsible,
                due_date=due_date,
                status=status,
                created_by=user,
            )
        )


def action_update(*, action, base_version, text, responsible, due_date, status):
    """Change the action, unless someone else saved it since `base_version` (EditConflict)."""
    action.text, action.responsible = text, responsible
    action.due_date, action.status = due_date, status
    action.full_clean()
    return save_unless_changed(
        action,
        base_version=base_version,
        fields=["text", "responsible", "due_date", "status", "updated_at"],
    )


def action_note_add(*, action, user, text, date=None, status=None):
    """A dated note on the action; with `status`, the action's status changes with it."""
    with transaction.atomic():
        note = _checked(
            ActionNote(action=action, author=user, text=text, date=date or timezone.localdate())
        )
        if status and status != action.status:
            action.status = status
            action.version += 1
            action.full_clean()
            action.save(update_fields=["status", "updated_at", "version"])
    return note


def next_review_set(*, site, user, date, reason, based_on) -> ScheduleChange:
    """Move the site's next review to `date`, recording who, when, why and the date before.

    `based_on`: the date the person saw; if someone moved it since, EditConflict with the
    schedule as it is now (nothing is moved).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the date changes.")})
    with transaction.atomic():
        # One move at a time per site: the site's row is the lock.
        type(site).objects.select_for_update().filter(pk=site.pk).first()
        schedule = site_schedule(site)
        if schedule.next_date != based_on:
            raise EditConflict(schedule)
        previous = schedule.next_date
        if previous == date:
            raise ValidationError({"date": _("The site's next review is on that date already.")})
        return _checked(
            ScheduleChange(
                site=site, date=date, previous_date=previous, changed_by=user, reason=reason
            )
        )


def actions_carry_over(*, review, actions, user) -> list[Action]:
    """Take open actions of the site's previous plan into `review`'s plan: each goes on here
    (its text, responsible, due date and status; the same item's recommendation when the
    scale is the same), marked as carried from the old one, and the old one is marked
    "carried over" there. All or nothing; an action already carried (two leaders at once)
    or no longer open refuses the lot with a Danish message."""
    by_number = {row.item.number: row for row in review.item_scores.all()}
    carried = []
    try:
        with transaction.atomic():
            olds = list(
                Action.objects.select_for_update(of=("self",))
                .filter(pk__in=[action.pk for action in actions])
                .select_related("item_score__item", "review__scale")
                .order_by("due_date", "pk")
            )
            for old in olds:
                if old.status not in Action.OPEN or old.review.site_id != review.site_id:
                    raise ValidationError(
                        _("“%(action)s” is no longer open in the previous plan.")
                        % {"action": old.text[:60]}
                    )
                same_scale = old.review.scale.code == review.scale.code
                item_score = (
                    by_number.get(old.item_score.item.number)
                    if old.item_score_id and same_scale
                    else None
                )
                carried.append(
                    _checked(
                        Action(
                            review=review,
                            item_score=item_score,
                            carried_from=old,
                            text=old.text,
                            responsible=old.responsible,
                            due_date=old.due_date,
                            status=old.status,
                            created_by=user,
                        )
                    )
                )
                old.status = Action.Status.CARRIED
                old.version += 1
                old._change_reason = "carried"
                old._history_user = user
                old.save(update_fields=["status", "version", "updated_at"])
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone carried these actions over a moment ago. Nothing more was carried.")
        ) from exc
    return carried
