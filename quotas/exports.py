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
