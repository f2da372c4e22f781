"""The public incubator list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.taxonomy import Category, IncubatorKind


class IncubatorFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds"))] + IncubatorKind.choices
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    specialty = forms.ChoiceField(
        label=_("Specialty"),
        required=False,
        choices=[("", _("All specialties"))] + Category.choices,
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [(d, d) for d in districts]
