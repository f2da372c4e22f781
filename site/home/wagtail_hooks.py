from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from achievements.interest_admin import AwaitingApprovalPanel
from achievements.models import AchievementPage, ProjectPage
from core.access import is_bureau
from events.models import EventPage
from home.admin_views import TaskReportView
from home.inbox import inbox, inbox_heading
from incubators.models import IncubatorPage
from services.admin_views import NewReferralsPanel
from services.models import ServicePage


@hooks.register("register_admin_urls")
def register_task_report_url():
    return [path("background-tasks/", TaskReportView.as_view(), name="background_tasks")]


class TaskMenuItem(MenuItem):
    def is_shown(self, request):
        return is_bureau(request.user)


@hooks.register("register_reports_menu_item")
def register_task_report_menu_item():
    return TaskMenuItem(_("Background tasks"), reverse("background_tasks"), icon_name="cogs", order=900)


# An incubator's children, one listing per kind: Wagtail's explorer filtered
# by page type (its own "Page type" filter, ?content_type=).
CHILD_LISTINGS = [
    (ServicePage, _("Services only"), "cog"),
    (EventPage, _("Events only"), "date"),
    (AchievementPage, _("Achievements only"), "pick"),
    (ProjectPage, _("Incubated projects only"), "group"),
]


class InboxPanel(Component):
    """Dashboard: the one list of what waits for the user (home.inbox)."""

    name = "inbox"
    order = 5  # first: it is what an operator has to act on
    template_name = "home/admin/inbox_panel.html"

    def __init__(self, lines):
        self.lines = lines

    def get_context_data(self, parent_context):
        return {"lines": self.lines, "heading": inbox_heading()}


# Runs after the domains' hooks: the inbox replaces their separate panels
# (new referrals; achievements awaiting approval and new interest).
@hooks.register("construct_homepage_panels", order=100)
def add_inbox_panel(request, panels):
    lines = inbox(request.user)
    if not lines:
        return
    panels[:] = [
        panel for panel in panels if not isinstance(panel, (NewReferralsPanel, AwaitingApprovalPanel))
    ]
    panels.insert(0, InboxPanel(lines))


@hooks.register("register_page_header_buttons")
def child_listings_by_type(page, user, view_name, next_url=None):
    if view_name != "index" or page.specific_class is not IncubatorPage:
        return
    explore = reverse("wagtailadmin_explore", args=[page.pk])
    for priority, (model, label, icon) in enumerate(CHILD_LISTINGS, start=80):
        content_type = ContentType.objects.get_for_model(model)
        yield Button(label, f"{explore}?content_type={content_type.pk}", icon_name=icon, priority=priority)
