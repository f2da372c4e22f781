"""The "events" section of import_directory (see incubators.importer).

Besides the keys docs/interfaces.md shows (slug, incubator, kind, title, start, end,
place, capacity) a row may carry online_url, audience, description,
registration_deadline and co_hosts (a list of incubator slugs).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.importer import register, text_to_richtext, upsert_page
from events.models import EventKind, EventPage
from incubators.importer import (
    IncubatorChildSection,
    check_incubator_reference,
    incubator_slug_field,
    parent_incubator,
)


class EventRowForm(forms.Form):
    incubator = incubator_slug_field()
    kind = forms.ChoiceField(choices=EventKind.choices)
    title = forms.CharField(max_length=255)
    start = forms.DateTimeField()
    end = forms.DateTimeField()
    place = forms.CharField(max_length=255, required=False)
    online_url = forms.URLField(required=False, assume_scheme="https")
    audience = forms.CharField(max_length=255, required=False)
    description = forms.CharField(required=False)
    capacity = forms.IntegerField(min_value=0, required=False)
    registration_deadline = forms.DateTimeField(required=False)


def co_host_key(items):
    return sorted(item.pk for item in items)


@register
class EventSection(IncubatorChildSection):
    name = "events"
    label = pgettext_lazy("import section", "events")
    order = 30
    form_class = EventRowForm
    required_to_create = ("incubator", "kind", "title", "start", "end")
    extra_keys = ("co_hosts",)
    model = EventPage

    def clean_extra(self, key, value):
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise ValidationError(_("must be a list of incubator slugs"))
        return list(dict.fromkeys(value))

    def clean_row(self, row, slug, context):
        cleaned, messages = super().clean_row(row, slug, context)
        existing = self.existing(slug, context)
        start = cleaned.get("start") or (existing.start if existing else None)
        end = cleaned.get("end") or (existing.end if existing else None)
        if start and end and end < start:
            messages.append(_("end: the event cannot end before it starts"))
        return cleaned, messages

    def check_references(self, cleaned, context):
        messages = super().check_references(cleaned, context)
        for slug in cleaned.get("co_hosts", []):
            messages.extend(check_incubator_reference({"incubator": slug}, context))
        return messages

    def apply(self, slug, cleaned, context):
        values = {key: value for key, value in cleaned.items() if key not in ("incubator", "co_hosts")}
        co_host_slugs = cleaned.get("co_hosts")
        if "description" in values:
            values["description"] = text_to_richtext(values["description"])
        parent = self.parent_of(cleaned, context)
        children, compare = {}, {}
        if co_host_slugs is not None:
            children["co_hosts"] = [parent_incubator(co, context) for co in co_host_slugs]
            compare["co_hosts"] = co_host_key
        outcome, _page = upsert_page(
            EventPage,
            slug,
            values,
            parent=parent,
            children=children,
            compare_children=compare,
            context=context,
        )
        return outcome
