from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from core import access
from matchmaking import admin_views


@hooks.register("register_admin_urls")
def register_matchmaking_urls():
    return [
        path("matchmaking/matches/", admin_views.MatchListView.as_view(), name="matchmaking_matches"),
        path(
            "matchmaking/matches/<int:pk>/", admin_views.MatchDetailView.as_view(), name="matchmaking_match"
        ),
        path(
            "matchmaking/matches/<int:pk>/action/", admin_views.match_action, name="matchmaking_match_action"
        ),
        path("matchmaking/demands/", admin_views.DemandListView.as_view(), name="matchmaking_demands"),
        path(
            "matchmaking/agenda/new/", admin_views.AgendaCreateView.as_view(), name="matchmaking_agenda_new"
        ),
        path("matchmaking/events/", admin_views.EventListView.as_view(), name="matchmaking_events"),
        path(
            "matchmaking/events/<int:event_id>/outcomes/",
            admin_views.EventOutcomesView.as_view(),
            name="matchmaking_event_outcomes",
        ),
    ]


class MatchmakingMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(access.scope(request.user))


class MatchmakingSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return bool(access.scope(request.user))


@hooks.register("register_admin_menu_item")
def register_matchmaking_menu():
    menu = Menu(
        items=[
            MatchmakingMenuItem(_("Matches"), reverse("matchmaking_matches"), icon_name="link", order=1),
            MatchmakingMenuItem(
                _("Technology demands"), reverse("matchmaking_demands"), icon_name="help", order=2
            ),
            MatchmakingMenuItem(
                _("Matchmaking events"), reverse("matchmaking_events"), icon_name="date", order=3
            ),
        ]
    )
    return MatchmakingSubmenu(_("Precise matchmaking"), menu, icon_name="link", order=290)


@hooks.register("construct_homepage_panels")
def add_matchmaking_panel(request, panels):
    if access.scope(request.user):
        panels.append(admin_views.MatchmakingPanel(request.user))
