from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.abuse import HoneypotMixin
from core.contacts import PHONE_WIDGET_ATTRS, ContactDetailsMixin
from events.models.events import EventKind, Registration


class RegistrationForm(HoneypotMixin, ContactDetailsMixin, forms.ModelForm):
    """What a visitor gives to register: a name and at least one way to be
    reached (a phone number, an email address, or both)."""

    class Meta:
        model = Registration
        fields = ["name", "company", "phone", "email"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "phone": forms.TextInput(attrs=PHONE_WIDGET_ATTRS),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "name": {"required": _("Please give your name.")},
            "email": {"invalid": _("This does not look like an email address, for example name@example.cn.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = pgettext_lazy("registrant", "Name")
        self.fields["company"].label = pgettext_lazy("registrant", "Company or organisation")
        self.fields["phone"].label = pgettext_lazy("registrant", "Mobile phone")
        self.fields["email"].label = pgettext_lazy("registrant", "Email")
        self.fields["phone"].help_text = _("A phone number or an email address (or both) is needed.")

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class CalendarFilterForm(forms.Form):
    """The calendar's filters. An invalid value is reported and ignored."""

    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds"))] + EventKind.choices
    )
    incubator = forms.ChoiceField(label=_("Incubator"), required=False)
    month = forms.RegexField(
        label=_("Month"),
        required=False,
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Choose a month as year and month, for example 2026-12.")},
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"}),
    )
    when = forms.ChoiceField(label=_("When"), required=False, choices=WHEN_CHOICES)

    def __init__(self, *args, incubators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incubator"].choices = [("", _("All incubators"))] + [
            (incubator.slug, incubator.title) for incubator in incubators
        ]
