"""Pages with personal data or a private link answer with one set of headers
(core.headers.private_response): the referral request and tracking pages, a
registration's private page, the demand form."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from core.headers import private_response
from events.registrations import register
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db

PRIVATE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow"}


def headers(response, names=("Cache-Control", "X-Robots-Tag", "Referrer-Policy")):
    return {name: response[name] for name in names if response.has_header(name)}


def test_private_response_is_stored_by_no_cache_and_indexed_by_no_engine():
    assert headers(private_response(HttpResponse())) == PRIVATE
    answer = private_response(HttpResponse(), referrer_policy="same-origin")
    assert headers(answer) == {**PRIVATE, "Referrer-Policy": "same-origin"}


def test_the_private_pages_of_three_apps_answer_alike(client, demo):
    registration = register(make_event(demo.incubator("huigu")), **person(1))
    referral = client.get(reverse("referral_request", args=[0]))
    demand = client.get(reverse("demand_form"))
    own = client.get(reverse("events:registration", args=[registration.token]))
    assert referral.status_code == 404 and demand.status_code == 200 and own.status_code == 200
    assert headers(referral, PRIVATE) == headers(demand, PRIVATE) == headers(own, PRIVATE) == PRIVATE
    assert own["Referrer-Policy"] == "same-origin"
