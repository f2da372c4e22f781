"""The "services" section of import_directory (see incubators.importer)."""

from django import forms
from django.utils.translation import pgettext_lazy

from core.importer import clean_list_of, register, text_to_richtext, upsert_page
from core.taxonomy import Category
from incubators.importer import (
    IncubatorChildSection,
    OpeningHoursRowForm,
    incubator_slug_field,
    opening_hours_children,
    opening_hours_key,
)
from incubators.open_data import ServiceStatus, validate_language_codes
from services.models import ServiceOpeningHours, ServicePage
from services.taxonomy import DeliveryMode, Fee


class ServiceRowForm(forms.Form):
    incubator = incubator_slug_field()
    category = forms.ChoiceField(choices=Category.choices)
    title = forms.CharField(max_length=255)
    description = forms.CharField(required=False)
    eligibility = forms.CharField(required=False)
    fee = forms.ChoiceField(choices=Fee.choices)
    fee_text = forms.CharField(max_length=255, required=False)
    delivery_mode = forms.ChoiceField(choices=DeliveryMode.choices)
    lead_time = forms.CharField(max_length=64, required=False)
    voucher_eligible = forms.BooleanField(required=False)
    contact_name = forms.CharField(max_length=64, required=False)
    contact_phone = forms.CharField(max_length=32, required=False)
    contact_email = forms.EmailField(required=False)
    status = forms.ChoiceField(choices=ServiceStatus.choices, required=False)
    languages = forms.CharField(max_length=64, required=False, validators=[validate_language_codes])
    last_verified = forms.DateField(required=False)


@register
class ServiceSection(IncubatorChildSection):
    name = "services"
    label = pgettext_lazy("import section", "services")
    order = 20
    form_class = ServiceRowForm
    required_to_create = ("incubator", "category", "title")
    model = ServicePage
    bulk = True
    extra_keys = ("opening_hours",)

    def clean_extra(self, key, value):
        return clean_list_of(value, OpeningHoursRowForm)

    def page_values(self, cleaned):
        values = {key: value for key, value in cleaned.items() if key not in ("incubator", *self.extra_keys)}
        if "description" in values:
            values["description"] = text_to_richtext(values["description"])
        if values.get("status") == "":
            values["status"] = ServiceStatus.ACTIVE
        return values

    def new_page(self, slug, cleaned, context):
        # Opening hours are child rows, which the bulk path does not write:
        # such a row takes Wagtail's ordinary path.
        if "opening_hours" in cleaned:
            return None
        return super().new_page(slug, cleaned, context)

    def apply(self, slug, cleaned, context):
        values = self.page_values(cleaned)
        children, compare = {}, {}
        if "opening_hours" in cleaned:
            children["opening_hours"] = opening_hours_children(ServiceOpeningHours, cleaned["opening_hours"])
            compare["opening_hours"] = opening_hours_key
        outcome, _page = upsert_page(
            ServicePage,
            slug,
            values,
            parent=self.parent_of(cleaned, context),
            children=children,
            compare_children=compare,
            context=context,
        )
        return outcome
