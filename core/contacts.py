"""The contact details every public form asks for, validated one way.

The referral request, the event registration and the achievement interest
forms (and any later public form) take a name and a phone number and/or an
email address. ContactDetailsMixin gives them one phone rule and one "at
least one way to reach you" check, with messages in the visitor's language.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"^\+?[\d\s\-()]+$")
PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 15
PHONE_WIDGET_ATTRS = {"type": "tel", "autocomplete": "tel", "inputmode": "tel"}


def clean_phone_number(value):
    """A mainland mobile or landline number as people write it (digits,
    spaces, hyphens, brackets, a leading +); empty stays empty."""
    phone = (value or "").strip()
    if not phone:
        return phone
    digits = sum(ch.isdigit() for ch in phone)
    if not PHONE_RE.match(phone) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise forms.ValidationError(
            _("Please enter a phone number of 7 to 15 digits, for example 138 0000 0000 or 0631-7512345."),
            code="invalid_phone",
        )
    return phone


class ContactDetailsMixin:
    """For a form with ``phone`` and ``email`` fields: the one phone rule, and
    at least one of the two (the error is shown on both fields, so nothing
    typed elsewhere is lost)."""

    no_contact_message = _("Please give a phone number or an email address so that we can reach you.")

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        both_checked = "phone" in cleaned and "email" in cleaned
        if both_checked and not cleaned.get("phone") and not cleaned.get("email"):
            error = forms.ValidationError(self.no_contact_message, code="no_contact")
            self.add_error("phone", error)
            self.add_error("email", error)
        return cleaned
