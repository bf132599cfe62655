"""The forms of the scale pages: a draft version's name and description, one item with its
anchors, and publishing. Each edit carries the row's save count (two administrators lose
nothing: toolkit.versioning.RevisionCheckedAdminForm)."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from scales import scoring
from scales.models import Anchor, Item, Scale, Subscale
from toolkit.versioning import RevisionCheckedAdminForm


class ScaleTextForm(RevisionCheckedAdminForm):
    class Meta:
        model = Scale
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class ItemForm(RevisionCheckedAdminForm):
    """An item of a draft version and the words of its five anchors."""

    class Meta:
        model = Item
        fields = ["name", "english_name", "definition", "data_sources", "guidance"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "data_sources": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anchors = {anchor.score: anchor.text for anchor in self.instance.anchors.all()}
        for score, _label in scoring.SCORE_CHOICES:
            self.fields[f"anchor_{score}"] = forms.CharField(
                label=_("Anchor %(score)s") % {"score": score},
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=anchors.get(score, ""),
            )

    def anchor_fields(self):
        return [self[f"anchor_{score}"] for score, _label in scoring.SCORE_CHOICES]

    @transaction.atomic
    def save(self, commit=True):
        item = super().save(commit=commit)
        for score, _label in scoring.SCORE_CHOICES:
            Anchor.objects.update_or_create(
                item=item, score=score, defaults={"text": self.cleaned_data[f"anchor_{score}"]}
            )
        return item


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed in this version"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_(
            "Reviewers read this on the scale's page beside the version number, so they know "
            "what is new. Name the items and what changed in them."
        ),
        error_messages={
            "required": _("Write what changed in this version; reviewers see it on the scale.")
        },
    )
    confirm = forms.BooleanField(
        label=_("Publish: new reviews use this version from now on, and it can never be changed."),
        error_messages={"required": _("Tick the box to confirm that the version is published.")},
    )


class ScaleImportForm(forms.Form):
    """A scale version to load as a new draft: the app's JSON, or a REDCap data dictionary."""

    MAX_BYTES = 2_000_000

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "The app's scale file (.json) or a REDCap data dictionary (.csv). It becomes a new "
            "draft version; nothing is published before you check it."
        ),
    )

    def clean_file(self):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(gettext("The file is larger than 2 MB; no scale is that large."))
        try:
            self.text = upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(gettext("The file is not UTF-8 text.")) from exc
        self.is_redcap = upload.name.lower().endswith(".csv")
        return upload


def subscale_names(scale_code) -> dict:
    """{position: name} of the subscales of a scale code, named as in its newest version
    (one query; empty for a scale without subscales)."""
    names = {}
    for position, name in (
        Subscale.objects.filter(scale__code=scale_code)
        .order_by("position", "-scale__version")
        .values_list("position", "name")
    ):
        names.setdefault(position, name)
    return names


class SubscalePartMixin:
    """A filter form's *Del*: the whole scale or one of its subscales (matched by position
    across versions). Only a scale with subscales gets the field; call `add_part_field` with
    the scale code the form was asked for, after the form's own `__init__`."""

    def add_part_field(self, scale_code):
        parts = subscale_names(scale_code) if scale_code else {}
        if parts:
            self.fields["part"] = forms.TypedChoiceField(
                label=_("Part"),
                choices=[("", _("The whole scale")), *parts.items()],
                coerce=int,
                empty_value=None,
                required=False,
            )

    @property
    def chosen_part(self):
        """The subscale position chosen (None: the whole scale)."""
        return self.cleaned_data.get("part") if "part" in self.fields else None

    def part_name(self) -> str:
        part = self.chosen_part
        return dict(self.fields["part"].choices)[part] if part is not None else ""
