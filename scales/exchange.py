"""The JSON exchange format of a scale version (documented in docs/scale-format.md)."""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scales import ladders, scoring
from scales.models import Anchor, Band, Item, Ladder, Scale, Section, Subscale, SubscaleBand

FORMAT = "ipsfidelity.scale/1"
KIND_NAMES = {
    str: lambda: _("a text"),
    int: lambda: _("a whole number"),
    list: lambda: _("a list"),
}


def scale_export(scale: Scale) -> dict:
    """A scale version as plain data, ready for json.dumps (5 queries whatever the size)."""
    scale = Scale.objects.prefetch_related(
        "sections",
        Prefetch(
            "items", queryset=Item.objects.select_related("ladder").prefetch_related("anchors")
        ),
        Prefetch("bands", queryset=Band.objects.order_by("-min_total")),
        Prefetch("subscales__bands", queryset=SubscaleBand.objects.order_by("-min_total")),
    ).get(pk=scale.pk)
    items = list(scale.items.all())
    subscales = list(scale.subscales.all())
    data = {
        "format": FORMAT,
        "code": scale.code,
        "name": scale.name,
        "edition_year": scale.edition_year,
        "description": scale.description,
        "version": scale.version,
        "status": scale.status,
        "sections": [
            {
                "name": section.name,
                "items": [
                    {
                        "number": item.number,
                        "name": item.name,
                        "english_name": item.english_name,
                        "definition": item.definition,
                        "data_sources": item.data_sources,
                        "guidance": item.guidance,
                        "anchors": [{"score": a.score, "text": a.text} for a in item.anchors.all()],
                        **ladder_export(item),
                    }
                    for item in items
                    if item.section_id == section.pk
                ],
            }
            for section in scale.sections.all()
        ],
        "bands": _bands_export(scale.bands.all()),
    }
    if scale.is_checklist:
        # Only a checklist says what it is: the scales' files stay as they were.
        data["kind"] = scale.kind
    if subscales:
        # Only a scale that has subscales says so: the others' files stay as they were.
        data["subscales"] = [
            {
                "name": subscale.name,
                "items": [item.number for item in items if item.subscale_id == subscale.pk],
                "bands": _bands_export(subscale.bands.all()),
            }
            for subscale in subscales
        ]
    return data


def _bands_export(bands):
    return [
        {"min": b.min_total, "max": b.max_total, "label": b.label, "level": b.level} for b in bands
    ]


