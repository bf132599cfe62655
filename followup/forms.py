from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import Action, ActionNote, ScheduleChange


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["text", "responsible", "due_date", "status"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class NoteForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices, required=False)

    class Meta:
        model = ActionNote
        fields = ["date", "text", "status"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 3}),
        }


class NextReviewForm(forms.ModelForm):
    class Meta:
        model = ScheduleChange
        fields = ["date", "reason"]
        labels = {"date": _("Next review")}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"reason": _("Why the date changes, e.g. the site asked for a later visit.")}
