from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from reviews.models import Review
from scales.forms import SubscalePartMixin
from scales.models import Scale
from sites.models import Region


class OverviewFilterForm(SubscalePartMixin, forms.Form):
    """Region, scale, kind and period of the overview and the exports (all in the URL)."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("All regions"),
    )
    scale = forms.ChoiceField(label=_("Scale"), choices=())
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Review.Kind.choices],
        required=False,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, sites, **kwargs):
        self.sites = sites
        regions = Region.objects.filter(sites__in=sites).distinct().order_by("name")
        codes = list(
            Scale.objects.with_totals().values_list("code", flat=True).distinct().order_by("code")
        )
        data = data.copy()
        if "scale" not in data:
            data.setdefault("region", str(regions[0].pk) if regions else "")
            data["scale"] = self._busiest_code(data.get("region")) or (codes[0] if codes else "")
            data.setdefault("kind", Review.Kind.EXTERNAL)
        super().__init__(data, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["scale"].choices = [(code, code.upper()) for code in codes]
        # Only a known code reaches the query (a hostile value is the scale field's to refuse).
        scale = self.data.get("scale")
        self.add_part_field(scale if scale in codes else None)

    def _busiest_code(self, region_id):
        reviews = Review.objects.finalized().filter(site__in=self.sites)
        if region_id:
            reviews = reviews.filter(site__region_id=region_id)
        busiest = reviews.values("scale__code").annotate(n=Count("pk")).order_by("-n").first()
        return busiest["scale__code"] if busiest else None

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return data

    def filtered_sites(self):
        region = self.cleaned_data.get("region")
        return self.sites.filter(region=region) if region else self.sites

    def filter_reviews(self, reviews):
        data = self.cleaned_data
        reviews = reviews.filter(site__in=self.filtered_sites(), scale__code=data["scale"])
        if data.get("kind"):
            reviews = reviews.filter(kind=data["kind"])
        if data.get("date_from"):
            reviews = reviews.filter(visit_date__gte=data["date_from"])
        if data.get("date_to"):
            reviews = reviews.filter(visit_date__lte=data["date_to"])
        return reviews
