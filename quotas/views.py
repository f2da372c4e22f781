"""The public annual report and its exports (the JSON API is ``api.v1.quotas``)."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.years import YEAR_MIN, parse_year
from quotas import exports
from quotas.charts import month_chart
from quotas.progress import year_board


def _board_or_404(year):
    if parse_year(year) is None:
        raise Http404
    return year_board(int(year))


def report_years(today):
    """The years offered in the report's year switcher."""
    return list(range(today.year + 1, max(YEAR_MIN, today.year - 4) - 1, -1))


def board_context(board):
    return {
        "board": board,
        "sections": [{"metric": m, "progress": m.progress, "chart": month_chart(m)} for m in board.metrics],
        "years": report_years(board.today),
    }


@require_GET
def report_current(request):
    return redirect("quota_report", year=timezone.localdate().year)


@require_GET
def report(request, year):
    board = _board_or_404(year)
    context = board_context(board)
    context["page_title"] = _("Annual quota report %(year)d") % {"year": board.year}
    return TemplateResponse(request, "quotas/annual_report.html", context)


@require_GET
def report_csv(request, year):
    board = _board_or_404(year)
    response = HttpResponse(exports.to_csv(board), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quotas-{board.year}.csv"'
    return response


@require_GET
def report_xlsx(request, year):
    board = _board_or_404(year)
    response = HttpResponse(
        exports.to_xlsx(board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="quotas-{board.year}.xlsx"'
    return response
