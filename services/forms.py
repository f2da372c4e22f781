"""Forms of the referral exchange: the public request form, the rating form,
and the admin's refer and status-change forms. Rules live in
services.referrals; these only shape and validate input."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from core.abuse import HoneypotMixin
from core.contacts import PHONE_WIDGET_ATTRS, ContactDetailsMixin
from core.taxonomy import Category
from incubators.models import IncubatorPage
from incubators.teams import incubators_of
from services.models import ServicePage
from services.models.referral import RATING_MAX, RATING_MIN, Referral, ReferralStatus
from services.referrals import NOTE_REQUIRED


def _max_length(name):
    return Referral._meta.get_field(name).max_length


class IncubatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ContactFieldsMixin(ContactDetailsMixin, forms.Form):
    """Who asks and how to reach them: at least a phone number or an email."""

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    requester_name = forms.CharField(
        label=_("Your name"), max_length=_max_length("requester_name"), widget=forms.TextInput
    )
    company = forms.CharField(
        label=_("Company or project"),
        max_length=_max_length("company"),
        required=False,
        help_text=_("Leave empty if the company is not registered yet."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=_max_length("phone"),
        required=False,
        widget=forms.TextInput(attrs=PHONE_WIDGET_ATTRS),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=_max_length("email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid email address, for example name@example.cn.")},
    )
    need = forms.CharField(
        label=_("What do you need?"),
        max_length=_max_length("need"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe your company and what you expect from this service (at most 2000 characters)."),
    )

    def contact_data(self):
        return {
            name: self.cleaned_data[name] for name in ("requester_name", "company", "phone", "email", "need")
        }


class ReferralRequestForm(HoneypotMixin, ContactFieldsMixin):
    """The public form on every service page."""

    from_incubator = IncubatorChoiceField(
        label=_("Your incubator"),
        queryset=None,
        required=False,
        empty_label=_("None — not incubated in the network"),
        help_text=_("The incubator or maker space where your company is incubated, if any."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the incubators handling this request may use my contact data for it."),
        error_messages={"required": _("Your agreement is needed to pass your request on.")},
    )
    field_order = ["requester_name", "company", "phone", "email", "from_incubator", "need", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_incubator"].queryset = IncubatorPage.objects.live().public().order_by("path")


class RatingForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, str(n)) for n in range(RATING_MAX, RATING_MIN - 1, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=pgettext_lazy("rating", "Comment"),
        max_length=Referral._meta.get_field("rating_comment").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReferForm(ContactFieldsMixin):
    """An operator refers one of its startups to another incubator's service."""

    from_incubator = IncubatorChoiceField(label=_("Referring incubator"), queryset=None, empty_label=None)
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=None,
        help_text=_("Type to narrow the list; services are grouped by incubator, then by category."),
        widget=forms.Select(attrs={"data-service-chooser": ""}),
    )
    startup = forms.ChoiceField(
        label=_("Startup"),
        required=False,
        help_text=_("One of your incubated projects, or leave empty and name the company below."),
        widget=forms.Select(attrs={"data-startup-chooser": ""}),
    )

    field_order = [
        *("from_incubator", "service", "startup"),
        *("requester_name", "company", "phone", "email", "need"),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester_name"].label = _("Contact person at the startup")
        self.fields["need"].label = _("What the startup needs")
        mine = incubators_of(user).live().order_by("path")
        self.fields["from_incubator"].queryset = mine
        services = ServicePage.objects.live().order_by("path")
        if mine.count() == 1:
            # An operator of one incubator refers to the other incubators only.
            services = services.not_descendant_of(mine.first())
        self.fields["service"].queryset = services
        self.fields["service"].widget.choices = self._grouped_services(services)
        self._projects = self._own_projects(mine)
        self.fields["startup"].choices = [("", _("— another startup (name it below) —"))] + [
            (str(project.pk), project.title) for project in self._projects.values()
        ]

    @staticmethod
    def _grouped_services(services):
        """The choices grouped by incubator (in network order), each group's
        services by category then title: "财税 · 代理记账"."""
        titles = {page.path: page.title for page in IncubatorPage.objects.only("path", "title")}
        order = {code: position for position, code in enumerate(Category.values)}
        groups = {}
        for service in services.only("pk", "path", "title", "category"):
            groups.setdefault(service.path[: -service.steplen], []).append(service)
        choices = [("", "---------")]
        for path in sorted(groups):
            members = sorted(groups[path], key=lambda s: (order.get(s.category, 99), s.title))
            options = [(str(s.pk), f"{Category(s.category).label} · {s.title}") for s in members]
            choices.append((titles.get(path, ""), options))
        return choices

    @staticmethod
    def _own_projects(incubators):
        """The incubated projects (新增孵化项目) of the operator's incubators,
        drafts and private ones included: they are its own startups. Found as
        child pages by type name: services do not import achievements (same
        layer)."""
        projects = Page.objects.none()
        for incubator in incubators:
            projects |= Page.objects.child_of(incubator).filter(content_type__model="projectpage")
        return {str(page.pk): page for page in projects.order_by("title")}

    def clean_startup(self):
        return self._projects.get(self.cleaned_data.get("startup") or "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("startup") is not None:
            cleaned["company"] = cleaned["startup"].title
        source, service = cleaned.get("from_incubator"), cleaned.get("service")
        if source and service and service.path.startswith(source.path):
            self.add_error("service", _("Refer to a service of another incubator."))
        return cleaned


class StatusChangeForm(forms.Form):
    """Accept, decline (reason required) or complete (outcome required)."""

    to_status = forms.ChoiceField(
        choices=[
            (ReferralStatus.ACCEPTED, _("Accept")),
            (ReferralStatus.DECLINED, _("Decline")),
            (ReferralStatus.COMPLETED, _("Mark completed")),
        ],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        to_status = cleaned.get("to_status")
        if to_status in NOTE_REQUIRED and not cleaned.get("note", "").strip():
            self.add_error("note", str(NOTE_REQUIRED[to_status]))
        return cleaned
