"""A scale version as a REDCap data dictionary, and back; a review as a REDCap record.

REDCap (Vanderbilt's research database, used by the Danish regions' researchers) describes a
form in a "data dictionary": a CSV file with one row per field and 18 fixed columns. A scale
becomes one form: the review's site, date and round, one radio field per item (`item_N`, the
anchors as choice labels, a section header where a section starts), each subscale's total
and the total as calculated fields. What REDCap has no column for — the scale's code, name
and year, each item's definition, data sources, guidance and calculator, the bands — travels
in the fields' annotations as `ipsfidelity.…:` followed by JSON, which REDCap keeps and shows only
in its designer. Export → import → export gives the same file.

The importer reads such a file back into the exchange data of `scales.exchange`, so that the
same checks, messages and service (`scales.services.scale_import`) apply.
"""

import csv
import io
import json
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from scales import scoring
from scales.exchange import FORMAT

COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]
SCALE_TAG = "ipsfidelity.scale:"
ITEM_TAG = "ipsfidelity.item:"
BANDS_TAG = "ipsfidelity.bands:"
SUBSCALE_TAG = "ipsfidelity.subscale:"
SUBSCALE_VARIABLE = re.compile(r"^subscale_(\d+)$")
FORMULA_ITEM = re.compile(r"\[item_(\d+)\]")
ITEM_VARIABLE = re.compile(r"^item_(\d+)$")
# The fields every record has before the items.
RECORD_FIELDS = ("record_id", "site", "visit_date", "round")


def form_name(code: str) -> str:
    """REDCap's form names are lower-case letters, digits and underscores."""
    return re.sub(r"[^a-z0-9_]", "_", code.lower())


def _row(variable, form, field_type, label, **columns):
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "Variable / Field Name": variable,
            "Form Name": form,
            "Field Type": field_type,
            "Field Label": label,
        }
    )
    row.update(columns)
    return [row[column] for column in COLUMNS]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _choice_label(text: str) -> str:
    """REDCap separates choices by '|' and keeps a choice on one line."""
    return " ".join(text.replace("|", "/").split())


def dictionary_rows(data: dict) -> list[list[str]]:
    """The data dictionary of a scale version given as exchange data
    (`scales.exchange.scale_export`): the header and one row per field."""
    form = form_name(data["code"])
    meta = {key: data[key] for key in ("code", "name", "edition_year", "description")}
    if data.get("kind", "scale") != "scale":
        meta["kind"] = data["kind"]
    rows = [
        COLUMNS,
        _row(
            "record_id",
            form,
            "text",
            _("Review"),
            **{"Field Annotation": SCALE_TAG + _json(meta)},
        ),
        _row("site", form, "text", _("Site")),
        _row(
            "visit_date",
            form,
            "text",
            _("Review date"),
            **{"Text Validation Type OR Show Slider Number": "date_ymd"},
        ),
        _row(
            "round",
            form,
            "text",
            _("Round"),
            **{"Text Validation Type OR Show Slider Number": "integer"},
        ),
    ]
    variables = []
    for section in data["sections"]:
        for position, item in enumerate(section["items"]):
            anchors = sorted(item["anchors"], key=lambda anchor: anchor["score"])
            extra = {
                key: item[key]
                for key in ("definition", "data_sources", "guidance", "ladder")
                if item.get(key)
            }
            if any(_choice_label(a["text"]) != a["text"] for a in anchors):
                extra["anchors"] = anchors
            variable = f"item_{item['number']}"
            variables.append(variable)
            rows.append(
                _row(
                    variable,
                    form,
                    "radio",
                    f"{item['number']}. {item['name']}",
                    **{
                        "Section Header": section["name"] if position == 0 else "",
                        "Choices, Calculations, OR Slider Labels": " | ".join(
                            f"{a['score']}, {_choice_label(a['text'])}" for a in anchors
                        ),
                        "Field Note": item.get("english_name", ""),
                        "Required Field?": "y",
                        "Field Annotation": ITEM_TAG + _json(extra),
                    },
                )
            )
    for position, subscale in enumerate(data.get("subscales", []), start=1):
        rows.append(
            _row(
                f"subscale_{position}",
                form,
                "calc",
                subscale["name"],
                **{
                    "Choices, Calculations, OR Slider Labels": "sum("
                    + ",".join(f"[item_{n}]" for n in subscale["items"])
                    + ")",
                    "Field Annotation": SUBSCALE_TAG + _json({"bands": subscale["bands"]}),
                },
            )
        )
    if "kind" in meta:
        return rows  # a checklist has no total
    rows.append(
        _row(
            "total",
            form,
            "calc",
            _("Total"),
            **{
                "Choices, Calculations, OR Slider Labels": "sum("
                + ",".join(f"[{v}]" for v in variables)
                + ")",
                "Field Annotation": BANDS_TAG + _json(data["bands"]),
            },
        )
    )
    return rows


