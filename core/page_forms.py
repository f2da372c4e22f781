"""The base form of every incubator page in the admin."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry


def _restrict(form, allowed_by_model):
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        allowed = allowed_by_model.get(getattr(queryset, "model", None))
        if allowed is not None:
            field.queryset = queryset.filter(pk__in=allowed.values("pk"))


class ScopedMediaPageForm(WagtailAdminPageForm):
    """Page edit forms (and their inline panels) accept only images and
    documents the editing user may choose: a crafted POST naming another
    incubator's image or document by id is a form error, as the chooser would
    never offer it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        allowed_by_model = {
            model: policy_registry.get_by_type(model).instances_user_has_any_permission_for(
                self.for_user, ["choose"]
            )
            for model in (get_image_model(), get_document_model())
        }
        _restrict(self, allowed_by_model)
        for formset in self.formsets.values():
            for form in [*formset.forms, formset.empty_form]:
                _restrict(form, allowed_by_model)
