import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outcomes.models import OutcomePeriod, quarter_bounds
from toolkit.versioning import VersionedForm

QUARTER = re.compile(
    r"^\s*(\d{4})\s*[-/ ]?\s*[KkQq]?\s*([1-4])\s*$|^\s*[KkQq]([1-4])\s*(\d{4})\s*$"
)
COUNT_FIELDS = [
    "candidates_in_course",
    "new_candidates",
    "closed_courses",
    "closed_ordinary_job",
    "closed_flexjob",
    "closed_education",
    "in_job_or_education",
    "days_to_job_or_education",
    "staff_people",
    "staff_fte",
    "target_candidates",
    "target_in_job_or_education",
    "target_rate",
    "target_staff",
]
# How the form groups the fields (a fieldset with a legend each).
GROUPS = [
    (_("Candidates"), ["candidates_in_course", "new_candidates", "in_job_or_education"]),
    (
        _("Closed courses by result"),
        ["closed_courses", "closed_ordinary_job", "closed_flexjob", "closed_education"],
    ),
    (_("Time and staff"), ["days_to_job_or_education", "staff_people", "staff_fte"]),
    (
        _("Agreed targets"),
        ["target_candidates", "target_in_job_or_education", "target_rate", "target_staff"],
    ),
]


def parse_quarter(text: str):
    """'2024-K2', '2024 Q2', 'K2 2024' or '2024-2' → (start, end); None when not a quarter."""
    match = QUARTER.match(text or "")
    if not match:
        return None
    if match.group(1):
        year, quarter = int(match.group(1)), int(match.group(2))
    else:
        year, quarter = int(match.group(4)), int(match.group(3))
    if not 1 <= year <= 9998:
        return None  # no calendar holds it; the date window refuses any implausible year
    return quarter_bounds(year, quarter)


class OutcomePeriodForm(VersionedForm):
    """One period of a site's outcomes. The period is a quarter or two dates."""

    quarter = forms.CharField(
        label=_("Quarter"),
        required=False,
        max_length=12,
        help_text=_("E.g. 2024-K2. Leave empty and give the dates for any other period."),
    )

    class Meta:
        model = OutcomePeriod
        fields = ["start", "end", *COUNT_FIELDS, "source"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site = site
        self.fields["start"].required = False
        self.fields["end"].required = False
        if self.instance.pk and self.instance.quarter:
            year, quarter = self.instance.quarter
            self.initial.setdefault("quarter", f"{year}-K{quarter}")
        for name in COUNT_FIELDS:
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        # Full-time equivalents take the Danish decimal comma (7,5).
        fte = self.fields["staff_fte"]
        fte.localize = True
        fte.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        fte.widget.is_localized = True

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in GROUPS]

    def clean(self):
        data = super().clean()
        text = data.get("quarter", "").strip()
        if text:
            bounds = parse_quarter(text)
            if bounds is None:
                self.add_error("quarter", gettext("Write the quarter as e.g. 2024-K2."))
            else:
                data["start"], data["end"] = bounds
                self.instance.start, self.instance.end = bounds
        elif not (self.has_error("start") or self.has_error("end")) and not (
            data.get("start") and data.get("end")
        ):
            self.add_error("quarter", gettext("Give either a quarter or both dates of the period."))
        return data
