from django import forms
from django.utils.translation import gettext_lazy as _


class RerenderForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the report rendered again?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is recorded with your name and the time; the old report is kept."),
    )


class FinalizeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the summary. Finalize the review, so that it can only be read."),
        error_messages={"required": _("Tick the box to confirm that the review is finalized.")},
    )
