"""The forms of the Steder pages: sites, regions and clusters."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts import roles
from sites.models import Cluster, Region, Site
from toolkit.forms import ModelMultipleChoiceField
from toolkit.versioning import VersionedForm


def leader_choices():
    """The people a site can have as leaders: active people with the Leder role, by name."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.LEADER, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def coordinator_choices():
    """The people a region can have as coordinators: active, with that role, by name."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.COORDINATOR, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


class SiteForm(VersionedForm):
    class Meta:
        model = Site
        fields = [
            "name",
            "region",
            "cluster",
            "jobcenter",
            "psychiatry_partner",
            "active",
            "leaders",
        ]
        widgets = {"leaders": forms.CheckboxSelectMultiple}
        field_classes = {"leaders": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = Cluster.objects.select_related("region")
        self.fields["cluster"].label_from_instance = lambda c: f"{c.name} ({c.region.name})"
        self.fields["leaders"].queryset = leader_choices()
        self.fields["leaders"].label_from_instance = person_name
        self.fields["leaders"].help_text = _(
            "People with the Leder role. Leaders read the finalized reviews and reports of "
            "this site."
        )


class RegionForm(VersionedForm):
    class Meta:
        model = Region
        fields = ["name", "coordinators", "moderation_required"]
        widgets = {"coordinators": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people with the role count as coordinators (reviews.access).
        self.fields["coordinators"].queryset = coordinator_choices()


class ClusterForm(forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["region", "name", "psychiatry", "order"]
