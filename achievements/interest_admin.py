"""Interest in achievements, in the Wagtail admin: the list and the detail
page where the owning incubator's operators read the contact data and mark
it contacted or closed. Registered in achievements.wagtail_hooks; the rules
are in achievements.approval."""

from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from achievements.interest import interests_visible_to, mark_interest
from achievements.models import AchievementInterest, InterestStatus
from core import access


class InterestPermissionPolicy(BasePermissionPolicy):
    """Operators see and update the interest addressed to their incubators;
    the bureau all of it. Records are created only by visitors."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and bool(access.scope(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return action in ("view", "change") and interests_visible_to(user).filter(pk=instance.pk).exists()

    def instances_user_has_permission_for(self, user, action):
        if action in ("view", "change"):
            return interests_visible_to(user)
        return AchievementInterest.objects.none()

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) & {"view", "change"}:
            return interests_visible_to(user)
        return AchievementInterest.objects.none()

    def users_with_any_permission(self, actions):
        if not set(actions) & {"view", "change"}:
            return get_user_model().objects.none()
        return access.network_staff()


class InterestIndexView(IndexView):
    def get_base_queryset(self):
        return interests_visible_to(self.request.user).select_related("incubator")


class InterestStatusForm(forms.Form):
    status = forms.ChoiceField(choices=InterestStatus.choices)


class InterestDetailView(WagtailAdminTemplateMixin, View):
    template_name = "achievements/admin/achievement_interest_detail.html"
    header_icon = "mail"
    index_url_name = None

    def dispatch(self, request, pk):
        self.interest = get_object_or_404(
            interests_visible_to(request.user).select_related("incubator", "achievement"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return str(self.interest)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Interest in achievements")},
            {"url": "", "label": self.interest.name},
        ]

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        form = InterestStatusForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        mark_interest(self.interest, request.user, form.cleaned_data["status"])
        messages.success(request, _("Marked as %(status)s.") % {"status": self.interest.get_status_display()})
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "interest": self.interest,
                "statuses": InterestStatus.choices,
                "index_url": reverse(self.index_url_name),
            }
        )
        return context


class InterestViewSet(ModelViewSet):
    model = AchievementInterest
    name = "achievement_interest"
    icon = "mail"
    add_to_admin_menu = True
    menu_order = 260
    menu_label = gettext_lazy("Achievement interest")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = InterestIndexView
    search_fields = ["name", "organisation", "achievement_title"]
    list_filter = ["status"]
    list_per_page = 30
    list_display = [
        "name",
        "achievement_title",
        Column("incubator", label=gettext_lazy("Incubator")),
        StatusTagColumn(
            "get_status_display",
            label=gettext_lazy("Status"),
            sort_key="status",
            primary=lambda interest: interest.status == InterestStatus.NEW,
        ),
        DateColumn("created_at", label=gettext_lazy("Received at"), sort_key="created_at"),
    ]

    @property
    def edit_view(self):
        return self.construct_view(InterestDetailView)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.edit_view, name="edit"),
        ]


class AwaitingApprovalPanel(Component):
    """Dashboard, for operators: their achievements waiting for the bureau,
    and new interest in their achievements."""

    name = "achievements_status"
    order = 60
    template_name = "achievements/admin/achievements_panel.html"

    def __init__(self, awaiting, new_interest, interest_url):
        self.awaiting = awaiting
        self.new_interest = new_interest
        self.interest_url = interest_url

    def get_context_data(self, parent_context):
        return {
            "awaiting": self.awaiting,
            "new_interest": self.new_interest,
            "interest_url": self.interest_url,
        }
