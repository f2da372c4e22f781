from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import access
from quotas.admin_views import (
    DrillDownView,
    QuotaBoardPanel,
    QuotaBoardView,
    QuotaTargetViewSet,
)
from quotas.progress import year_board


@hooks.register("register_admin_urls")
def register_quota_board_urls():
    return [
        path("quota-board/", QuotaBoardView.as_view(), name="quota_board"),
        path("quota-board/<int:year>/<str:metric>/", DrillDownView.as_view(), name="quota_drilldown"),
    ]


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return access.scope(request.user)


@hooks.register("register_admin_menu_item")
def register_quota_board_menu_item():
    return BoardMenuItem(_("Quota board"), reverse("quota_board"), icon_name="table", order=300)


@hooks.register("register_admin_viewset")
def register_quota_target_viewset():
    return QuotaTargetViewSet()


@hooks.register("construct_homepage_panels")
def add_quota_board_panel(request, panels):
    if access.scope(request.user):
        board = year_board(timezone.localdate().year)
        panels.append(QuotaBoardPanel(board, access.scope(request.user)))
