from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from reviews.models import Review
from scales.forms import SubscalePartMixin
from scales.models import Scale
from sites.models import Region


class RegionalFilterForm(SubscalePartMixin, forms.Form):
    """Region, scale, kind, round and the round to compare with (all in the URL).

    `reviews`: the finalized reviews the user sees by name; they decide which regions and
    rounds are offered, so the form never names a round the user cannot see.
    """

    region = forms.TypedChoiceField(label=_("Region"), coerce=int, choices=())
    scale = forms.ChoiceField(label=_("Scale"), choices=())
    kind = forms.ChoiceField(label=_("Kind"), choices=Review.Kind.choices)
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, choices=())
    compare = forms.TypedChoiceField(
        label=_("Compare with round"), coerce=int, choices=(), required=False, empty_value=None
    )
    site = forms.TypedChoiceField(
        label=_("Site against the regional mean"),
        coerce=int,
        choices=(),
        required=False,
        empty_value=None,
    )

    def __init__(self, data, *, reviews, sites, **kwargs):
        reviews = reviews.finalized()
        regions = list(
            Region.objects.filter(sites__reviews__in=reviews).distinct().order_by("name")
        )
        codes = list(
            Scale.objects.with_totals().values_list("code", flat=True).distinct().order_by("code")
        )
        data = data.copy()
        if "region" not in data and regions:
            data["region"] = str(regions[0].pk)
        # The choices follow the region asked for; anything but a known region's id is
        # left for the field to refuse.
        region_id = next((r.pk for r in regions if str(r.pk) == data.get("region")), None)
        in_region = reviews.filter(site__region_id=region_id)
        if "scale" not in data:
            busiest = in_region.values("scale__code").annotate(n=Count("pk")).order_by("-n")
            data["scale"] = busiest[0]["scale__code"] if busiest else (codes[0] if codes else "")
        data.setdefault("kind", Review.Kind.EXTERNAL)
        # Only known values reach the query; the fields refuse the others with a message.
        scale_code = data["scale"] if data["scale"] in codes else None
        kind = data["kind"] if data["kind"] in Review.Kind.values else None
        rounds = sorted(
            set(in_region.filter(scale__code=scale_code, kind=kind).values_list("round", flat=True))
        )
        if "round" not in data and rounds:
            data["round"] = str(rounds[-1])
            if len(rounds) > 1:
                data.setdefault("compare", str(rounds[-2]))
        super().__init__(data, **kwargs)
        self.fields["region"].choices = [(region.pk, region.name) for region in regions]
        self.regions = {region.pk: region for region in regions}
        self.fields["scale"].choices = [(code, code.upper()) for code in codes]
        round_choices = [(r, _("Round %(n)s") % {"n": r}) for r in rounds]
        self.fields["round"].choices = round_choices
        self.fields["compare"].choices = [(None, _("No comparison")), *round_choices]
        in_sites = sites.filter(region_id=region_id).order_by("name")
        self.fields["site"].choices = [
            (None, _("Choose a site")),
            *in_sites.values_list("pk", "name"),
        ]
        self.rounds = rounds
        self.add_part_field(scale_code)

    def clean(self):
        data = super().clean()
        if data.get("region") is not None:
            data["region"] = self.regions[data["region"]]
        if data.get("compare") is not None and data.get("compare") == data.get("round"):
            self.add_error("compare", _("Choose another round to compare with."))
        return data
