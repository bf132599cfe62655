"""Outcomes from a CSV file: the template, reading it, and every error by row and column.

The format is fixed (Danish column names, whatever the language of the page), so a file
written for one user reads the same for every other. Semicolon-separated as Danish Excel
saves it (a comma is accepted too), UTF-8 with or without BOM, or Windows-1252. One row is
one period of one site; a row whose site already has that period replaces its figures.
A file with any error saves nothing: `read_csv` collects every error first.
"""

import csv
import io
import re
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from outcomes.forms import parse_quarter
from outcomes.models import OutcomePeriod
from outcomes.rates import count_errors

MAX_BYTES = 2_000_000
MAX_ROWS = 2000
# (column name in the file, model field); the order is the template's.
COLUMNS = [
    ("sted", "site"),
    ("kvartal", "quarter"),
    ("fra", "start"),
    ("til", "end"),
    ("kandidater i forløb", "candidates_in_course"),
    ("nye kandidater", "new_candidates"),
    ("afsluttede forløb", "closed_courses"),
    ("heraf ordinært job", "closed_ordinary_job"),
    ("heraf fleksjob", "closed_flexjob"),
    ("heraf uddannelse", "closed_education"),
    ("i job eller uddannelse", "in_job_or_education"),
    ("dage til job eller uddannelse", "days_to_job_or_education"),
    ("IPS-medarbejdere", "staff_people"),
    ("IPS-årsværk", "staff_fte"),
    ("mål: kandidater i forløb", "target_candidates"),
    ("mål: i job eller uddannelse", "target_in_job_or_education"),
    ("mål: andel i job eller uddannelse (%)", "target_rate"),
    ("mål: IPS-medarbejdere", "target_staff"),
    ("kilde", "source"),
]
FIELD_OF = {name.casefold(): model_field for name, model_field in COLUMNS}
COLUMN_OF = {model_field: name for name, model_field in COLUMNS}
PERIOD_FIELDS = ("quarter", "start", "end")
DECIMAL_FIELDS = {"staff_fte"}
THOUSANDS = re.compile(r"^\d{1,3}([. ]\d{3})+$")


@dataclass
class ImportRow:
    line: int
    site: object
    values: dict
    existing: OutcomePeriod | None = None

    @property
    def period(self) -> OutcomePeriod:
        """The period as it will be after the import (unsaved)."""
        period = copy(self.existing) if self.existing is not None else OutcomePeriod(site=self.site)
        for name, value in self.values.items():
            setattr(period, name, value)
        return period

    def changes(self) -> list[tuple[str, object, object]]:
        """(field label, value before, value after) for each figure the row gives that
        differs from what is stored; for a new period, every figure it gives."""
        changes = []
        for name, value in self.values.items():
            if name in ("start", "end"):
                continue
            before = getattr(self.existing, name) if self.existing is not None else None
            if self.existing is None and value in (None, ""):
                continue
            if before != value:
                label = OutcomePeriod._meta.get_field(name).verbose_name
                changes.append((str(label).capitalize(), before, value))
        return changes


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0

    def seen_versions(self) -> dict[str, int | None]:
        """Each row's stored period as the preview showed it: its version, or None if new."""
        return {
            str(row.line): row.existing.version if row.existing is not None else None
            for row in self.rows
        }

    def changed_since(self, seen: dict) -> list[ImportRow]:
        """The rows whose stored period is not as the preview showed it."""
        return [
            row
            for row in self.rows
            if seen.get(str(row.line), "missing")
            != (row.existing.version if row.existing is not None else None)
        ]


def template_csv(site_names) -> str:
    """The header and one row per site, the site already filled in (Excel reads the BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS])
    for name in site_names:
        writer.writerow([name] + [""] * (len(COLUMNS) - 1))
    return "\ufeff" + out.getvalue()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Danish Excel on Windows saves "CSV (semikolonsepareret)" in Windows-1252.
        return data.decode("cp1252", errors="replace")


def _date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("is not a date; write e.g. 31.12.2024 or 2024-12-31"))


def _within_column(model_field: str, value):
    """The value as its model field takes it (its validators: the column's range, the date
    window), or ValueError with the field's own Danish message."""
    try:
        OutcomePeriod._meta.get_field(model_field).run_validators(value)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages).rstrip(".")) from None
    return value


def _number(text: str, model_field: str):
    if model_field in DECIMAL_FIELDS:
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("is not a number; write e.g. 7,5")) from None
        if not value.is_finite() or value < 0 or value >= 10_000:
            raise ValueError(_("must be a number from 0 to 9999"))
        value = value.quantize(Decimal("0.01"))
        if value >= 10_000:  # 9999,999 rounds to 10.000,00
            raise ValueError(_("must be a number from 0 to 9999"))
        return value
    if THOUSANDS.match(text):
        text = text.replace(".", "").replace(" ", "")
    if not text.isdigit():
        raise ValueError(_("must be a whole number of 0 or more"))
    if len(text) > 9:  # never read a number of thousands of digits
        raise ValueError(_("is too large"))
    value = int(text)
    if value > 1_000_000:
        raise ValueError(_("is too large"))
    return value


