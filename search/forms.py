"""Reading search parameters from a request, for the page and the API alike.

Closed vocabularies (type, category, fee) and the page number are validated;
the API answers 400 for a bad one, the page ignores it. Free text is never an
error: the analyzer makes any string safe.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.taxonomy import Category
from search.documents import document_types
from search.engine import MAX_PAGE, PAGE_SIZE, SearchParams
from services.taxonomy import Fee

MAX_Q_CHARS = 200


def type_choices():
    return [(doc_type.name, doc_type.label) for doc_type in document_types()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", "")] + Category.choices)
    incubator = forms.SlugField(label=_("Incubator"), required=False, max_length=100)
    district = forms.CharField(label=_("District"), required=False, max_length=64)
    fee = forms.ChoiceField(label=_("Fee"), required=False, choices=[("", "")] + Fee.choices)
    page = forms.IntegerField(
        label=pgettext_lazy("pagination", "Page"), required=False, min_value=1, max_value=MAX_PAGE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "")] + type_choices()

    def clean_q(self):
        # Long pastes are cut, not refused: the analyzer reads 100 characters.
        return self.cleaned_data["q"][:MAX_Q_CHARS]


FILTER_NAMES = ("type", "category", "incubator", "district", "fee")


def params_from(data, strict):
    """(SearchParams, errors). ``strict``: bad values are errors (the API);
    otherwise they are dropped and the rest still applies (the page)."""
    form = SearchForm(data)
    form.is_valid()
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    if strict and errors:
        return None, errors
    cleaned = form.cleaned_data
    filters = {name: cleaned[name] for name in FILTER_NAMES if cleaned.get(name)}
    return (
        SearchParams(
            q=cleaned.get("q") or "", filters=filters, page=cleaned.get("page") or 1, page_size=PAGE_SIZE
        ),
        errors,
    )
