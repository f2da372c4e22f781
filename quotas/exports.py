"""The annual report as CSV and XLSX, built from the same board as every
other view (quotas.progress.year_board)."""

from django.utils.translation import gettext as _

from core import spreadsheets
from core.spreadsheets import Sheet


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
            f"{m.label} · {_('actual')}",
            f"{m.label} · {_('scheduled')}",
            f"{m.label} · {_('target')}",
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
    """One long table: scope, metric and the board's five numbers."""
    yield [
        _("Year"),
        _("Scope"),
        _("Scope name"),
        _("Metric code"),
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
            "network",
            _("Whole network"),
            m.metric,
            p.target,
            p.actual,
            p.scheduled,
            p.expected_to_date,
            p.status,
        ]
    for m in board.metrics:
        for month in m.months:
            yield [
                board.year,
                "month",
                f"{board.year}-{month['month']:02d}",
                m.metric,
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
                "incubator",
                incubator.title,
                m.metric,
                p.target or "",
                p.actual,
                p.scheduled,
                p.expected_to_date if p.target else "",
                p.status if p.target else "",
            ]
        for district, cells in board.district_rows:
            p = cells[index]
            yield [
                board.year,
                "district",
                district,
                m.metric,
                p.target or "",
                p.actual,
                p.scheduled,
                p.expected_to_date if p.target else "",
                p.status if p.target else "",
            ]


def to_csv(board):
    rows = list(csv_rows(board))
    return spreadsheets.csv_bytes(Sheet("", rows[0], rows[1:]))


def to_xlsx(board):
    sheets = []
    for title, rows in (
        (_("Summary"), summary_rows(board)),
        (_("By month"), month_rows(board)),
        (_("By incubator"), incubator_rows(board)),
    ):
        rows = list(rows)
        sheets.append(Sheet(title, rows[0], rows[1:]))
    return spreadsheets.xlsx_bytes(sheets, title=_("Annual quota report %(year)d") % {"year": board.year})
