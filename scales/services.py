"""Writes that touch several rows of a scale: import, new version, publish, retire."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scales.exchange import field_errors, ladder_from_data, scale_export, structure_errors
from scales.models import Anchor, Band, Item, Ladder, Scale, Section, Subscale, SubscaleBand


@transaction.atomic
def scale_import(*, data: dict) -> Scale:
    """Create a new draft version from exchange data; nothing is created if it is invalid.

    The data's own version and status are ignored: an import is always the next draft.
    """
    errors = structure_errors(data) or field_errors(data)
    if errors:
        raise ValidationError(errors)
    scale = Scale.objects.create(
        code=data["code"],
        name=data["name"],
        edition_year=data["edition_year"],
        description=data.get("description", ""),
        kind=data.get("kind", Scale.Kind.SCALE),
        version=Scale.next_version(data["code"]),
        status=Scale.Status.DRAFT,
    )
    try:
        anchors = []
        calculators = []
        for position, section_data in enumerate(data["sections"], start=1):
            section = Section.objects.create(
                scale=scale, position=position, name=section_data["name"]
            )
            for item_data in section_data["items"]:
                item = Item.objects.create(
                    scale=scale,
                    section=section,
                    number=item_data["number"],
                    name=item_data["name"],
                    english_name=item_data.get("english_name", ""),
                    definition=item_data["definition"],
                    data_sources=item_data.get("data_sources", ""),
                    guidance=item_data.get("guidance", ""),
                )
                anchors += [
                    Anchor(item=item, score=a["score"], text=a["text"])
                    for a in item_data["anchors"]
                ]
                if "ladder" in item_data:
                    calculators.append(Ladder(item=item, **ladder_from_data(item_data["ladder"])))
        Anchor.objects.bulk_create(anchors)
        Ladder.objects.bulk_create(calculators)
        Band.objects.bulk_create(
            Band(
                scale=scale,
                min_total=b["min"],
                max_total=b["max"],
                label=b["label"],
                level=b["level"],
            )
            for b in data["bands"]
        )
        for position, subscale_data in enumerate(data.get("subscales", []), start=1):
            subscale = Subscale.objects.create(
                scale=scale, position=position, name=subscale_data["name"]
            )
            scale.items.filter(number__in=subscale_data["items"]).update(subscale=subscale)
            SubscaleBand.objects.bulk_create(
                SubscaleBand(
                    subscale=subscale,
                    min_total=b["min"],
                    max_total=b["max"],
                    label=b["label"],
                    level=b["level"],
                )
                for b in subscale_data["bands"]
            )
    except IntegrityError as exc:
        # Duplicate numbers or scores, a band ending before it starts, a score outside 1–5.
        raise ValidationError(
            _(
                "The scale breaks a rule of its own: an item or score number twice, a band "
                "that ends before it starts, or a score outside 1–5."
            )
        ) from exc
    errors = scale.validation_errors()
    if errors:
        raise ValidationError(errors)
    return scale


def scale_create_version(*, scale: Scale) -> Scale:
    """A new draft copy of `scale` with the next version number, ready to be edited."""
    return scale_import(data=scale_export(scale))


@dataclass
class Difference:
    """One field that differs from the version published before: where (the scale, an item),
    which field, and its text before and after ("" where there was or is none)."""

    where: str
    field: str
    before: str
    after: str
    part: str = ""  # what the publish summary names: "the bands", "item 3 (…)"

    def __post_init__(self):
        self.part = self.part or self.where


def _previous_version(scale: Scale) -> Scale | None:
    return (
        Scale.objects.filter(code=scale.code, version__lt=scale.version)
        .exclude(status=Scale.Status.DRAFT)
        .order_by("-version")
        .first()
    )


def _bands_text(bands) -> str:
    return "\n".join(f"{b['min']}–{b['max']}: {b['label']}" for b in bands)


def _ladder_text(ladder) -> str:
    if not ladder:
        return ""
    steps = ", ".join(
        f"{step['score']}: {step.get('at_most', step.get('at_least', ''))}"
        for step in ladder["steps"]
    )
    return f"{ladder['quantity']} ({ladder['unit']}): {steps}"


ITEM_FIELDS = (
    ("name", gettext_lazy("name")),
    ("english_name", gettext_lazy("English name")),
    ("definition", gettext_lazy("what is rated")),
    ("data_sources", gettext_lazy("data sources")),
    ("guidance", gettext_lazy("scoring guidance")),
)


def scale_differences(scale: Scale) -> list[Difference]:
    """Field by field, what differs from the version published before it (empty when there
    is none before): the scale's name, description, bands and sections, then each item's
    fields, anchors and calculator ladder, by item number."""
    before = _previous_version(scale)
    if before is None:
        return []
    old, new = scale_export(before), scale_export(scale)
    found = []
    scale_label = _("the scale")
    for key, label, part in (
        ("name", _("name"), _("the name")),
        ("description", _("description"), _("the description")),
    ):
        if old[key] != new[key]:
            found.append(Difference(scale_label, label, old[key], new[key], part))
    if old["bands"] != new["bands"]:
        bands = _bands_text(old["bands"]), _bands_text(new["bands"])
        found.append(Difference(scale_label, _("bands"), *bands, _("the bands")))
    old_sections = "\n".join(s["name"] for s in old["sections"])
    new_sections = "\n".join(s["name"] for s in new["sections"])
    if old_sections != new_sections:
        found.append(
            Difference(scale_label, _("sections"), old_sections, new_sections, _("the sections"))
        )
    old_items = {i["number"]: i for s in old["sections"] for i in s["items"]}
    new_items = {i["number"]: i for s in new["sections"] for i in s["items"]}
    for number in sorted(set(old_items) | set(new_items)):
        was, now = old_items.get(number, {}), new_items.get(number, {})
        if was == now:
            continue
        where = _("item %(number)s (%(name)s)") % {"number": number, "name": (now or was)["name"]}
        for key, label in ITEM_FIELDS:
            if was.get(key, "") != now.get(key, ""):
                found.append(Difference(where, str(label), was.get(key, ""), now.get(key, "")))
        old_anchors = {a["score"]: a["text"] for a in was.get("anchors", [])}
        new_anchors = {a["score"]: a["text"] for a in now.get("anchors", [])}
        for score in sorted(set(old_anchors) | set(new_anchors)):
            if old_anchors.get(score, "") != new_anchors.get(score, ""):
                label = _("anchor %(score)s") % {"score": score}
                found.append(
                    Difference(where, label, old_anchors.get(score, ""), new_anchors.get(score, ""))
                )
        if was.get("ladder") != now.get("ladder"):
            found.append(
                Difference(
                    where,
                    str(_("calculator")),
                    _ladder_text(was.get("ladder")),
                    _ladder_text(now.get("ladder")),
                )
            )
    return found


def scale_changes(scale: Scale) -> list[str]:
    """What differs from the version published before it, as the parts that changed: the
    scale and the items (by number). Empty when there is none before."""
    changes = []
    for difference in scale_differences(scale):
        if difference.part not in changes:
            changes.append(difference.part)
    return changes


@transaction.atomic
def scale_publish(*, scale: Scale, change_note: str) -> Scale:
    """Publish a valid draft with a note of what changed, which reviewers read on the scale
    page; the code's previously published version is retired."""
    scale = Scale.objects.select_for_update().get(pk=scale.pk)
    if scale.status != Scale.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    errors = scale.validation_errors()
    if not change_note.strip():
        errors.append(_("Write what changed in this version; reviewers see it on the scale."))
    if errors:
        raise ValidationError(errors)
    Scale.objects.filter(code=scale.code, status=Scale.Status.PUBLISHED).update(
        status=Scale.Status.RETIRED
    )
    scale.status = Scale.Status.PUBLISHED
    scale.published_at = timezone.now()
    scale.change_note = change_note.strip()
    scale.save(update_fields=["status", "published_at", "change_note"])
    return scale


@transaction.atomic
def scale_retire(*, scale: Scale) -> Scale:
    """Stop offering a published version for new reviews; its reviews keep it."""
    if scale.status != Scale.Status.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    scale.status = Scale.Status.RETIRED
    scale.save(update_fields=["status"])
    return scale
