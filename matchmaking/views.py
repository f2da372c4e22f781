"""Public side: the demand form and its thank-you page (the matches API is
``api.v1``'s ``/api/v1/matches/``).

Abuse protection is every public form's one (core.abuse): the honeypot
first, then validation, then ``admit`` counts the valid submission against
its client address and its phone and email; CSRF as everywhere.
"""

import logging

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.abuse import admit
from core.headers import private_response
from matchmaking.demands import demand_index, submit_demand
from matchmaking.forms import DemandForm

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def demand_form(request):
    status = 200
    if request.method == "POST":
        form = DemandForm(request.POST)
        if form.is_spam:
            logger.info("Demand form submission rejected by the honeypot")
            status = form.refuse_spam()
        elif form.is_valid():
            data = form.cleaned_data
            refusal = admit(request, "technology-demand", contacts=(data["phone"], data["email"]))
            if refusal:
                form.add_error(None, refusal)
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
