"""Edits two people can make at once: each carries the version it was based on, and a save over
someone else's is refused with their values, so that nothing is overwritten unseen.

The review page's autosave does the same field by field (`reviews.services.field_save`); the
forms elsewhere (actions, outcome figures, sites, scale drafts) use `VersionedForm` and
`save_unless_changed` below. A model taking part has a `version` field that counts saves.
"""

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _


def version_field():
    return models.PositiveIntegerField(_("version"), default=1, editable=False)


class EditConflict(Exception):
    """Someone saved the object after this edit began; `current` is what they saved."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


class Duplicate(Exception):
    """Someone created the same thing at the same moment (a unique constraint refused it)."""


def save_unless_changed(obj, *, base_version, fields):
    """Save `fields` of `obj` if its stored version is still `base_version`, counting the
    version up; raise EditConflict with the stored object otherwise. Locks the row meanwhile."""
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        if current.version != base_version:
            raise EditConflict(current)
        obj.version = base_version + 1
        obj.save(update_fields=[*fields, "version"])
    return obj


def create_once(make):
    """Run `make()` (which creates a row) in a savepoint; a unique constraint that refuses it
    because someone created the same thing meanwhile becomes Duplicate."""
    try:
        with transaction.atomic():
            return make()
    except IntegrityError as exc:
        raise Duplicate from exc


class VersionedForm(forms.ModelForm):
    """A model form carrying the version it was opened on (a hidden field).

    After a refused save (`show_conflict`), the form keeps the person's values, shows the
    other person's beside them, and now carries the newer version: saving again replaces
    theirs, knowingly.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    @property
    def base_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version

    def show_conflict(self, current):
        """Keep what the person typed; show what the other person saved where it differs,
        and take their version as the base of the next save."""
        self.conflict = []
        for name in self._meta.fields:
            if name not in self.fields:
                continue
            field = current._meta.get_field(name)
            theirs = shown(field, getattr(current, name, None))
            if theirs != shown(field, self.cleaned_data.get(name)):
                self.conflict.append((self[name].label, theirs))
        data = self.data.copy()
        data[self.add_prefix("version")] = current.version
        self.data = data
        self.add_error(
            None,
            _(
                "Someone else saved this while you were editing it. Your text is still in "
                "the form; their values are shown here. Save again to replace them."
            ),
        )


def shown(field, value) -> str:
    """A value of a model field as the conflict notice shows it."""
    if getattr(field, "choices", None):
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, models.Manager):
        value = list(value.all())
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return ", ".join(sorted(str(item) for item in value))
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


class RevisionCheckedAdminForm(forms.ModelForm):
    """A Django admin change form that refuses to save over someone else's save.

    The model counts its saves in `revision`; the form carries the count it was opened on,
    and `clean` locks the row (the admin saves in one transaction) and compares. The person's
    values stay in the form with a message.
    """

    revision_seen = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["revision_seen"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            current = model.objects.select_for_update().filter(pk=self.instance.pk).first()
            seen = data.get("revision_seen")
            if current is not None and seen is not None and current.revision != seen:
                data_copy = self.data.copy()
                data_copy[self.add_prefix("revision_seen")] = current.revision
                self.data = data_copy
                raise forms.ValidationError(
                    _(
                        "Someone else saved this while you were editing it. Your changes are "
                        "still in the form; open the page again in another tab to see theirs, "
                        "then save again to replace them."
                    )
                )
        self.instance.revision = (self.instance.revision or 0) + 1
        return data
