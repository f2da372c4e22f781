"""The quota board in the Wagtail admin: the dashboard panel, the board with
its drill-down to the records behind each number, and the bureau's target
editor. Registered in quotas.wagtail_hooks; every number comes from
quotas.progress."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from core import access
from core.years import parse_year, selected_year
from matchmaking.loop import outcomes_by_event
from quotas.charts import month_chart
from quotas.models import Metric, QuotaTarget
from quotas.progress import year_board
from quotas.views import report_years


class BoardAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.scope(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QuotaBoardView(BoardAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "quotas/admin/board.html"
    header_icon = "table"
    page_title = gettext_lazy("Quota board")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = year_board(selected_year(self.request))
        mine = access.scope(self.request.user)
        context.update(
            {
                "board": board,
                "sections": [
                    {"metric": m, "progress": m.progress, "chart": month_chart(m)} for m in board.metrics
                ],
                "years": report_years(board.today),
                "own_ids": mine.ids,
                "is_bureau": mine.everything,
                "targets_url": reverse("quota_targets:index") + f"?year={board.year}",
            }
        )
        return context


class DrillDownView(BoardAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The records behind one number of the board. Operators see the records
    of their own incubators (the totals stay network-wide); the bureau sees
    every record, private projects included."""

    template_name = "quotas/admin/drilldown.html"
    header_icon = "list-ul"

    def get_page_title(self):
        return _("%(metric)s in %(year)d") % {"metric": Metric(self.metric).label, "year": self.year}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("quota_board") + f"?year={self.year}", "label": _("Quota board")},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, year, metric):
        if metric not in Metric.values or parse_year(year) is None:
            raise Http404
        self.year, self.metric = int(year), metric
        return super().dispatch(request, year, metric)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = year_board(self.year)
        metric_board = board.metric(self.metric)
        names = {incubator.pk: incubator for incubator in board.incubators}
        mine = access.scope(self.request.user)
        records = metric_board.records
        records = [r for r in records if r.incubator_id in mine]
        chosen = self.request.GET.get("incubator")
        if chosen and chosen.isdigit():
            records = [r for r in records if r.incubator_id == int(chosen)]
        show = self.request.GET.get("show")
        if show == "held":
            records = [r for r in records if not r.scheduled]
        elif show == "scheduled":
            records = [r for r in records if r.scheduled]
        for record in records:
            record.incubator = names.get(record.incubator_id)
        if self.metric == Metric.MATCHMAKING_EVENTS:
            # Issue 14: the outcomes recorded for each event's matched pairs.
            outcomes = outcomes_by_event([r.page_id for r in records if r.page_id])
            for record in records:
                record.outcomes = outcomes.get(record.page_id, [])
        context.update(
            {
                "board": board,
                "metric": metric_board,
                "progress": metric_board.progress,
                "records": records,
                "incubators": [i for i in board.incubators if i.pk in mine],
                "chosen": int(chosen) if chosen and chosen.isdigit() else None,
                "show": show or "",
                "is_filtered_to_own": not mine.everything,
                "board_url": reverse("quota_board") + f"?year={self.year}",
            }
        )
        return context


class QuotaBoardPanel(Component):
    """Dashboard: this year's quotas, pace and status; operators also see
    their own incubators' rows."""

    name = "quota_board"
    order = 40
    template_name = "quotas/admin/board_panel.html"

    def __init__(self, board, scope):
        self.board = board
        self.scope = scope

    def get_context_data(self, parent_context):
        own_rows = []
        if not self.scope.everything:
            labels = [m.label for m in self.board.metrics]
            own_rows = [
                (i, list(zip(labels, cells, strict=True)))
                for i, cells in self.board.incubator_rows
                if i.pk in self.scope
            ]
        return {
            "board": self.board,
            "own_rows": own_rows,
            "board_url": reverse("quota_board"),
        }


class QuotaTargetViewSet(ModelViewSet):
    """Targets: the bureau's alone (model permissions in app "quotas", which
    operators do not hold)."""

    model = QuotaTarget
    name = "quota_targets"
    icon = "pick"
    add_to_admin_menu = True
    menu_label = gettext_lazy("Quota targets")
    menu_order = 310
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["year", "metric"]
    list_display = [
        "year",
        Column("get_metric_display", label=gettext_lazy("Metric"), sort_key="metric"),
        Column("scope_label", label=gettext_lazy("Scope")),
        "target",
        "note",
    ]
    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("metric"), FieldPanel("target")]),
        FieldRowPanel([FieldPanel("district"), FieldPanel("incubator")]),
        FieldPanel("note"),
    ]