def _cell_error(line, column, message):
    return _("Row %(line)s, column “%(column)s”: %(message)s") % {
        "line": line,
        "column": column,
        "message": message,
    }


def _read_values(line, raw: dict, errors) -> dict:
    values = {}
    for model_field, text in raw.items():
        text = text.strip()
        if "\x00" in text:
            errors.append(_cell_error(line, COLUMN_OF[model_field], _("contains a NUL character")))
            continue
        if model_field in ("site", "quarter"):
            values[model_field] = text
            continue
        if not text:
            # An empty cell clears the figure: it was not reported.
            values[model_field] = "" if model_field == "source" else None
            continue
        try:
            if model_field in ("start", "end"):
                values[model_field] = _within_column(model_field, _date(text))
            elif model_field == "source":
                if len(text) > 300:
                    raise ValueError(_("may have at most 300 characters"))
                values[model_field] = text
            else:
                values[model_field] = _number(text, model_field)
        except ValueError as exc:
            errors.append(_cell_error(line, COLUMN_OF[model_field], str(exc)))
    return values


def _period(line, values, errors):
    quarter = values.pop("quarter", "")
    if quarter:
        bounds = parse_quarter(quarter)
        if bounds is None:
            errors.append(_cell_error(line, "kvartal", _("write the quarter as e.g. 2024-K2")))
            return False
        for model_field in ("start", "end"):
            try:
                _within_column(model_field, bounds[0 if model_field == "start" else 1])
            except ValueError as exc:
                errors.append(_cell_error(line, "kvartal", str(exc)))
                return False
        given = (values.get("start"), values.get("end"))
        if any(given) and given != bounds:
            errors.append(
                _("Row %(line)s: the dates do not match the quarter %(quarter)s.")
                % {"line": line, "quarter": quarter}
            )
            return False
        values["start"], values["end"] = bounds
        return True
    if not values.get("start") or not values.get("end"):
        errors.append(
            _("Row %(line)s: give the quarter, or both “fra” and “til”.") % {"line": line}
        )
        return False
    return True


def read_csv(data: bytes, *, allowed_sites, all_sites) -> ImportResult:
    """Every row of the file checked; `result.errors` lists what is wrong, row by row.

    `allowed_sites`: the sites the user may enter outcomes for; `all_sites` tells an
    unknown site from one the user may not enter figures for.
    """
    result = ImportResult()
    if len(data) > MAX_BYTES:
        result.errors.append(_("The file is larger than 2 MB."))
        return result
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line or "," not in first_line else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _read_rows(reader, result, allowed_sites=allowed_sites, all_sites=all_sites)
    except csv.Error:
        result.errors.append(
            _("The file is not a CSV file the app can read (line %(line)s).")
            % {"line": reader.line_num}
        )
        result.rows = []
        return result


def _read_rows(reader, result, *, allowed_sites, all_sites) -> ImportResult:
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        result.errors.append(_("The file is empty. Use the template."))
        return result
    columns = []
    for cell in header:
        name = cell.strip().casefold()
        if name and name not in FIELD_OF:
            result.errors.append(
                _("Unknown column “%(column)s”. Use the column names of the template.")
                % {"column": cell.strip()}
            )
        columns.append(FIELD_OF.get(name))
    if "site" not in columns:
        result.errors.append(_("The column “sted” is missing."))
    if result.errors:
        return result

    allowed = {site.name.casefold(): site for site in allowed_sites}
    known = {name.casefold() for name in all_sites.values_list("name", flat=True)}
    existing = {
        (p.site_id, p.start, p.end): p for p in OutcomePeriod.objects.filter(site__in=allowed_sites)
    }
    seen = {}
    for line, cells in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            result.errors.append(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            break
        raw = {col: cell for col, cell in zip(columns, cells, strict=False) if col}
        if not any(cell.strip() for col, cell in raw.items() if col != "site"):
            result.skipped += 1
            continue
        if len(cells) > len(columns):
            result.errors.append(_("Row %(line)s has more cells than the header.") % {"line": line})
            continue
        errors = []
        values = _read_values(line, raw, errors)
        name = values.pop("site", "")
        site = allowed.get(name.casefold())
        if site is None:
            message = (
                _("you may not enter outcomes for %(site)s")
                if name.casefold() in known
                else _("no site is called “%(site)s”")
            )
            errors.append(_cell_error(line, "sted", message % {"site": name}))
        period_ok = _period(line, values, errors)
        if site and period_ok and not errors:
            key = (site.pk, values["start"], values["end"])
            period = copy(existing[key]) if key in existing else OutcomePeriod(site=site)
            for model_field, value in values.items():
                setattr(period, model_field, value)
            for model_field, messages in count_errors(period).items():
                for message in messages:
                    errors.append(_cell_error(line, COLUMN_OF[model_field], message))
            if key in seen:
                errors.append(
                    _("Row %(line)s: the same site and period as row %(other)s.")
                    % {"line": line, "other": seen[key]}
                )
            seen[key] = line
            if not errors:
                result.rows.append(ImportRow(line, site, values, existing.get(key)))
        result.errors.extend(errors)
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no rows with figures."))
    return result
