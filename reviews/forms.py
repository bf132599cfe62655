from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import roles
from reviews.models import Review, ReviewReviewer
from scales.models import Scale
from sites.models import Region, Site
from toolkit.forms import ModelMultipleChoiceField
from toolkit.text import one_line
from toolkit.versioning import VersionedForm


def _person(user) -> str:
    return user.get_full_name() or user.username


class ReviewCreateForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.active().select_related("region"),
        required=False,
        help_text=_("Not in the list? Name the new site below instead."),
    )
    new_site = forms.CharField(
        label=_("New site"),
        max_length=150,
        required=False,
        validators=[one_line],
        help_text=_(
            "E.g. Horsens Kommune. The site is created with the review; an administrator can "
            "complete its details under Steder."
        ),
    )
    new_site_region = forms.ModelChoiceField(
        label=_("Region of the new site"), queryset=Region.objects.all(), required=False
    )
    scale = forms.ModelChoiceField(label=_("Scale"), queryset=Scale.objects.published())
    visit_date = forms.DateField(
        label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    visit_end_date = forms.DateField(
        label=_("Last visit date"),
        required=False,
        help_text=_("Only for visits over several days."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Review.Kind.choices, initial=Review.Kind.EXTERNAL
    )
    after_the_fact = forms.BooleanField(
        label=_("Entered after the fact, from a finished report"),
        required=False,
        help_text=_(
            "The review took place earlier: there is no rating stage, and the agreed scores "
            "are entered directly. The review says so on its page and in the lists."
        ),
    )
    co_reviewers = ModelMultipleChoiceField(
        label=_("Co-reviewers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You become the lead reviewer."),
    )

    def __init__(self, *args, user, assigning=False, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        reviewers = (
            get_user_model()
            .objects.filter(groups__name=roles.REVIEWER, is_active=True)
            .order_by("first_name", "last_name")
        )
        self.assigning = assigning
        if assigning:
            # A coordinator names the reviewers, for a site of their regions (no new site).
            self.fields["site"].queryset = sites
            self.fields["site"].required = True
            self.fields["site"].help_text = ""
            del self.fields["new_site"], self.fields["new_site_region"]
            self.fields["lead"] = forms.ModelChoiceField(
                label=_("Lead reviewer"), queryset=reviewers
            )
            self.fields["lead"].label_from_instance = _person
            self.order_fields(["site", "lead", "co_reviewers"])
            self.fields["co_reviewers"].help_text = ""
        else:
            reviewers = reviewers.exclude(pk=user.pk)
        self.fields["co_reviewers"].queryset = reviewers
        self.fields["co_reviewers"].label_from_instance = _person

    def clean(self):
        data = super().clean()
        if self.assigning:
            if data.get("lead") and data.get("lead") in (data.get("co_reviewers") or []):
                self.add_error("co_reviewers", _("The lead reviewer is not a co-reviewer too."))
            data["new_site"] = ""
            return self._clean_dates(data)
        name = (data.get("new_site") or "").strip()
        if data.get("site") and name:
            self.add_error("new_site", _("Choose a site in the list or name a new one, not both."))
        elif not data.get("site") and not name:
            self.add_error("site", _("Choose the site, or name a new one below."))
        elif name:
            if Site.objects.filter(name__iexact=name).exists():
                self.add_error(
                    "new_site", _("A site of that name exists already; choose it in the list.")
                )
            if not data.get("new_site_region"):
                self.add_error("new_site_region", _("Choose the region of the new site."))
            data["new_site"] = name
        return self._clean_dates(data)

    def _clean_dates(self, data):
        start, end = data.get("visit_date"), data.get("visit_end_date")
        if start and end and end < start:
            self.add_error("visit_end_date", _("The last visit date cannot be before the first."))
        return data


class ModerationRequestForm(forms.Form):
    moderator = forms.ModelChoiceField(
        label=_("Moderator"),
        queryset=get_user_model().objects.none(),
        help_text=_(
            "A trained reviewer who is not on this review reads the draft and approves it or "
            "sends it back with comments."
        ),
        error_messages={"invalid_choice": _("Choose a reviewer who is not on this review.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = choices
        self.fields["moderator"].label_from_instance = _person


class ModerationDecisionForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (APPROVE, _("Approve the draft")),
            (RETURN, _("Send it back to the reviewers")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments to the reviewers"),
        required=False,
        max_length=Review.TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you send the draft back; kept with the review."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Write what the reviewers should look at again."))
        return data


class RegionModerationForm(VersionedForm):
    class Meta:
        model = Region
        fields = ["moderation_required"]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the review reopened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is recorded with your name and the time."),
    )


class HearingSendForm(forms.Form):
    deadline = forms.DateField(
        label=_("Deadline for comments"),
        help_text=_("The leaders can comment until the end of this day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class HearingCommentForm(forms.Form):
    """A leader's comment; `item` empty means the draft as a whole."""

    item = forms.TypedChoiceField(
        label=_("Comment on"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=_("Comment"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [("", _("The draft as a whole"))] + [
            (item.pk, f"{item.number}. {item.name}") for item in items
        ]

    def clean_item(self):
        pk = self.cleaned_data["item"]
        return self.items[pk] if pk is not None else None


class ReviewListFilter(forms.Form):
    """Search, filters and order of a list of reviews (GET); bad values are ignored."""

    ORDERS = {
        "newest": ("-visit_date", "site__name"),
        "oldest": ("visit_date", "site__name"),
        "site": ("site__name", "-visit_date"),
    }

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Site, region, scale or reviewer"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Review.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Review.Kind.choices]
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("newest", _("Newest visit first")),
            ("oldest", _("Oldest visit first")),
            ("site", _("Site A–Å")),
        ],
    )

    def __init__(self, data=None, *, with_status=True):
        super().__init__(data)
        if not with_status:
            del self.fields["status"]

    def filter(self, reviews):
        """`reviews` searched, filtered and ordered (newest visit first unless asked)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        text = (data.get("q") or "").strip()
        if text:
            reviewers = ReviewReviewer.objects.filter(
                Q(user__first_name__icontains=text) | Q(user__last_name__icontains=text)
            )
            reviews = reviews.filter(
                Q(site__name__icontains=text)
                | Q(site__region__name__icontains=text)
                | Q(scale__code__icontains=text)
                | Q(pk__in=reviewers.values("review"))
            )
        if data.get("status"):
            reviews = reviews.filter(status=data["status"])
        if data.get("kind"):
            reviews = reviews.filter(kind=data["kind"])
        return reviews.order_by(*self.ORDERS[data.get("order") or "newest"], "pk")


class ChecklistAttachForm(forms.Form):
    """Which published checklist to fill in with the review."""

    scale = forms.ModelChoiceField(
        label=_("Checklist"),
        queryset=Scale.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose a published checklist.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].queryset = Scale.objects.filter(
            kind=Scale.Kind.CHECKLIST, status=Scale.Status.PUBLISHED
        ).order_by("name", "-version")
