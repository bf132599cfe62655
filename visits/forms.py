from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from toolkit.forms import ModelMultipleChoiceField
from toolkit.versioning import VersionedForm
from visits.models import Note, Session


def keep_draft(field):
    """The note's text is kept in the browser until it is sent (static/js/notes.js)."""
    field.widget.attrs["data-keep-draft"] = gettext(
        "Text you wrote here earlier and had not saved yet is back in the field."
    )


class ItemChoices(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, item):
        return f"{item.number}. {item.name}"


class SessionForm(forms.ModelForm):
    """A session of the visit: what, when, by whom, and which items it informs."""

    items = ItemChoices(queryset=None, required=False, label=_("Items it informs"))

    class Meta:
        model = Session
        fields = ["kind", "title", "starts_at", "reviewer", "items"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = review.scale.items.order_by("number")
        reviewers = [link.user for link in review.reviewer_links.all()]
        self.fields["reviewer"].queryset = type(reviewers[0]).objects.filter(
            pk__in=[user.pk for user in reviewers]
        )
        self.fields["reviewer"].label_from_instance = lambda u: u.get_full_name() or u.username


class NoteForm(forms.ModelForm):
    """A passage of notes from a session, tagged to the items it bears on."""

    items = ItemChoices(queryset=None, required=False, label=_("Items"))
    # Filled in by the page (static/js/notes.js); a note without one is stored as sent.
    client_key = forms.RegexField(
        regex=r"^[0-9a-f-]{36}$", required=False, widget=forms.HiddenInput, max_length=36
    )

    class Meta:
        model = Note
        fields = ["text", "items", "client_key"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, review, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        keep_draft(self.fields["text"])
        items = review.scale.items.order_by("number")
        self.fields["items"].queryset = items
        if session is not None and not self.is_bound:
            self.initial["items"] = list(session.items.values_list("pk", flat=True))


class NoteEditForm(VersionedForm):
    """A note changed by its author: the text and its items, with the version it was opened
    on (a save over a newer one, from another tab, shows that one beside the person's)."""

    items = ItemChoices(queryset=None, required=False, label=_("Items"))

    class Meta:
        model = Note
        fields = ["text", "items"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        keep_draft(self.fields["text"])
        self.fields["items"].queryset = review.scale.items.order_by("number")
