"""The "demands" section of import_directory (DESIGN.md; the all-or-nothing
contract is incubators.importer's).

A row with ``published`` is reviewed and public, first published on that
date; without it the demand is a draft waiting for review. ``incubator`` is
optional: a firm outside the network has its demand under the public demand
list, reviewed by the bureau. Beyond DESIGN's keys a row may carry
``contact_name``, ``contact_phone`` and ``contact_email``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from achievements.importer import TechnologyFieldName, published_datetime
from achievements.models import Maturity, clean_transfer_modes
from core.importer import CREATED, UNCHANGED, UPDATED, publish_page, register
from incubators.importer import IncubatorChildSection, incubator_slug_field
from matchmaking.demands import demand_index
from matchmaking.models import DemandPage, DemandSource


class DemandRowForm(forms.Form):
    incubator = incubator_slug_field(required=False)
    title = forms.CharField(max_length=255)
    description = forms.CharField(max_length=2000)
    field = TechnologyFieldName()
    maturity_min = forms.TypedChoiceField(choices=Maturity.choices, coerce=int)
    maturity_max = forms.TypedChoiceField(choices=Maturity.choices, coerce=int)
    budget = forms.CharField(max_length=64, required=False)
    deadline = forms.DateField(input_formats=["%Y-%m-%d"])
    company = forms.CharField(max_length=128)
    contact_name = forms.CharField(max_length=64, required=False)
    contact_phone = forms.CharField(max_length=32, required=False)
    contact_email = forms.EmailField(required=False)
    published = forms.DateField(input_formats=["%Y-%m-%d"])

    def clean_published(self):
        value = self.cleaned_data["published"]
        if value and value > timezone.localdate():
            raise ValidationError(_("cannot be in the future"))
        return value

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("maturity_min"), cleaned.get("maturity_max")
        if low and high and low > high:
            raise ValidationError(_("maturity_min cannot be above maturity_max"))
        return cleaned


@register
class DemandSection(IncubatorChildSection):
    name = "demands"
    label = pgettext_lazy("import section", "technology demands")
    order = 60
    form_class = DemandRowForm
    required_to_create = ("title", "description", "field", "deadline", "company")
    extra_keys = ("transfer_modes",)
    model = DemandPage

    def clean_extra(self, key, value):
        return clean_transfer_modes(value)

    def apply(self, slug, cleaned, context):
        values = {key: value for key, value in cleaned.items() if key not in ("incubator", "published")}
        # The named incubator, the demand list for "no incubator", or (key
        # absent) where an existing demand already is.
        parent = None
        if "incubator" in cleaned:
            parent = self.parent_of(cleaned, context) or demand_index()
        published = cleaned.get("published")
        page = self.find(slug)
        if page is None:
            page = DemandPage(slug=slug, source=DemandSource.IMPORT, **values)
            page.live = False
            (parent or demand_index()).add_child(instance=page)
            if published:
                publish_page(page)
                self.date_publication(page, published)
            else:
                page.save_revision(log_action=True)
            return CREATED
        changed = any(getattr(page, key) != value for key, value in values.items())
        moved = parent is not None and page.get_parent().pk != parent.pk
        if moved:
            page.move(parent, pos="last-child")
            page = DemandPage.objects.get(pk=page.pk)
        dated = published and (
            page.first_published_at is None
            or timezone.localdate(page.first_published_at) != published
            or not page.live
        )
        if not changed and not dated:
            return UPDATED if moved else UNCHANGED
        for key, value in values.items():
            setattr(page, key, value)
        if page.live or published:
            publish_page(page)
            if published:
                self.date_publication(page, published)
        else:
            page.save_revision(log_action=True)
        return UPDATED

    @staticmethod
    def date_publication(page, day):
        at = published_datetime(day)
        DemandPage.objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)
        page.first_published_at = page.last_published_at = at
