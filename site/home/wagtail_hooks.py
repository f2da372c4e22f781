from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.admin_views import TaskReportView, may_view_tasks


@hooks.register("register_admin_urls")
def register_task_report_url():
    return [path("background-tasks/", TaskReportView.as_view(), name="background_tasks")]


class TaskMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_tasks(request.user)


@hooks.register("register_reports_menu_item")
def register_task_report_menu_item():
    return TaskMenuItem(_("Background tasks"), reverse("background_tasks"), icon_name="cogs", order=900)
