"""One abuse policy for every public form (service request, event
registration, achievement interest, and any form added later).

A public form view uses three things::

    from core.abuse import HoneypotMixin, admit

    class MyForm(HoneypotMixin, forms.Form): ...

    form = MyForm(request.POST)
    if form.is_spam:                    # the hidden honeypot field was filled
        status = form.refuse_spam()     # the one answer: keep nothing, 400
    elif form.is_valid():
        refusal = admit(request, "my-form", contacts=(phone, email))
        if refusal:                     # over a limit: show it, status 429
            form.add_error(None, refusal)
        else:
            ...                         # save

Only submissions that passed validation reach ``admit``, so typing mistakes
never use up anyone's budget. Two limits, both counted per form:

- per client address (``ABUSE_RATE_PER_ADDRESS``, default 60 an hour): sized
  for an office behind one NAT address, where a whole incubator registers
  for its own event;
- per phone number and per email address (``ABUSE_RATE_PER_CONTACT``,
  default 5 a day): the limit that stops one sender, whatever its address.

Counters live in Django's default cache through django-ratelimit, so with
several app servers a shared cache (Redis) shares them too. The client
address is the connection's, or the header named by
``RATELIMIT_IP_META_KEY`` behind a reverse proxy; ``client_address`` is
also what the login throttling (django-axes) counts.
"""

import re

from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import get_usage

DEFAULT_RATE_PER_ADDRESS = "60/h"
DEFAULT_RATE_PER_CONTACT = "5/d"
HONEYPOT_FIELD = "website"
SPAM_STATUS = 400


def client_address(request):
    """The client's IP address: the connection's, or the first address of
    the header named by ``RATELIMIT_IP_META_KEY`` behind a reverse proxy."""
    header = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    value = request.META.get(header, "") if header else ""
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def contact_keys(contacts):
    """Normalised phone numbers (digits only) and email addresses (lower
    case): "138 0000 0001" and "13800000001" are one contact."""
    keys = []
    for value in contacts:
        value = (value or "").strip()
        if not value:
            continue
        keys.append(value.lower() if "@" in value else re.sub(r"\D", "", value))
    return [key for key in keys if key]


def _counters(request, form_name, contacts):
    address_rate = getattr(settings, "ABUSE_RATE_PER_ADDRESS", DEFAULT_RATE_PER_ADDRESS)
    contact_rate = getattr(settings, "ABUSE_RATE_PER_CONTACT", DEFAULT_RATE_PER_CONTACT)
    address = client_address(request)
    yield "address", f"{form_name}:address", address, address_rate
    for key in contact_keys(contacts):
        yield "contact", f"{form_name}:contact", key, contact_rate


def _usage(request, group, value, rate, increment):
    return get_usage(
        request,
        group=group,
        key=lambda _group, _request, value=value: value,
        rate=rate,
        increment=increment,
    )


def admit(request, form_name, *, contacts=()):
    """Count one valid submission of ``form_name`` against its client address
    and each of its contacts. Returns None when it is within every limit,
    else the message to show. Each counter is incremented atomically by the
    cache (``incr``), so app servers sharing one cache share one count."""
    refusal = None
    for kind, group, value, rate in _counters(request, form_name, contacts):
        usage = _usage(request, group, value, rate, increment=True)
        if usage is not None and usage["should_limit"] and refusal is None:
            if kind == "address":
                refusal = _("Too many requests from your network. Please try again in an hour.")
            else:
                refusal = _("Too many requests with this phone number or email. Please try again tomorrow.")
    return refusal


class HoneypotMixin(forms.Form):
    """A text field people never see (hidden by CSS, ``aria-hidden``, out of
    the tab order) and bots fill in. Render it with
    ``{% include "components/honeypot.html" %}``."""

    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_spam(self):
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def refuse_spam(self):
        """The one answer of every public form to a filled honeypot: nothing
        is saved or counted, the form is shown again with what was typed and
        a general error; returns the status to answer with (400)."""
        self.is_valid()
        self.add_error(None, _("Your request could not be accepted. Please try again."))
        return SPAM_STATUS


def login_lockout(request, original_response=None, credentials=None):
    """The answer to a sign-in while locked out by django-axes (its
    ``AXES_LOCKOUT_CALLABLE``): a page in the visitor's language saying how
    long to wait and whom to ask, status 429."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return _locked_page(request, failure_limit=settings.AXES_FAILURE_LIMIT, minutes=minutes)


def _locked_page(request, *, failure_limit=None, minutes=None):
    context = {"failure_limit": failure_limit, "minutes": minutes}
    return render(request, "account_locked.html", context, status=429)


# Credential guesses that do not go through authenticate() (so django-axes
# does not see them): every POST counts, per client address, against the
# rate of its URL name.
THROTTLED_POSTS = {
    "wagtailadmin_password_reset": "10/h",
    "wagtailcore_authenticate_with_password": "10/15m",
}


class ThrottledPostsMiddleware:
    """Limits POSTs to the URLs of ``THROTTLED_POSTS`` (password reset, page
    passwords) per client address; over the limit the answer is the sign-in
    lockout page (status 429) and the view does not run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        name = request.resolver_match.url_name
        rate = THROTTLED_POSTS.get(name)
        if rate is None:
            return None
        usage = _usage(request, f"post:{name}", client_address(request), rate, increment=True)
        if usage is not None and usage["should_limit"]:
            return _locked_page(request, minutes=max(1, usage["time_left"] // 60 + 1))
        return None
