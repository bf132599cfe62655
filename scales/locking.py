"""Rows that become read-only once the row owning them is locked.

A published scale version locks its sections, items, anchors and bands; a finalized review
locks its scores, evidence and improvement areas. The model layer refuses the write itself
(single saves, deletes and bulk queryset writes alike), so no view, admin page or script
can change what a finished review or report rests on.
"""

from django.db import models


class LockedError(Exception):
    """A write to a row whose owner is locked."""


class LockableQuerySet(models.QuerySet):
    def _refuse_if_locked(self):
        if self.filter(self.model.locked_q()).exists():
            raise self.model.locked_error()

    def update(self, **kwargs):
        self._refuse_if_locked()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_locked()
        return super().delete()

    def _refuse_if_any_owner_locked(self, objs):
        # One check per distinct owner, not per row.
        owners = {}
        for obj in objs:
            owners.setdefault(getattr(obj, f"{obj.owner_field}_id"), obj)
        for obj in owners.values():
            obj.refuse_if_locked()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_if_any_owner_locked(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_if_any_owner_locked(objs)
        return super().bulk_update(objs, *args, **kwargs)


class Lockable(models.Model):
    """Subclasses say which rows are locked (`locked_q`) and ask their owner (`owner_is_locked`)."""

    # The foreign key to the owner; a save that changes it is checked against the old owner too.
    owner_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refuse_if_locked()
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or self.owner_field in update_fields):
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None:
                stored.refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_locked()
        return super().delete(*args, **kwargs)

    @classmethod
    def locked_q(cls) -> models.Q:
        raise NotImplementedError

    @classmethod
    def locked_error(cls) -> LockedError:
        raise NotImplementedError

    def owner_is_locked(self) -> bool:
        raise NotImplementedError

    def refuse_if_locked(self):
        if self.owner_is_locked():
            raise self.locked_error()
