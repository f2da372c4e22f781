"""The one way the project writes CSV and XLSX files for people.

Every export (attendee lists, the annual report, referral measures) builds
rows and hands them here. A cell typed in by a visitor could be read as a
formula by a spreadsheet program (``=HYPERLINK(…)``), so any text cell
starting with ``= + - @``, a tab or a carriage return is written with a
leading apostrophe: shown as typed, never evaluated. Numbers stay numbers.

The one exception is the HSDS data package (``api.hsds.export``): a machine
data set validated with frictionless against Open Referral's descriptor, not
a sheet for people, so its CSV cells are written raw; an apostrophe would
corrupt the data (a phone number starts with ``+``). The README's "Open
data" section says so.
"""

import csv
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """``value`` as a spreadsheet cell that cannot run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if not isinstance(value, str):
        value = str(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Sheet:
    """One table: a title (the XLSX sheet name), a header row and data rows."""

    title: str
    header: list
    rows: list = field(default_factory=list)
    widths: tuple = ()


def csv_bytes(sheet):
    """UTF-8 with a byte-order mark, so spreadsheet programs read Chinese text."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in sheet.header])
    for row in sheet.rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheets, title=""):
    """One workbook, a bold frozen header on each sheet, widths from the
    sheet (or from the longest value)."""
    workbook = Workbook()
    for position, sheet in enumerate(sheets):
        target = workbook.active if position == 0 else workbook.create_sheet()
        target.title = str(sheet.title)[:31]
        target.append([safe_cell(cell) for cell in sheet.header])
        for row in sheet.rows:
            target.append([safe_cell(cell) for cell in row])
        for cell in target[1]:
            cell.font = Font(bold=True)
        target.freeze_panes = "A2"
        for index, column in enumerate(target.columns, start=1):
            if index <= len(sheet.widths):
                width = sheet.widths[index - 1]
            else:
                width = min(40, max(10, max(len(str(c.value or "")) for c in column) * 1.6))
            target.column_dimensions[get_column_letter(index)].width = width
    if title:
        workbook.properties.title = str(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(sheet, filename):
    return _attachment(csv_bytes(sheet), "text/csv; charset=utf-8", filename)


def xlsx_response(sheets, filename, title=""):
    return _attachment(xlsx_bytes(sheets, title), XLSX_CONTENT_TYPE, filename)
