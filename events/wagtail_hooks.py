from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from events import admin_views
from events.models import EventPage
from events.registrations import events_operated_by, fill_places

admin_urls = (
    [
        path("", admin_views.EventListView.as_view(), name="index"),
        path("<int:event_id>/", admin_views.EventRegistrationsView.as_view(), name="registrations"),
    ],
    "events_admin",
)


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [path("event-registrations/", include(admin_urls))]


class OperatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return events_operated_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return OperatorsMenuItem(
        _("Event registrations"), reverse("events_admin:index"), icon_name="date", order=250
    )


def _registrations_button(page, user, priority):
    specific = page.specific_deferred
    if not isinstance(specific, EventPage):
        return None
    if not events_operated_by(user).filter(pk=page.pk).exists():
        return None
    return Button(
        _("Registrations"),
        reverse("events_admin:registrations", args=[page.pk]),
        icon_name="group",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def registrations_header_button(page, user, view_name, next_url=None):
    button = _registrations_button(page, user, priority=12)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def registrations_listing_button(page, user, next_url=None):
    button = _registrations_button(page, user, priority=5)
    if button:
        yield button


@hooks.register("after_publish_page")
def move_up_after_capacity_change(request, page):
    """A raised capacity (or a removed limit) frees places at once."""
    if isinstance(page.specific_deferred, EventPage):
        fill_places(page.specific)
