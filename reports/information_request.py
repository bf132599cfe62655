"""The information request before a visit: what the site should have ready, built from the
data sources each item of the scale names (`Item.data_sources`, "…; …; …").

Plain Python over items already loaded (no queries). Each source is sorted into a group by
the words it uses; the interviews are split into the people to talk to, each with the items
they inform. Sources named alike for several items are listed once, with every item.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# (group, heading, what the site is asked to do, words that put a source in the group),
# tried in this order; a source none of them matches is a figure or a list.
OBSERVE, RECORDS, PEOPLE, DOCUMENTS, FIGURES = (
    "observe",
    "records",
    "people",
    "documents",
    "figures",
)
GROUPS = [
    (
        FIGURES,
        _("Figures and lists"),
        _("Have these ready, or send them to the reviewers before the visit."),
        (),
    ),
    (
        DOCUMENTS,
        _("Plans, procedures and minutes"),
        _("Have these ready for the reviewers to read during the visit."),
        (
            "plan",
            "referat",
            "procedure",
            "kriterier",
            "beskrivelse",
            "aftale",
            "diagram",
            "strategi",
            "mål",
            "rapport",
            "skema",
            "dagsorden",
            "udleveret",
        ),
    ),
    (
        RECORDS,
        _("Records to sample"),
        _(
            "The reviewers read a sample of records; have access ready for them, for "
            "candidates at different stages."
        ),
        ("journal", "karriereprofil"),
    ),
    (
        PEOPLE,
        _("People the reviewers would like to talk to"),
        _("Book time with these people during the visit."),
        ("interview",),
    ),
    (
        OBSERVE,
        _("What the reviewers would like to see"),
        _("Arrange for the reviewers to take part in or see these."),
        ("observation", "rundgang"),
    ),
]
# The order the groups are tried in: the most particular words first.
MATCH_ORDER = (OBSERVE, PEOPLE, RECORDS, DOCUMENTS)


@dataclass
class Entry:
    text: str
    items: list = field(default_factory=list)  # item numbers, in order

    @property
    def item_numbers(self) -> str:
        from reviews.text import number_runs

        return number_runs(self.items)


@dataclass
class Group:
    key: str
    heading: str
    ask: str
    entries: list


def classify(source: str) -> str:
    lowered = source.lower()
    words = {key: words for key, _heading, _ask, words in GROUPS}
    for key in MATCH_ORDER:
        if any(word in lowered for word in words[key]):
            return key
    return FIGURES


def interviewees(source: str) -> list[str]:
    """ "Interview med IPS-konsulenter, IPS-leder og ledelsen i psykiatrien og jobcentret"
    → IPS-konsulenter, IPS-leder, ledelsen i psykiatrien, ledelsen i jobcentret."""
    rest = re.sub(r"^\s*interview\s+med\s+", "", source, flags=re.IGNORECASE)
    people = []
    for part in re.split(r",\s*|\s+og\s+(?:med\s+)?", rest):
        part = part.strip()
        if not part:
            continue
        # "ledelsen i jobcentret og psykiatrien": the second is also "ledelsen i …".
        if people and " " not in part and part[0].islower():
            head = re.match(r"^(ledelsen i )", people[-1], flags=re.IGNORECASE)
            if head:
                part = head.group(1) + part
        people.append(part)
    return people


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def information_request(items) -> list[Group]:
    """The groups of the checklist, each with its entries (empty groups left out)."""
    found: dict[str, dict[str, Entry]] = {key: {} for key, *_rest in GROUPS}
    for item in sorted(items, key=lambda item: item.number):
        for source in (item.data_sources or "").split(";"):
            source = " ".join(source.split()).rstrip(".")
            if not source:
                continue
            key = classify(source)
            texts = interviewees(source) if key == PEOPLE else [source]
            for text in texts:
                entry = found[key].setdefault(text.lower(), Entry(_capital(text)))
                if item.number not in entry.items:
                    entry.items.append(item.number)
    return [
        Group(key, str(heading), str(ask), list(found[key].values()))
        for key, heading, ask, _words in GROUPS
        if found[key]
    ]
