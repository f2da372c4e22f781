"""Public views: registering on an event page, the private registration
link, and the iCalendar feeds."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.abuse import HONEYPOT_FIELD, admit
from events import ical
from events.calendar import feed_events, with_hosts
from events.forms import RegistrationForm
from events.models import EventKind, EventPage, OutcomeKind, Registration
from events.registrations import (
    RegistrationRefused,
    cancel,
    place_counts,
    places_left,
    register,
    waiting_position,
)


def event_page_context(page, request, form=None, now=None):
    now = now or timezone.now()
    with_hosts([page])
    counts = place_counts(page)
    context = {
        "host": page.host,
        "co_hosts": list(page.co_hosts.live().order_by("title")),
        "counts": counts,
        "places_left": places_left(page, counts["confirmed"]),
        "accepts_registrations": page.accepts_registrations(now),
        "is_past": page.end < now,
        "form": form or RegistrationForm(),
    }
    if page.kind == EventKind.MATCHMAKING:
        outcomes = list(page.outcomes.all())
        context["outcomes"] = outcomes
        context["agreements"] = sum(1 for o in outcomes if o.kind == OutcomeKind.AGREEMENT)
    return context


def _no_store(response):
    """The private registration pages: not cached, not indexed, and the token
    never leaves the site in a Referer header. ``same-origin`` rather than
    ``no-referrer``: under ``no-referrer`` a browser sends ``Origin: null``
    with the page's own cancel form, and Django's CSRF check refuses it."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def register_view(request, page):
    """POST on a live event page (unpublished pages are never routed)."""
    form = RegistrationForm(request.POST)
    status = 200
    if form.is_spam:
        form.is_valid()
        form.add_error(None, _("Your request could not be accepted. Please try again."))
        status = 400
    elif form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != HONEYPOT_FIELD}
        refusal = admit(request, "event-registration", contacts=(data["phone"], data["email"]))
        if refusal:
            form.add_error(None, refusal)
            status = 429
        else:
            try:
                registration = register(page, **data, language=get_language())
            except RegistrationRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect("events:registration", registration.token)
    context = page.get_context(request, form=form)
    return TemplateResponse(request, page.get_template(request), context, status=status)


@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    registration = get_object_or_404(Registration.objects.select_related("event"), token=token)
    event = registration.event
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            cancel(registration)  # the promoted people are mailed; nothing to show here
        except RegistrationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return _no_store(redirect("events:registration", token))
    with_hosts([event])
    context = {
        "registration": registration,
        "event": event,
        "host": event.host,
        "position": waiting_position(registration),
        "can_cancel": registration.status != "cancelled" and event.start > timezone.now(),
    }
    return _no_store(TemplateResponse(request, "events/registration.html", context))


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, pk):
    event = EventPage.objects.live().public().filter(pk=pk).first()
    if event is None:
        raise Http404
    return _ics_response(ical.build_calendar([event], event.title, request), f"event-{event.pk}.ics")


def calendar_ics(request):
    events = feed_events(request.GET)
    return _ics_response(
        ical.build_calendar(events, _("Rongcheng incubator network events"), request), "events.ics"
    )
