"""The annual report as CSV and XLSX, built from the same board as every
other view (quotas.progress.year_board)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def summary_rows(board):
    yield [
        _("Metric code"),
        _("Metric"),
        _("Target"),
        _("Actual"),
        _("Scheduled"),
        _("Expected to date"),
        _("Status"),
    ]
    for m in board.metrics:
        p = m.progress
        yield [
            m.metric,
            str(m.label),
            p.target,
            p.actual,
            p.scheduled,
            p.expected_to_date,
            str(p.status_label),
        ]


def month_rows(board):
    yield [
        _("Metric code"),
        _("Metric"),
        _("Month"),
        _("Actual"),
        _("Scheduled"),
        _("Running total"),
        _("Expected by month end"),
    ]
    for m in board.metrics:
        for month in m.months:
            yield [
                m.metric,
                str(m.label),
                f"{board.year}-{month['month']:02d}",
                month["actual"],
                month["scheduled"],
                month["cumulative"],
                month["expected"],
            ]


def incubator_rows(board):
    header = [_("Incubator"), _("District")]
    for m in board.metrics:
        header += [
            _("%(metric)s · actual") % {"metric": m.label},
            _("%(metric)s · scheduled") % {"metric": m.label},
            _("%(metric)s · target") % {"metric": m.label},
        ]
    yield header
    for incubator, cells in board.incubator_rows:
        row = [incubator.title, incubator.district]
        for cell in cells:
            row += [cell.actual, cell.scheduled, cell.target or ""]
        yield row
    for district, cells in board.district_rows:
        row = ["", district]
        for cell in cells:
            row += [cell.actual, cell.scheduled, cell.target or ""]
        yield row


def csv_rows(board):
    """One long table: scope, metric and the board's five numbers, in the
    reader's language (the metric's code stays beside its name for
    spreadsheets that join on it; the API keeps the codes)."""
    scopes = {
        "network": _("Whole network"),
        "month": _("Month"),
        "incubator": _("Incubator"),
        "district": _("District"),
    }
    yield [
        _("Year"),
        _("Scope"),
        _("Scope name"),
        _("Metric code"),
        _("Metric"),
        _("Target"),
        _("Actual"),
        _("Scheduled"),
        _("Expected to date"),
        _("Status"),
    ]
    for m in board.metrics:
        p = m.progress
        yield [
            board.year,
            scopes["network"],
            _("Whole network"),
            m.metric,
            str(m.label),
            p.target,
            p.actual,
            p.scheduled,
            p.expected_to_date,
            str(p.status_label),
        ]
    for m in board.metrics:
        for month in m.months:
            yield [
                board.year,
                scopes["month"],
                f"{board.year}-{month['month']:02d}",
                m.metric,
                str(m.label),
                "",
                month["actual"],
                month["scheduled"],
                month["expected"],
                "",
            ]
    for index, m in enumerate(board.metrics):
        for incubator, cells in board.incubator_rows:
            p = cells[index]
            yield [
                board.year,
                scopes["incubator"],
                incubator.title,
                m.metric,
                str(m.label),
                p.target or "",
                p.actual,
                p.scheduled,
                p.expected_to_date if p.target else "",
                str(p.status_label) if p.target else "",
            ]
        for district, cells in board.district_rows:
            p = cells[index]
            yield [
                board.year,
                scopes["district"],
                district,
                m.metric,
                str(m.label),
                p.target or "",
                p.actual,
                p.scheduled,
                p.expected_to_date if p.target else "",
                str(p.status_label) if p.target else "",
            ]


def to_csv(board):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read the Chinese names as UTF-8
    writer = csv.writer(buffer)
    for row in csv_rows(board):
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def _sheet(workbook, title, rows, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(40, max(10, width * 1.6))
    return sheet


def to_xlsx(board):
    workbook = Workbook()
    _sheet(workbook, _("Summary"), summary_rows(board), first=True)
    _sheet(workbook, _("By month"), month_rows(board))
    _sheet(workbook, _("By incubator"), incubator_rows(board))
    workbook.properties.title = _("Annual quota report %(year)d") % {"year": board.year}
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
