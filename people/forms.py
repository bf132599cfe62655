from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import AccessLogEntry
from reviews.forms import ModelMultipleChoiceField
from sites.models import Region, Site
from toolkit.text import one_line


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, validators=[one_line])
    last_name = forms.CharField(label=_("Last name"), max_length=150, validators=[one_line])
    email = forms.EmailField(label=_("E-mail address"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        choices=[
            (roles.REVIEWER, _("Reviewer")),
            (roles.LEADER, _("Leader")),
            (roles.COORDINATOR, _("Regional coordinator")),
            (roles.NATIONAL_READER, _("National reader")),
            (roles.ADMINISTRATOR, _("Administrator")),
        ],
    )
    sites = ModelMultipleChoiceField(
        label=_("Sites (for a leader)"),
        queryset=Site.objects.active().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sites whose finalized reports the leader reads."),
    )

    regions = ModelMultipleChoiceField(
        label=_("Regions (for a regional coordinator)"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The regions whose sites the coordinator follows."),
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == roles.LEADER and not data.get("sites"):
            self.add_error("sites", _("Choose the sites the leader leads."))
        if data.get("role") != roles.LEADER and data.get("sites"):
            self.add_error("sites", _("Only a leader leads sites."))
        if data.get("role") == roles.COORDINATOR and not data.get("regions"):
            self.add_error("regions", _("Choose the regions the coordinator follows."))
        if data.get("role") != roles.COORDINATOR and data.get("regions"):
            self.add_error("regions", _("Only a regional coordinator follows regions."))
        return data


class AccessLogFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.order_by("first_name", "last_name", "username"),
        required=False,
        empty_label=_("Everyone"),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("All")), *AccessLogEntry.Action.choices],
        required=False,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label=_("What (text or address)"),
        required=False,
        max_length=200,
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("person"):
            entries = entries.filter(user=data["person"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
        if data.get("q"):
            entries = entries.filter(Q(subject__icontains=data["q"]) | Q(path__icontains=data["q"]))
        return entries
