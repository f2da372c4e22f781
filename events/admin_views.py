"""Admin views for the host's operators and the bureau: the events they run,
each event's registrations (check-in, cancellation) and the attendee export.

An event outside the user's incubators is a 404, never a 403, so operators
cannot probe which events exist elsewhere.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import exports
from events.calendar import with_hosts
from events.models import Registration, RegistrationStatus
from events.registrations import (
    RegistrationRefused,
    cancel,
    check_in,
    events_operated_by,
    undo_check_in,
)


def with_counts(queryset):
    return queryset.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        checked_in_count=Count(
            "registrations",
            filter=Q(registrations__checked_in_at__isnull=False)
            & ~Q(registrations__status=RegistrationStatus.CANCELLED),
        ),
    )


class EventListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/event_list.html"
    page_title = gettext_lazy("Event registrations")
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        when = "past" if self.request.GET.get("when") == "past" else "upcoming"
        events = with_counts(events_operated_by(self.request.user))
        if when == "past":
            events = events.filter(end__lt=now).order_by("-start")
        else:
            events = events.filter(end__gte=now).order_by("start")
        context.update({"events": with_hosts(list(events[:200])), "when": when})
        return context


class EventRegistrationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/registrations.html"
    header_icon = "group"

    def dispatch(self, request, *args, event_id, **kwargs):
        self.event = events_operated_by(request.user).filter(pk=event_id).first()
        if self.event is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Registrations")

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("events_admin:index"), "label": _("Event registrations")},
            {"url": "", "label": self.event.title},
        ]

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export == "csv":
            return exports.csv_response(self.event)
        if export == "xlsx":
            return exports.xlsx_response(self.event)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        registration = get_object_or_404(Registration, pk=request.POST.get("registration"), event=self.event)
        action = request.POST.get("action")
        try:
            if action == "check_in":
                check_in(registration)
                messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
            elif action == "undo_check_in":
                undo_check_in(registration)
                messages.success(request, _("Check-in of %(name)s undone.") % {"name": registration.name})
            elif action == "cancel":
                promoted = cancel(registration, by_operator=True)
                messages.success(
                    request, _("Registration of %(name)s cancelled.") % {"name": registration.name}
                )
                for person in promoted:
                    messages.info(
                        request, _("%(name)s moved up from the waiting list.") % {"name": person.name}
                    )
            else:
                messages.error(request, _("Unknown action."))
        except RegistrationRefused as refusal:
            messages.error(request, refusal.message)
        return redirect(f"{reverse('events_admin:registrations', args=[self.event.pk])}#r{registration.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.event.place_counts()
        registrations = list(
            Registration.objects.filter(event=self.event).order_by("status", "created_at", "pk")
        )
        order = {
            RegistrationStatus.CONFIRMED: 0,
            RegistrationStatus.WAITING: 1,
            RegistrationStatus.CANCELLED: 2,
        }
        registrations.sort(key=lambda r: (order[r.status], r.created_at, r.pk))
        with_hosts([self.event])
        context.update(
            {
                "event": self.event,
                "registrations": registrations,
                "counts": counts,
                "places_left": self.event.places_left(counts["confirmed"]),
                "can_edit": self.event.permissions_for_user(self.request.user).can_edit(),
            }
        )
        return context
