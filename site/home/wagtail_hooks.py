from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.inbox import inbox, inbox_heading
from incubators.interest_admin import AwaitingApprovalPanel
from services.admin_views import NewReferralsPanel


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