def to_csv(rows) -> str:
    """Comma-separated UTF-8, as REDCap writes and reads it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def _refused(message, line=None):
    if line is not None:
        message = _("Line %(line)s: %(message)s") % {"line": line, "message": message}
    return ValidationError(message)


def _tagged(annotation: str, tag: str, line: int):
    """The JSON after `tag` in a field's annotation (None when the tag is absent)."""
    start = annotation.find(tag)
    if start < 0:
        return None
    try:
        value, _end = json.JSONDecoder().raw_decode(annotation, start + len(tag))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise _refused(
            _("the annotation after '%(tag)s' is not valid JSON.") % {"tag": tag}, line
        ) from exc
    return value


def _anchors(choices: str, line: int) -> list[dict]:
    anchors = []
    for choice in choices.split("|"):
        code, comma, label = choice.strip().partition(",")
        if not comma or not code.strip().isdigit():
            raise _refused(
                _("the choices must read '1, text | 2, text | …' (found '%(choice)s').")
                % {"choice": choice.strip()[:40]},
                line,
            )
        anchors.append({"score": int(code), "text": label.strip()})
    scores = sorted(a["score"] for a in anchors)
    if scores != list(range(1, len(scores) + 1)) or not 2 <= len(scores) <= 5:
        raise _refused(
            _("an item needs one choice for each of the scores %(scores)s.")
            % {"scores": scoring.score_range_label()},
            line,
        )
    return anchors


def scale_data(text: str) -> dict:
    """The exchange data of a data dictionary written by `dictionary_rows` (or edited in
    REDCap since): ValidationError with a one-line Danish message when it is not one."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        message = _("The file is not a CSV file REDCap wrote (%(error)s).") % {"error": exc}
        raise _refused(message) from exc
    if not rows or [cell.strip() for cell in rows[0]] != COLUMNS:
        raise _refused(
            _(
                "The file is not a REDCap data dictionary: its first line must be REDCap's 18 "
                "column names."
            )
        )
    fields = [dict(zip(COLUMNS, row, strict=False)) for row in rows[1:] if any(row)]
    meta = None
    sections, subscales, bands = [], [], None
    for line, field in enumerate(fields, start=2):
        variable = field["Variable / Field Name"].strip()
        annotation = field.get("Field Annotation") or ""
        if meta is None:
            meta = _tagged(annotation, SCALE_TAG, line)
        match = ITEM_VARIABLE.match(variable)
        if match and field["Field Type"].strip() == "radio":
            extra = _tagged(annotation, ITEM_TAG, line) or {}
            if not isinstance(extra, dict):
                raise _refused(_("an item's annotation must hold a JSON object."), line)
            number, _dot, name = field["Field Label"].partition(". ")
            if not name or number.strip() != match.group(1):
                name = field["Field Label"]
            header = (field.get("Section Header") or "").strip()
            if header or not sections:
                sections.append({"name": header or _("Items"), "items": []})
            anchors = extra.pop("anchors", None) or _anchors(
                field["Choices, Calculations, OR Slider Labels"], line
            )
            sections[-1]["items"].append(
                {
                    "number": int(match.group(1)),
                    "name": name.strip(),
                    "english_name": (field.get("Field Note") or "").strip(),
                    "definition": extra.pop("definition", "") or name.strip(),
                    "data_sources": extra.pop("data_sources", ""),
                    "guidance": extra.pop("guidance", ""),
                    "anchors": anchors,
                    **({"ladder": extra.pop("ladder")} if "ladder" in extra else {}),
                }
            )
        elif SUBSCALE_VARIABLE.match(variable) and field["Field Type"].strip() == "calc":
            extra = _tagged(annotation, SUBSCALE_TAG, line) or {}
            formula = field["Choices, Calculations, OR Slider Labels"]
            subscales.append(
                {
                    "name": field["Field Label"].strip(),
                    "items": [int(n) for n in FORMULA_ITEM.findall(formula)],
                    "bands": extra.get("bands", []) if isinstance(extra, dict) else extra,
                }
            )
        elif bands is None:
            bands = _tagged(annotation, BANDS_TAG, line)
    if not isinstance(meta, dict):
        raise _refused(
            _(
                "The dictionary holds no scale of IPS Fidelity (the annotation "
                "'ipsfidelity.scale:' of its first field is missing). Export a scale from the "
                "app to see the shape."
            )
        )
    if not sections:
        raise _refused(
            _("The dictionary has no item fields (radio fields named item_1, item_2 …).")
        )
    if bands is None and meta.get("kind") == "checklist":
        bands = []
    data = {"format": FORMAT, **meta, "sections": sections, "bands": bands}
    if subscales:
        data["subscales"] = subscales
    return data


def record_rows(reviews, code) -> list[list]:
    """REDCap records (the flat format) of reviews on versions of scale `code`, with their
    `item_scores` (and `item`) prefetched: the fields of `dictionary_rows` but the
    calculated total, and the form marked complete (2)."""
    numbers = sorted({s.item.number for review in reviews for s in review.item_scores.all()})
    header = [*RECORD_FIELDS, *(f"item_{n}" for n in numbers), f"{form_name(code)}_complete"]
    rows = [header]
    for review in reviews:
        scores = {s.item.number: s.score for s in review.item_scores.all()}
        rows.append(
            [
                review.pk,
                review.site.name,
                review.visit_date.isoformat(),
                review.round,
                *("" if scores.get(n) is None else scores[n] for n in numbers),
                2,
            ]
        )
    return rows