def _refuse_duplicate_keys(pairs):
    keys = [key for key, _value in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValidationError(
            ngettext(
                "The key %(keys)s appears twice in one object.",
                "The keys %(keys)s appear twice in one object.",
                len(duplicates),
            )
            % {"keys": ", ".join(f"'{key}'" for key in duplicates)}
        )
    return dict(pairs)


def load_json(text: str):
    """Parse exchange JSON, refusing what json.loads would accept silently or crash on.

    Duplicate keys would silently keep the last value; very deep nesting exhausts the
    parser's recursion.
    """
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The file is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except RecursionError as exc:
        raise ValidationError(_("The JSON is nested far too deep to be a scale.")) from exc


def _integer(text: str) -> int:
    """A whole number of the JSON, refused before Python reads thousands of digits."""
    if len(text.lstrip("-")) > 18:
        raise ValidationError(
            _("The number %(start)s… has %(digits)s digits; no number of a scale is that large.")
            % {"start": text[:12], "digits": len(text.lstrip("-"))}
        )
    return int(text)


def _field_errors(instance, where, exclude) -> list[str]:
    """One unsaved object against its model's fields: lengths, slug, ranges, no NUL bytes."""
    errors = []
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and "\x00" in value:
            errors.append(
                _("%(where)s: '%(field)s' contains a NUL character.")
                % {"where": where, "field": field.verbose_name}
            )
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = instance._meta.get_field(name).verbose_name
            errors += [f"{where}: {label}: {message}" for message in messages]
    return errors


def field_errors(data: dict) -> list[str]:
    """Every value against the model field it is stored in, before anything is written.

    Call after `structure_errors` found nothing (the types are right by then).
    """
    scale = Scale(
        code=data["code"],
        name=data["name"],
        edition_year=data["edition_year"],
        description=data.get("description", ""),
    )
    errors = _field_errors(scale, _("scale"), exclude=[])
    for s_index, section in enumerate(data["sections"], start=1):
        where = _("section %(n)s") % {"n": s_index}
        errors += _field_errors(
            Section(name=section["name"], position=s_index), where, exclude=["scale"]
        )
        for i_index, item in enumerate(section["items"], start=1):
            item_where = _("section %(s)s, item %(i)s") % {"s": s_index, "i": i_index}
            fields = ("number", "name", "english_name", "definition", "data_sources", "guidance")
            values = {name: item.get(name, "") for name in fields}
            errors += _field_errors(Item(**values), item_where, exclude=["scale", "section"])
            for anchor in item["anchors"]:
                anchor_obj = Anchor(score=anchor["score"], text=anchor["text"])
                errors += _field_errors(anchor_obj, item_where, exclude=["item"])
            if "ladder" in item:
                ladder = Ladder(**ladder_from_data(item["ladder"]))
                errors += _field_errors(ladder, item_where, exclude=["item"])
    for b_index, band in enumerate(data["bands"], start=1):
        band_obj = Band(
            min_total=band["min"], max_total=band["max"], label=band["label"], level=band["level"]
        )
        errors += _field_errors(band_obj, _("band %(n)s") % {"n": b_index}, exclude=["scale"])
    for s_index, subscale in enumerate(data.get("subscales", []), start=1):
        where = _("subscale %(n)s") % {"n": s_index}
        errors += _field_errors(
            Subscale(name=subscale["name"], position=s_index), where, exclude=["scale"]
        )
        for band in subscale["bands"]:
            band_obj = SubscaleBand(
                min_total=band["min"],
                max_total=band["max"],
                label=band["label"],
                level=band["level"],
            )
            errors += _field_errors(band_obj, where, exclude=["subscale"])
    return errors


def _number(value: Decimal):
    return int(value) if value == value.to_integral() else float(value)


def ladder_export(item) -> dict:
    """{"ladder": {...}} for an item with a calculator, {} for one without."""
    ladder = getattr(item, "ladder", None)
    if ladder is None:
        return {}
    return {
        "ladder": {
            "quantity": ladder.quantity,
            "unit": ladder.unit,
            "per_consultant": ladder.per_consultant,
            "steps": [
                {"score": score, ladder.direction: _number(bound)}
                for score, bound in ladder.steps()
            ],
        }
    }


def ladder_from_data(data) -> dict:
    """The Ladder fields of a valid exchange `ladder` object."""
    direction = next(key for key in data["steps"][0] if key != "score")
    by_score = {step["score"]: Decimal(str(step[direction])) for step in data["steps"]}
    return {
        "quantity": data["quantity"],
        "unit": data["unit"],
        "per_consultant": data.get("per_consultant", False),
        "direction": direction,
        **{f"score_{score}": by_score[score] for score in ladders.SCORES},
    }


def ladder_errors(data, where) -> list[str]:
    """What is wrong with an item's `ladder` object (empty when nothing)."""
    if not isinstance(data, dict):
        return [_("%(where)s: 'ladder' must be an object.") % {"where": where}]
    errors = []
    for key in ("quantity", "unit"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(
                _("%(where)s: the ladder's '%(key)s' is missing or is not a text.")
                % {"where": where, "key": key}
            )
    if not isinstance(data.get("per_consultant", False), bool):
        errors.append(
            _("%(where)s: the ladder's 'per_consultant' must be true or false.") % {"where": where}
        )
    steps = data.get("steps")
    ok = isinstance(steps, list) and all(
        isinstance(step, dict)
        and len(step) == 2
        and isinstance(step.get("score"), int)
        and any(
            isinstance(step.get(key), int | float) and not isinstance(step.get(key), bool)
            for key in (ladders.AT_LEAST, ladders.AT_MOST)
        )
        for step in steps
    )
    if not ok or sorted(step["score"] for step in steps) != list(ladders.SCORES):
        errors.append(
            _(
                "%(where)s: the ladder needs one step for each of the scores 2–5, each with "
                "'at_least' or 'at_most' and a number."
            )
            % {"where": where}
        )
        return errors
    directions = {key for step in steps for key in step if key != "score"}
    if len(directions) != 1:
        errors.append(
            _("%(where)s: the ladder's steps must all be 'at_least' or all 'at_most'.")
            % {"where": where}
        )
        return errors
    fields = ladder_from_data({**data, "quantity": "", "unit": ""})
    values = [fields[f"score_{score}"] for score in ladders.SCORES]
    errors += [
        f"{where}: {message}" for message in ladders.order_errors(fields["direction"], values)
    ]
    return errors


def structure_errors(data) -> list[str]:
    """What is wrong with the shape of imported data, before anything is written."""
    errors = []

    def need(obj, key, kind, where):
        value = obj.get(key) if isinstance(obj, dict) else None
        ok = isinstance(value, kind) and not isinstance(value, bool)
        if ok and isinstance(value, str) and key in {"code", "name", "label", "text"}:
            ok = bool(value.strip())
        if not ok:
            errors.append(
                _("%(where)s: '%(key)s' is missing or is not %(kind)s.")
                % {"where": where, "key": key, "kind": KIND_NAMES[kind]()}
            )
        return value if ok else None

    def band_errors(band, where):
        need(band, "min", int, where)
        need(band, "max", int, where)
        need(band, "label", str, where)
        level = band.get("level") if isinstance(band, dict) else None
        if level not in Band.Level.values:
            errors.append(
                _("%(where)s: the level must be one of %(levels)s.")
                % {"where": where, "levels": ", ".join(Band.Level.values)}
            )

    if not isinstance(data, dict):
        return [_("The file must hold one JSON object.")]
    if data.get("format") != FORMAT:
        errors.append(_("The format must be '%(format)s'.") % {"format": FORMAT})
    need(data, "code", str, _("scale"))
    need(data, "name", str, _("scale"))
    need(data, "edition_year", int, _("scale"))
    if "description" in data and not isinstance(data["description"], str):
        errors.append(_("scale: 'description' must be text."))
    sections = need(data, "sections", list, _("scale")) or []
    for s_index, section in enumerate(sections, start=1):
        where = _("section %(n)s") % {"n": s_index}
        need(section, "name", str, where)
        for i_index, item in enumerate(need(section, "items", list, where) or [], start=1):
            item_where = _("section %(s)s, item %(i)s") % {"s": s_index, "i": i_index}
            need(item, "number", int, item_where)
            need(item, "name", str, item_where)
            need(item, "definition", str, item_where)
            for optional in ("english_name", "data_sources", "guidance"):
                if isinstance(item, dict) and not isinstance(item.get(optional, ""), str):
                    errors.append(
                        _("%(where)s: '%(key)s' must be text.")
                        % {"where": item_where, "key": optional}
                    )
            scores = []
            for anchor in need(item, "anchors", list, item_where) or []:
                scores.append(need(anchor, "score", int, item_where))
                need(anchor, "text", str, item_where)
            if any(score is not None and score not in scoring.SCORES for score in scores):
                errors.append(
                    _("%(where)s: anchor scores must be %(scores)s.")
                    % {"where": item_where, "scores": scoring.score_range_label()}
                )
            if len(set(scores)) != len(scores):
                errors.append(
                    _("%(where)s: each score may have only one anchor.") % {"where": item_where}
                )
            if isinstance(item, dict) and "ladder" in item:
                errors += ladder_errors(item["ladder"], item_where)
    for b_index, band in enumerate(need(data, "bands", list, _("scale")) or [], start=1):
        band_errors(band, _("band %(n)s") % {"n": b_index})
    subscales = data.get("subscales", [])
    if not isinstance(subscales, list):
        errors.append(_("scale: 'subscales' must be a list."))
        subscales = []
    for s_index, subscale in enumerate(subscales, start=1):
        where = _("subscale %(n)s") % {"n": s_index}
        need(subscale, "name", str, where)
        members = need(subscale, "items", list, where) or []
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in members):
            errors.append(_("%(where)s: 'items' must list item numbers.") % {"where": where})
        for band in need(subscale, "bands", list, where) or []:
            band_errors(band, where)
    numbers = [
        item.get("number")
        for section in sections
        if isinstance(section, dict) and isinstance(section.get("items"), list)
        for item in section["items"]
        if isinstance(item, dict)
    ]
    if len(set(numbers)) != len(numbers):
        errors.append(_("Two items have the same number."))
    members = [
        number
        for subscale in subscales
        if isinstance(subscale, dict) and isinstance(subscale.get("items"), list)
        for number in subscale["items"]
    ]
    if len(set(members)) != len(members):
        errors.append(_("An item may count in one subscale only."))
    unknown = sorted({n for n in members if isinstance(n, int)} - set(numbers), key=str)
    if unknown:
        errors.append(
            _("The subscales name items the scale does not have: %(numbers)s.")
            % {"numbers": ", ".join(str(n) for n in unknown)}
        )
    if data.get("kind", Scale.Kind.SCALE) not in Scale.Kind.values:
        errors.append(
            _("scale: 'kind' must be one of %(kinds)s.") % {"kinds": ", ".join(Scale.Kind.values)}
        )
    if isinstance(data.get("code"), str) and len(data["code"]) > 20:
        errors.append(_("scale: the code may have at most 20 characters."))
    return errors
