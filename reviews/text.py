"""Danish default texts for a review, in the project's own words."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.models import EvidenceSource


def number_runs(numbers) -> str:
    """Item numbers as Danish text: 1, 3, 9, 10, …, 25 → "1, 3 og 9–25" (runs of three or
    more joined by a dash)."""
    runs = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = []
    for first, last in runs:
        if last - first >= 2:
            parts.append(f"{first}–{last}")
        else:
            parts += [str(n) for n in range(first, last + 1)]
    if len(parts) < 2:
        return "".join(parts)
    return _("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def default_purpose(*, site, scale) -> str:
    partner = site.psychiatry_partner or _("the local psychiatry")
    return _(
        "This report covers the fidelity review of the IPS service in %(site)s, run together "
        "with %(partner)s. The review assesses how closely the service follows evidence-based "
        "IPS practice as described in %(scale)s (%(label)s), so that the management of the "
        "municipality and of the psychiatry have concrete input for their further work with "
        "implementing IPS."
    ) % {"site": site.name, "partner": partner, "scale": scale.name, "label": scale.label}


# The words a description typed in Danish may start with that say the source's kind again
# ("4 interviews: Interviews med …"): the paragraph then reads "4 interviews med …".
KIND_WORDS = {
    EvidenceSource.Kind.INTERVIEW: ("interviews", "interview"),
    EvidenceSource.Kind.OBSERVATION: ("observationer", "observation"),
    EvidenceSource.Kind.RECORD_REVIEW: ("journalgennemgang", "gennemgang"),
}


def _after_kind_word(kind, description) -> str | None:
    """The description without a leading word that repeats the kind (None if it has none)."""
    lowered = description.lower()
    for word in KIND_WORDS.get(kind, ()):
        if lowered.startswith(word + " "):
            return description[len(word) + 1 :].lstrip()
    return None


def basis_from_evidence(sources) -> str:
    """One paragraph naming what the review rests on, built from its evidence sources."""
    parts = []
    for source in sources:
        count = source.count
        description = source.description.strip()
        if source.roles.strip():
            description = f"{description} ({source.roles.strip()})" if description else source.roles
        if source.kind == EvidenceSource.Kind.INTERVIEW and count:
            what = ngettext("%(n)s interview", "%(n)s interviews", count) % {"n": count}
        elif source.kind == EvidenceSource.Kind.OBSERVATION and count:
            what = ngettext("%(n)s observation", "%(n)s observations", count) % {"n": count}
        elif source.kind == EvidenceSource.Kind.RECORD_REVIEW and count:
            what = ngettext("a review of %(n)s record", "a review of %(n)s records", count) % {
                "n": count
            }
        else:
            what = source.get_kind_display().lower()
        rest = _after_kind_word(source.kind, description) if count else None
        if rest:
            parts.append(f"{what} {rest}")
        else:
            parts.append(f"{what}: {description}" if description else what)
    if not parts:
        return ""
    return _("The report is based on %(sources)s.") % {"sources": "; ".join(parts)}
