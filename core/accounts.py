"""Account management in the admin: the bureau manages operator accounts,
never administrators (superusers).

Wagtail's user forms offer the "Administrator" checkbox to anyone holding
``add_user``/``change_user``, which let the bureau create superusers. Here a
non-superuser gets the forms without that checkbox, and may neither edit nor
delete a superuser's account (changing its password would be the same
escalation). Installed through ``core.account_app.UsersConfig`` in place of
``wagtail.users``.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users


class _RequesterMixin:
    def __init__(self, *args, requester=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requester is None or not requester.is_superuser:
            self.fields.pop("is_superuser", None)


class CreationForm(_RequesterMixin, UserCreationForm):
    pass


class EditForm(_RequesterMixin, UserEditForm):
    pass


def _refuse_superuser_target(request, target):
    if target.is_superuser and not request.user.is_superuser:
        raise PermissionDenied


class CreateView(users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "requester": self.request.user}


class EditView(users.EditView):
    def dispatch(self, request, *args, **kwargs):
        _refuse_superuser_target(request, self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "requester": self.request.user}


class DeleteView(users.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        _refuse_superuser_target(request, self.get_object())
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return EditForm if for_update else CreationForm


class LockoutViewSet(ModelViewSet):
    """Sign-ins locked by django-axes, for the bureau: who (account or
    address), how many failures, when. Deleting a row unlocks it at once
    (otherwise it unlocks itself after ``AXES_COOLOFF_TIME``)."""

    model = AccessAttempt
    icon = "lock"
    menu_label = gettext_lazy("Locked sign-ins")
    menu_name = "locked-sign-ins"
    menu_order = 610
    add_to_settings_menu = True
    url_prefix = "locked-sign-ins"
    url_namespace = "locked_sign_ins"
    form_fields = ["username"]  # no add or change permission is ever granted
    inspect_view_enabled = False
    copy_view_enabled = False
    ordering = ["-attempt_time"]

    @property
    def list_display(self):
        return [
            Column("username", label=gettext_lazy("Account tried")),
            Column("ip_address", label=gettext_lazy("Network address")),
            Column("failures_since_start", label=gettext_lazy("Failed sign-ins")),
            Column("locked", label=gettext_lazy("Locked"), accessor=_locked_label),
            DateColumn("attempt_time", label=gettext_lazy("Last attempt")),
        ]


def _locked_label(attempt):
    locked = attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
    return _("Yes, unlock by deleting") if locked else _("No")
