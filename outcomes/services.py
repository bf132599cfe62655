"""Writes of outcome figures: one period from the form, many from a CSV file."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from outcomes.models import OutcomePeriod
from toolkit.versioning import create_once, save_unless_changed


@transaction.atomic
def outcomes_import(*, rows, user) -> tuple[int, int]:
    """Save the checked rows of a CSV file, all or nothing; returns (created, updated).

    `rows` come from `outcomes.imports.read_csv` without errors. A row for a period the site
    already has replaces the figures of the file's columns and keeps the others.
    """
    created = updated = 0
    try:
        for row in rows:
            if row.existing is not None:
                period = OutcomePeriod.objects.select_for_update().get(pk=row.existing.pk)
                if period.version != row.existing.version:
                    raise ValidationError(
                        _(
                            "Someone changed the figures of %(site)s for %(period)s while "
                            "the file was being checked. Nothing was saved; import the file "
                            "again."
                        )
                        % {"site": period.site, "period": period.label}
                    )
                period.version += 1
                updated += 1
            else:
                period = OutcomePeriod(site=row.site)
                created += 1
            for name, value in row.values.items():
                setattr(period, name, value)
            period.updated_by = user
            period._change_reason = "import"
            period.save()
    except IntegrityError as exc:
        # Someone saved a conflicting period meanwhile: the transaction rolls back whole.
        raise ValidationError(
            _(
                "Someone saved figures for one of the file's periods while it was being "
                "checked. Nothing was saved; import the file again."
            )
        ) from exc
    return created, updated


def outcome_period_save(*, form, user) -> OutcomePeriod:
    """Save a valid period form, recording who entered the figures: a new period once (two
    people creating the same one at once get Duplicate), an existing one unless someone
    saved it since the form was opened (EditConflict)."""
    period = form.save(commit=False)
    period.updated_by = user
    if period.pk is None:
        return create_once(lambda: _saved(period))
    fields = [
        f.name for f in period._meta.concrete_fields if f.name not in ("id", "site", "version")
    ]
    return save_unless_changed(period, base_version=form.base_version, fields=fields)


def _saved(period):
    period.save()
    return period


@transaction.atomic
def outcome_period_delete(*, period, user) -> None:
    """Delete a period's figures; the history keeps who did it and what they were."""
    period.updated_by = user
    period._change_reason = "delete"
    period.delete()
