"""The matchmaking in the Wagtail admin: matches (dismiss, propose a
meeting), demands awaiting review, the bureau's agenda builder and the
outcome record of matchmaking events. Registered in
matchmaking.wagtail_hooks; every rule is in matchmaking.loop /
matchmaking.demands."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from core import access
from events.models import EventPage
from matchmaking import loop
from matchmaking.demands import (
    demands_visible_to,
    may_see_contacts,
    outcomes_of,
    reviewable_demands,
)
from matchmaking.forms import AgendaForm, MatchActionForm, OutcomeForm
from matchmaking.listing import solved_demand_ids
from matchmaking.models import AgendaItem, DemandPage, Match, MatchStatus, NeedType

PAGE_SIZE = 50


class MatchmakingAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.scope(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminPage(MatchmakingAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class MatchListView(AdminPage):
    template_name = "matchmaking/admin/match_list.html"
    header_icon = "link"
    page_title = gettext_lazy("Matches")

    STATUS_FILTERS = {
        "": (MatchStatus.SUGGESTED, MatchStatus.PROPOSED),
        "suggested": (MatchStatus.SUGGESTED,),
        "proposed": (MatchStatus.PROPOSED,),
        "dismissed": (MatchStatus.DISMISSED,),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        need_type = self.request.GET.get("need", "")
        matches = loop.matches_visible_to(self.request.user).filter(
            status__in=self.STATUS_FILTERS.get(status, self.STATUS_FILTERS[""])
        )
        if need_type in NeedType.values:
            matches = matches.filter(need_type=need_type)
        paginator = Paginator(matches.order_by("-score", "pk"), PAGE_SIZE)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        context.update(
            {
                "matches": loop.attach_pages(list(page_obj.object_list)),
                "page_obj": page_obj,
                "status": status,
                "need_type": need_type,
                "statuses": [("", _("Open")), *MatchStatus.choices],
                "need_types": [("", _("All")), *NeedType.choices],
                "may_plan": access.is_bureau(self.request.user),
                "action_form": MatchActionForm(),
            }
        )
        return context


def outcomes_with_titles(page):
    """``outcomes_of(page)`` (the agenda items it was part of, with a recorded
    outcome), each with its need's and offer's titles."""
    items = list(outcomes_of(page)) if page is not None else []
    ids = {item.need_id for item in items} | {item.offer_id for item in items}
    titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    for item in items:
        item.need_title = titles.get(item.need_id, "")
        item.offer_title = titles.get(item.offer_id, "")
    return items


class MatchDetailView(AdminPage):
    template_name = "matchmaking/admin/match_detail.html"
    header_icon = "link"

    def get_page_title(self):
        return _("Match")

    def dispatch(self, request, pk):
        self.match = get_object_or_404(Match, pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        if not loop.may_act(self.request.user, self.match):
            raise Http404
        context = super().get_context_data(**kwargs)
        match = loop.attach_pages([self.match])[0]
        demand = match.need_page if isinstance(match.need_page, DemandPage) else None
        context.update(
            {
                "match": match,
                "demand": demand,
                "show_contacts": demand is not None and may_see_contacts(self.request.user, demand),
                "need_outcomes": outcomes_with_titles(match.need_page),
                "offer_outcomes": outcomes_with_titles(match.offer_page),
                "action_form": MatchActionForm(),
            }
        )
        return context


def _back(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def match_action(request, pk):
    if request.method != "POST":
        raise Http404
    if not access.scope(request.user):
        raise PermissionDenied
    match = get_object_or_404(Match, pk=pk)
    if not loop.may_act(request.user, match):
        raise Http404
    form = MatchActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return _back(request, reverse("matchmaking_matches"))
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    {"dismiss": loop.dismiss, "propose": loop.propose_meeting, "restore": loop.restore}[action](
        match, request.user, note
    )
    messages.success(
        request,
        {
            "dismiss": _("The match was dismissed; similar matches will rank lower."),
            "propose": _("A meeting was proposed; both incubators see it in their matches."),
            "restore": _("The match was restored."),
        }[action],
    )
    return _back(request, reverse("matchmaking_matches"))


class DemandListView(AdminPage):
    template_name = "matchmaking/admin/demand_list.html"
    header_icon = "help"
    page_title = gettext_lazy("Technology demands")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        awaiting = list(reviewable_demands(user))
        others = (
            demands_visible_to(user).exclude(pk__in=[d.pk for d in awaiting]).order_by("-deadline", "-pk")
        )
        solved = solved_demand_ids()
        page_obj = Paginator(others, PAGE_SIZE).get_page(self.request.GET.get("p"))
        for demand in page_obj.object_list:
            demand.is_solved = demand.pk in solved
        context.update(
            {
                "awaiting": awaiting,
                "demands": page_obj.object_list,
                "page_obj": page_obj,
                "today": timezone.localdate(),
            }
        )
        return context


class AgendaCreateView(AdminPage):
    template_name = "matchmaking/admin/agenda_form.html"
    header_icon = "date"
    page_title = gettext_lazy("New matchmaking event")

    def dispatch(self, request, *args, **kwargs):
        if not access.is_bureau(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def candidates(self):
        return Match.objects.exclude(status=MatchStatus.DISMISSED).order_by("-score")

    def get_form(self):
        if self.request.method == "POST":
            return AgendaForm(self.request.POST, matches=self.candidates())
        start, end = loop.default_event_times()
        chosen = [pk for pk in self.request.GET.getlist("match") if pk.isdigit()]
        return AgendaForm(
            initial={"matches": chosen, "start": start, "end": end, "title": _("Technology matchmaking")},
            matches=self.candidates(),
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form = form or self.get_form()
        chosen = form["matches"].value() or []
        selected = self.candidates().filter(pk__in=[int(pk) for pk in chosen if str(pk).isdigit()])
        context.update({"form": form, "selected": loop.attach_pages(list(selected))})
        return context

    def post(self, request):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        event = loop.create_matchmaking_event(
            request.user,
            data["matches"],
            host=data["host"],
            title=data["title"],
            start=data["start"],
            end=data["end"],
            place=data["place"],
        )
        messages.success(
            request, _("Draft matchmaking event created with %(n)d pairs.") % {"n": len(data["matches"])}
        )
        return redirect("wagtailadmin_pages:edit", event.pk)


class EventListView(AdminPage):
    template_name = "matchmaking/admin/event_list.html"
    header_icon = "date"
    page_title = gettext_lazy("Matchmaking events")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = loop.events_with_agenda(self.request.user)
        return context


class EventOutcomesView(AdminPage):
    template_name = "matchmaking/admin/event_outcomes.html"
    header_icon = "date"

    def get_page_title(self):
        return _("Outcomes: %(event)s") % {"event": self.event.title}

    def dispatch(self, request, event_id):
        self.event = get_object_or_404(EventPage, pk=event_id)
        if access.scope(request.user) and not loop.may_record(request.user, self.event):
            raise Http404
        return super().dispatch(request, event_id)

    def forms(self, data=None):
        items = loop.agenda_of(self.event)
        for item in items:
            initial = {"outcome": item.outcome, "contract_value": item.contract_value, "note": item.note}
            item.form = OutcomeForm(data, prefix=f"item-{item.pk}", initial=initial)
        return items

    def get_context_data(self, items=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"event": self.event, "items": items if items is not None else self.forms()})
        return context

    def post(self, request, event_id):
        items = self.forms(request.POST)
        if not all(item.form.is_valid() for item in items):
            return self.render_to_response(self.get_context_data(items=items), status=400)
        for item in items:
            data = item.form.cleaned_data
            if (data["outcome"], data["contract_value"], data["note"]) != (
                item.outcome,
                item.contract_value,
                item.note,
            ):
                loop.record_outcome(
                    AgendaItem.objects.get(pk=item.pk),
                    request.user,
                    outcome=data["outcome"],
                    contract_value=data["contract_value"],
                    note=data["note"],
                )
        messages.success(request, _("Outcomes saved."))
        return redirect("matchmaking_event_outcomes", self.event.pk)


class MatchmakingPanel(Component):
    """Dashboard: demands waiting for the user's review, open matches of its
    incubators."""

    name = "matchmaking"
    order = 45
    template_name = "matchmaking/admin/panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {
            "awaiting": reviewable_demands(self.user).count(),
            "open_matches": loop.matches_visible_to(self.user).filter(status=MatchStatus.SUGGESTED).count(),
            "demands_url": reverse("matchmaking_demands"),
            "matches_url": reverse("matchmaking_matches"),
        }
