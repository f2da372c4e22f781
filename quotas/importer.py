"""The "quotas" section of import_directory: annual targets, one row per
year and metric (optionally per district or incubator). Rows have no slug;
(year, metric, district, incubator) identifies them, so a second run updates
the same target."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.importer import CREATED, UNCHANGED, UPDATED, Section, register
from core.years import YEAR_MAX, YEAR_MIN
from incubators.importer import check_incubator_reference, incubator_slug_field, parent_incubator
from quotas.models import Metric, QuotaTarget


class QuotaRowForm(forms.Form):
    year = forms.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
    metric = forms.ChoiceField(choices=Metric.choices)
    target = forms.IntegerField(min_value=0, max_value=1_000_000)
    district = forms.CharField(max_length=64, required=False)
    incubator = incubator_slug_field(required=False)
    note = forms.CharField(max_length=255, required=False)


@register
class QuotaSection(Section):
    name = "quotas"
    label = pgettext_lazy("import section", "quota targets")
    order = 60
    form_class = QuotaRowForm
    required_to_create = ("year", "metric", "target")
    slug_source = "year"

    def row_slug(self, row):
        """A key for duplicate detection and messages: year/metric[/scope]."""
        if "year" not in row or "metric" not in row:
            return ""
        key = f"{row['year']}/{row['metric']}"
        if row.get("incubator"):
            key += f"/incubator:{row['incubator']}"
        elif row.get("district"):
            key += f"/district:{row['district']}"
        return key

    def find(self, slug):
        return None  # identity comes from the row's fields (see apply)

    def clean_row(self, row, slug, context):
        cleaned, messages = super().clean_row(row, slug, context)
        if not all(key in row for key in self.required_to_create):
            return cleaned, messages  # super() reported what a new row needs
        if row.get("district") and row.get("incubator"):
            messages.append(_("split a target by district or by incubator, not both"))
        return cleaned, messages

    def check_references(self, cleaned, context):
        return check_incubator_reference(cleaned, context)

    def apply(self, slug, cleaned, context):
        incubator = parent_incubator(cleaned["incubator"], context) if cleaned.get("incubator") else None
        district = "" if incubator else cleaned.get("district", "")
        target, created = QuotaTarget.objects.get_or_create(
            year=cleaned["year"],
            metric=cleaned["metric"],
            district=district,
            incubator=incubator,
            defaults={"target": cleaned["target"], "note": cleaned.get("note", "")},
        )
        if created:
            return CREATED
        changes = {"target": cleaned["target"]}
        if "note" in cleaned:
            changes["note"] = cleaned["note"]
        if all(getattr(target, key) == value for key, value in changes.items()):
            return UNCHANGED
        for key, value in changes.items():
            setattr(target, key, value)
        target.save()
        return UPDATED
