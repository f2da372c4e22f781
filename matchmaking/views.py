"""Public side: the demand form and its thank-you page (the matches API is
``api.v1``'s ``/api/v1/matches/``).

Abuse protection is the referral form's (services.views): a rate limit per
client address and per phone/email (django-ratelimit over the default
cache), a honeypot field and CSRF. (To be replaced by core's one abuse
policy when it lands on main.)
"""

import logging
import re

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from core.headers import private_response
from matchmaking.demands import demand_index, submit_demand
from matchmaking.forms import DemandForm

logger = logging.getLogger(__name__)

DEFAULT_RATE_PER_ADDRESS = "10/h"
DEFAULT_RATE_PER_CONTACT = "5/d"


def _rate(name, default):
    return getattr(settings, name, default)


def address_limited(request):
    return is_ratelimited(
        request,
        group="demand-form:address",
        key="ip",
        rate=_rate("DEMAND_RATE_PER_ADDRESS", DEFAULT_RATE_PER_ADDRESS),
        increment=True,
    )


def contact_limited(request, phone, email):
    rate = _rate("DEMAND_RATE_PER_CONTACT", DEFAULT_RATE_PER_CONTACT)
    limited = False
    for kind, value in (("phone", re.sub(r"\D", "", phone or "")), ("email", (email or "").lower())):
        if value:
            limited |= is_ratelimited(
                request,
                group=f"demand-form:{kind}",
                key=lambda _group, _request, value=value: value,
                rate=rate,
                increment=True,
            )
    return limited


@require_http_methods(["GET", "POST"])
def demand_form(request):
    status = 200
    if request.method == "POST":
        form = DemandForm(request.POST)
        if address_limited(request):
            form.is_valid()
            form.add_error(None, _("Too many requests from your network. Please try again in an hour."))
            status = 429
        elif form.is_spam:
            logger.info("Demand form submission rejected by the honeypot")
            form.is_valid()
            form.add_error(None, _("Your request could not be accepted. Please try again."))
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            if contact_limited(request, data["phone"], data["email"]):
                form.add_error(
                    None, _("Too many requests with this phone number or email. Please try again tomorrow.")
                )
                status = 429
            else:
                demand = submit_demand(incubator=data["incubator"], **form.demand_values())
                request.session["demand_submitted"] = {
                    "title": demand.title,
                    "reviewer": data["incubator"].title if data["incubator"] else "",
                }
                return redirect("demand_submitted")
        else:
            status = 400
    else:
        form = DemandForm()
    context = {"form": form, "demand_list": demand_index()}
    return private_response(render(request, "matchmaking/demand_form.html", context, status=status))


@require_GET
def demand_submitted(request):
    submitted = request.session.get("demand_submitted")
    if not submitted:
        return redirect(reverse("demand_form"))
    return private_response(
        render(
            request,
            "matchmaking/demand_submitted.html",
            {"submitted": submitted, "demand_list": demand_index()},
        )
    )
