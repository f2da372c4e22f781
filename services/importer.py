"""The "services" section of import_directory (see incubators.importer)."""

from django import forms

from core.importer import register, text_to_richtext, upsert_page
from core.taxonomy import Category
from incubators.importer import IncubatorChildSection, incubator_slug_field
from services.models import ServicePage
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


@register
class ServiceSection(IncubatorChildSection):
    name = "services"
    order = 20
    form_class = ServiceRowForm
    required_to_create = ("incubator", "category", "title")
    model = ServicePage

    def apply(self, slug, cleaned, context):
        values = {key: value for key, value in cleaned.items() if key != "incubator"}
        if "description" in values:
            values["description"] = text_to_richtext(values["description"])
        outcome, _page = upsert_page(ServicePage, slug, values, parent=self.parent_of(cleaned, context))
        return outcome
