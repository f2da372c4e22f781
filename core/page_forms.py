"""The base form of every incubator page in the admin."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.rich_text import extract_references_from_rich_text


def _restrict(form, allowed_by_model):
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        allowed = allowed_by_model.get(getattr(queryset, "model", None))
        if allowed is not None:
            field.queryset = queryset.filter(pk__in=allowed.values("pk"))


def _refused_references(html, allowed_by_model):
    """Ids of the images embedded and documents linked in rich text
    ``html`` that are not among those allowed."""
    refused = []
    for model, object_id, _path, _content_path in extract_references_from_rich_text(html):
        allowed = allowed_by_model.get(model)
        if allowed is None:
            continue  # a page link: any page may be linked
        if not str(object_id).isdigit() or not allowed.filter(pk=object_id).exists():
            refused.append(str(object_id))
    return refused


class ScopedMediaPageForm(WagtailAdminPageForm):
    """Page edit forms (and their inline panels) accept only images and
    documents the editing user may choose: a crafted POST naming another
    incubator's image or document by id — in a chooser field, or embedded
    in rich text (``<embed embedtype="image" id=…>``, ``<a linktype="document"
    id=…>``) — is a form error, as the chooser would never offer it."""

    allowed_by_model = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        self.allowed_by_model = allowed_by_model = {
            model: policy_registry.get_by_type(model).instances_user_has_any_permission_for(
                self.for_user, ["choose"]
            )
            for model in (get_image_model(), get_document_model())
        }
        _restrict(self, allowed_by_model)
        for formset in self.formsets.values():
            # Every form the formset builds (bound rows, the empty template)
            # gets the same narrowing: a per-formset subclass of its form.
            base = formset.form

            def scoped_init(form, *args, _base=base, **kwargs):
                _base.__init__(form, *args, **kwargs)
                _restrict(form, allowed_by_model)

            formset.form = type(base.__name__, (base,), {"__init__": scoped_init})
            for form in formset.__dict__.get("forms", []):
                _restrict(form, allowed_by_model)

    def clean(self):
        cleaned_data = super().clean()
        if self.allowed_by_model is None:
            return cleaned_data
        for field in self._meta.model._meta.fields:
            value = cleaned_data.get(field.name)
            if not isinstance(field, RichTextField) or not value:
                continue
            refused = _refused_references(str(value), self.allowed_by_model)
            if refused:
                message = _("“%(field)s” embeds an image or links a document you may not use (id %(ids)s).")
                label = self.fields[field.name].label
                self.add_error(field.name, message % {"field": label, "ids": ", ".join(refused)})
        return cleaned_data
