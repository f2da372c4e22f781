"""Public side of the referral exchange: the request form of a service and
the requester's private tracking page."""

import logging

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.abuse import admit
from core.headers import private_response
from services import referrals
from services.forms import RatingForm, ReferralRequestForm
from services.referrals import ReferralError

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def referral_request(request, service_id):
    try:
        service = referrals.requestable_service(service_id)
    except ReferralError as error:
        return private_response(
            render(request, "services/referral_unavailable.html", {"message": str(error)}, status=404)
        )
    status = 200
    if request.method == "POST":
        form = ReferralRequestForm(request.POST)
        if form.is_spam:
            logger.info("Referral request for service %s rejected by the honeypot", service.pk)
            status = form.refuse_spam()
        elif form.is_valid():
            data = form.cleaned_data
            refusal = admit(request, "referral-request", contacts=(data["phone"], data["email"]))
            if refusal:
                form.add_error(None, refusal)
                status = 429
            else:
                try:
                    referral = referrals.create_request(
                        service, from_incubator=data["from_incubator"], **form.contact_data()
                    )
                except ReferralError as error:
                    form.add_error(None, str(error))
                    status = 400
                else:
                    messages.success(
                        request,
                        _(
                            "Your request %(reference)s has been sent. Keep this page's address: "
                            "it is the only way to follow your request."
                        )
                        % {"reference": referral.reference},
                    )
                    return redirect(referrals.tracking_url(referral))
        else:
            status = 400
    else:
        form = ReferralRequestForm()
    context = {"service": service, "incubator": service.incubator, "form": form}
    return private_response(render(request, "services/referral_request.html", context, status=status))


@require_http_methods(["GET", "POST"])
def referral_track(request, token):
    referral = referrals.find_by_token(token)
    if referral is None:
        raise Http404
    can_rate = referrals.can_rate(referral)
    rating_form = RatingForm(request.POST if request.method == "POST" else None) if can_rate else None
    status = 200
    if request.method == "POST":
        if rating_form is None:
            status = 400
            messages.error(request, _("This request cannot be rated now."))
        elif rating_form.is_valid():
            try:
                referrals.rate(
                    referral, rating_form.cleaned_data["rating"], rating_form.cleaned_data["comment"]
                )
            except ReferralError as error:
                rating_form.add_error(None, str(error))
                status = 400
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(referrals.tracking_url(referral))
        else:
            status = 400
    context = {
        "referral": referral,
        "history": referrals.public_history(referral),
        "rating_form": rating_form,
        "service_url": referral.service.url if referral.service and referral.service.live else None,
    }
    return private_response(render(request, "services/referral_track.html", context, status=status))
