from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import roles
from notices.models import ALWAYS_SENT, NoticeKind

# The notices each role can receive; a person with two roles sees both lists.
KINDS_BY_ROLE = {
    roles.REVIEWER: (
        NoticeKind.CONSENSUS_OPEN,
        NoticeKind.SITE_DUE,
        NoticeKind.NOTES_DELETED_SOON,
    ),
    roles.LEADER: (NoticeKind.DRAFT_FOR_COMMENTS, NoticeKind.FINAL_READY, NoticeKind.ACTION_DUE),
    roles.ADMINISTRATOR: (NoticeKind.SITE_DUE,),
    # Those who follow regions get no notices yet: they read the start page.
    roles.COORDINATOR: (),
    roles.NATIONAL_READER: (),
}


def kinds_for(user) -> list[NoticeKind]:
    names = roles.role_names(user)
    return [kind for kind in NoticeKind if any(kind in KINDS_BY_ROLE[r] for r in names)]


class NoticeSettingsForm(forms.Form):
    kinds_on = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, kinds_off, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        self.always = [kind for kind in self.kinds if kind in ALWAYS_SENT]
        choosable = [kind for kind in self.kinds if kind not in ALWAYS_SENT]
        self.fields["kinds_on"].choices = [(kind.value, kind.label) for kind in choosable]
        self.fields["kinds_on"].initial = [k.value for k in choosable if k not in kinds_off]

    def kinds_off(self) -> set[NoticeKind]:
        on = set(self.cleaned_data["kinds_on"])
        return {kind for kind in self.kinds if kind.value not in on} - set(self.always)
