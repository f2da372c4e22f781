"""The public demand form and the admin's small forms (dismiss, propose,
agenda, outcome). Rules live in matchmaking.demands / matchmaking.loop."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from achievements.models import Maturity, TechnologyField, TransferMode
from core.abuse import HoneypotMixin
from incubators.models import IncubatorPage
from matchmaking.models import DemandPage, OutcomeKind
from services.forms import ContactFieldsMixin, IncubatorChoiceField

MAX_DEADLINE_YEARS = 3


def _max_length(name):
    return DemandPage._meta.get_field(name).max_length


class DemandForm(HoneypotMixin, ContactFieldsMixin):
    """A firm states a technology problem. The contact rule (a name and a
    phone number or an email) and the honeypot are the other public forms'
    ones."""

    title = forms.CharField(
        label=_("Demand title"),
        max_length=120,
        help_text=_("One line, for example: extend the shelf life of ready-to-eat sea cucumber."),
    )
    field = forms.ModelChoiceField(
        label=_("Technical field"),
        queryset=TechnologyField.objects.all(),
        empty_label=_("Choose a field"),
        help_text=_("The fields are the bureau's list, the same as the achievements'."),
    )
    maturity_min = forms.TypedChoiceField(
        label=_("Lowest acceptable maturity"), choices=Maturity.choices, coerce=int, initial=4
    )
    maturity_max = forms.TypedChoiceField(
        label=_("Highest maturity needed"), choices=Maturity.choices, coerce=int, initial=9
    )
    transfer_modes = forms.MultipleChoiceField(
        label=_("Acceptable transfer modes"),
        choices=TransferMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked if any mode would do."),
    )
    budget = forms.CharField(
        label=_("Budget"),
        max_length=_max_length("budget"),
        required=False,
        help_text=_("For example: 50-100万元."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The demand is withdrawn from the list after this day."),
        error_messages={"invalid": _("Enter a date, for example 2027-06-30.")},
    )
    incubator = IncubatorChoiceField(
        label=_("Your incubator"),
        queryset=None,
        required=False,
        empty_label=_("None — not incubated in the network"),
        help_text=_("Its operators review your demand; without one, the science and technology bureau does."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the incubators reviewing and matching this demand and the bureau may use my "
            "contact data for it."
        ),
        error_messages={"required": _("Your agreement is needed to pass your demand on.")},
    )
    field_order = [
        "title",
        "need",
        "field",
        "maturity_min",
        "maturity_max",
        "transfer_modes",
        "budget",
        "deadline",
        "company",
        "incubator",
        "requester_name",
        "phone",
        "email",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incubator"].queryset = IncubatorPage.objects.live().public().order_by("path")
        self.fields["company"].required = True
        self.fields["company"].label = _("Company")
        self.fields["company"].help_text = ""
        self.fields["need"].label = _("Describe the problem")
        self.fields["need"].help_text = _(
            "What should the technology do, what have you tried, what conditions apply "
            "(at most 2000 characters)."
        )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        today = timezone.localdate()
        if deadline < today:
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        if deadline > today + datetime.timedelta(days=365 * MAX_DEADLINE_YEARS):
            raise forms.ValidationError(_("Choose a deadline within three years."))
        return deadline

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("maturity_min"), cleaned.get("maturity_max")
        if low and high and low > high:
            self.add_error("maturity_max", _("The highest maturity cannot be below the lowest one."))
        return cleaned

    def demand_values(self):
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "description": data["need"].strip(),
            "field": data["field"],
            "maturity_min": data["maturity_min"],
            "maturity_max": data["maturity_max"],
            "transfer_modes": [code for code in TransferMode.values if code in data["transfer_modes"]],
            "budget": data["budget"].strip(),
            "deadline": data["deadline"],
            "company": data["company"].strip(),
            "contact_name": data["requester_name"].strip(),
            "contact_phone": data["phone"],
            "contact_email": data["email"],
        }


class MatchActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("dismiss", _("Dismiss")), ("propose", _("Propose a meeting")), ("restore", _("Restore"))]
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AgendaForm(forms.Form):
    """The bureau's draft matchmaking event built from selected pairs."""

    title = forms.CharField(label=_("Event title"), max_length=255)
    host = IncubatorChoiceField(label=_("Host incubator"), queryset=None, empty_label=None)
    start = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    matches = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = IncubatorPage.objects.live().order_by("path")
        self.fields["matches"].queryset = matches
        self.fields["matches"].label = _("Pairs on the agenda")
        self.fields["matches"].error_messages["required"] = _("Select at least one matched pair.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The event cannot end before it starts."))
        return cleaned


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Result"), choices=OutcomeKind.choices, required=False)
    contract_value = forms.DecimalField(
        label=_("Contract value (10,000 yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contract_value") is not None and cleaned.get("outcome") != OutcomeKind.AGREEMENT:
            self.add_error("contract_value", _("A contract value goes with a signed agreement."))
        return cleaned
