"""CSV and XLSX downloads, safe to open in a spreadsheet (Danish Excel: semicolons, a BOM)."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

# A CSV cell starting with one of these is a formula to a spreadsheet: a leading apostrophe
# turns it back into text. An XLSX cell stored as a string is never a formula, so the XLSX
# files store text as text and need no apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralize(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(value, float | Decimal):
        # Danish Excel reads 0,601 as a number and 0.601 as text (or a date).
        return str(value).replace(".", ",")
    return neutralize(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Semicolon-separated UTF-8 with a byte-order mark, as Danish Excel expects."""
    writer = csv.writer(_Echo(), delimiter=";")

    def stream():
        yield "\ufeff"
        yield writer.writerow([neutralize(v) for v in header])
        for row in rows:
            yield writer.writerow([_csv_value(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _timezone_naive(value):
    """A spreadsheet has no time zones: an aware time as the local wall-clock time."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_response(filename, header, rows):
    return workbook_response(filename, [(_("Data"), header, rows)])


# XLSX column widths, in characters: wide enough for the longest value, within reason.
MIN_WIDTH, MAX_WIDTH = 6, 60
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"


def _xlsx_cell(sheet, value):
    """Text as text (a string cell, never a formula), dates as dates."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    return max((len(line) for line in str(value).splitlines()), default=0)


def workbook_response(filename, sheets):
    """An XLSX file with one sheet per (title, header, rows), its columns as wide as their
    values (reads every row first)."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        header = [str(v) for v in header]
        rows = [[_timezone_naive(v) for v in row] for row in rows]
        sheet = workbook.create_sheet(title=str(title)[:31])
        for index, name in enumerate(header, start=1):
            width = max(
                [_width(name), *(_width(row[index - 1]) for row in rows if index <= len(row))]
            )
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.append([_xlsx_cell(sheet, v) for v in header])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
