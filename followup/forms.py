from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from followup.models import Action, ActionNote, ScheduleChange
from toolkit.versioning import VersionedForm


class ActionForm(VersionedForm):
    class Meta:
        model = Action
        fields = ["text", "responsible", "due_date", "status"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status != Action.Status.CARRIED:
            self.fields["status"].choices = Action.CHOSEN


class NoteForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Status"), choices=Action.CHOSEN, required=False)

    class Meta:
        model = ActionNote
        fields = ["date", "text", "status"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 3}),
        }


class NextReviewForm(forms.ModelForm):
    # The date the person saw when they opened the form: moving it is refused if someone
    # moved it meanwhile (followup.services.next_review_set).
    based_on = forms.DateField(widget=forms.HiddenInput, required=False)

    def show_conflict(self, schedule):
        data = self.data.copy()
        data["based_on"] = schedule.next_date.isoformat() if schedule.next_date else ""
        self.data = data
        change = schedule.change
        self.add_error(
            None,
            _(
                "%(who)s moved the next review to %(date)s while you were deciding (“%(reason)s”). "
                "Save again to move it to your date instead."
            )
            % {
                "who": change.changed_by.get_full_name() or change.changed_by.get_username(),
                "date": date_format(schedule.next_date, "j. F Y"),
                "reason": change.reason,
            }
            if change
            else _("The next review changed while you were deciding. Save again to move it."),
        )

    class Meta:
        model = ScheduleChange
        fields = ["date", "reason"]
        labels = {"date": _("Next review")}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"reason": _("Why the date changes, e.g. the site asked for a later visit.")}
