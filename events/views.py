"""Public views: registering on an event page, the private registration
link, and the iCalendar feeds."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.abuse import HONEYPOT_FIELD, admit
from core.headers import private_response
from events import ical
from events.calendar import feed_events, with_hosts
from events.forms import RegistrationForm
from events.models import EventPage, Registration
from events.registrations import RegistrationRefused, cancel, register, waiting_position

# The private registration pages (private_response: not cached, not indexed)
# keep their token from leaving the site in a Referer header. ``same-origin``
# rather than ``no-referrer``: under ``no-referrer`` a browser sends
# ``Origin: null`` with the page's own cancel form, and Django's CSRF check
# refuses it.
REGISTRATION_REFERRER_POLICY = "same-origin"


@require_POST
def register_view(request, pk):
    """The registration form of a live, public event page posts here; with
    errors the page is shown again with what was typed."""
    page = get_object_or_404(EventPage.objects.live().public(), pk=pk)
    form = RegistrationForm(request.POST)
    status = 200
    if form.is_spam:
        status = form.refuse_spam()
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
    context = page.get_context(request)
    context["form"] = form
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
        return private_response(redirect("events:registration", token), REGISTRATION_REFERRER_POLICY)
    with_hosts([event])
    context = {
        "registration": registration,
        "event": event,
        "host": event.host,
        "position": waiting_position(registration),
        "can_cancel": registration.status != "cancelled" and event.start > timezone.now(),
    }
    response = TemplateResponse(request, "events/registration.html", context)
    return private_response(response, REGISTRATION_REFERRER_POLICY)


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
