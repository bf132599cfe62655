"""Writes that touch several rows of a scale: import, new version, publish, retire."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scales.exchange import field_errors, ladder_from_data, scale_export, structure_errors
from scales.models import Anchor, Band, Item, Ladder, Scale, Section


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
    except IntegrityError as exc:
        # Duplicate numbers or scores, a band ending before it starts, a score outside 1–5.
        raise ValidationError(
            _("The scale breaks a rule of the database: %(error)s") % {"error": exc}
        ) from exc
    errors = scale.validation_errors()
    if errors:
        raise ValidationError(errors)
    return scale


def scale_create_version(*, scale: Scale) -> Scale:
    """A new draft copy of `scale` with the next version number, ready to be edited."""
    return scale_import(data=scale_export(scale))


@transaction.atomic
def scale_publish(*, scale: Scale) -> Scale:
    """Publish a valid draft; the code's previously published version is retired."""
    scale = Scale.objects.select_for_update().get(pk=scale.pk)
    if scale.status != Scale.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    errors = scale.validation_errors()
    if errors:
        raise ValidationError(errors)
    Scale.objects.filter(code=scale.code, status=Scale.Status.PUBLISHED).update(
        status=Scale.Status.RETIRED
    )
    scale.status = Scale.Status.PUBLISHED
    scale.published_at = timezone.now()
    scale.save(update_fields=["status", "published_at"])
    return scale


@transaction.atomic
def scale_retire(*, scale: Scale) -> Scale:
    """Stop offering a published version for new reviews; its reviews keep it."""
    if scale.status != Scale.Status.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    scale.status = Scale.Status.RETIRED
    scale.save(update_fields=["status"])
    return scale
