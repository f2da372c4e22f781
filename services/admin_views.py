"""The referral exchange in the Wagtail admin: the list (with filters), the
detail page where operators move a referral through its life cycle, the
refer form, the bureau's measures and their CSV export. Registered in
services.wagtail_hooks; every rule is in services.referrals."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy

from core import access, spreadsheets
from core.links import absolute_url
from core.spreadsheets import Sheet
from core.taxonomy import Category
from core.years import selected_year
from incubators.models import IncubatorPage
from incubators.teams import incubators_of
from services import referrals
from services.forms import ReferForm, StatusChangeForm
from services.models.referral import Referral, ReferralStatus
from services.referrals import ReferralError


class ReferralPermissionPolicy(BasePermissionPolicy):
    """Operators and the bureau use the exchange; which referrals each sees or
    handles is decided per record by services.referrals. Nobody deletes a
    referral in the admin: the records are the measure."""

    def user_has_permission(self, user, action):
        return action in ("view", "add", "change") and bool(access.scope(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return referrals.can_view(user, instance)
        if action == "change":
            return referrals.can_handle(user, instance)
        return False

    def instances_user_has_permission_for(self, user, action):
        if action == "view":
            return referrals.visible_to(user)
        if action == "change":
            return referrals.handled_by(user)
        return Referral.objects.none()

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions:
            return referrals.visible_to(user)
        return self.instances_user_has_permission_for(user, "change" if "change" in actions else "delete")

    def users_with_any_permission(self, actions):
        if not set(actions) & {"view", "add", "change"}:
            return get_user_model().objects.none()
        return access.network_staff()


def _incubator_choices(request):
    return IncubatorPage.objects.order_by("path")


class ReferralFilterSet(WagtailFilterSet):
    direction = django_filters.ChoiceFilter(
        label=gettext_lazy("Direction"),
        choices=[
            ("received", gettext_lazy("Addressed to my incubators")),
            ("sent", gettext_lazy("Sent by my incubators")),
        ],
        method="filter_direction",
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=ReferralStatus.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    # The dashboard inbox's "unanswered for more than 48 hours" line links here.
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("Answer overdue"),
        choices=[("yes", gettext_lazy("New requests waiting too long for a first answer"))],
        method="filter_overdue",
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("Category"), choices=Category.choices, empty_label=gettext_lazy("All")
    )
    to_incubator = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Delivering incubator"), queryset=_incubator_choices
    )
    from_incubator = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Requester's incubator"), queryset=_incubator_choices
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Requested between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Referral
        fields = []

    def filter_overdue(self, queryset, name, value):
        return referrals.overdue(queryset) if value == "yes" else queryset

    def filter_direction(self, queryset, name, value):
        mine = incubators_of(self.request.user).values("pk")
        if value == "received":
            return queryset.filter(to_incubator__in=mine)
        if value == "sent":
            return queryset.filter(from_incubator__in=mine)
        return queryset


class ReferralIndexView(IndexView):
    add_item_label = gettext_lazy("Refer a startup")

    def get_base_queryset(self):
        return referrals.visible_to(self.request.user).for_listing()

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if access.is_bureau(self.request.user):
            buttons.append(HeaderButton(_("Measures"), url=reverse("referrals:measures"), icon_name="table"))
        return buttons


class ReferralDetailView(WagtailAdminTemplateMixin, View):
    """A referral with its contact data and history; for the delivering
    incubator's operators, the forms that move it on."""

    template_name = "services/admin/referral_detail.html"
    header_icon = "mail"
    index_url_name = None

    def dispatch(self, request, pk):
        if not bool(access.scope(request.user)):
            raise PermissionDenied
        self.referral = get_object_or_404(referrals.visible_to(request.user).for_listing(), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Referral %(reference)s") % {"reference": self.referral.reference}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Referrals")},
            {"url": "", "label": self.referral.reference},
        ]

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        if request.POST.get("action") == "confirm_origin":
            referrals.confirm_origin(self.referral, request.user)  # PermissionDenied unless allowed
            messages.success(
                request,
                _("Confirmed: the requester of %(reference)s is a startup of %(incubator)s.")
                % {"reference": self.referral.reference, "incubator": self.referral.from_incubator.title},
            )
            return redirect(request.path)
        if not referrals.can_handle(request.user, self.referral):
            raise PermissionDenied
        form = StatusChangeForm(request.POST)
        if form.is_valid():
            try:
                event = referrals.change_status(
                    self.referral, request.user, form.cleaned_data["to_status"], form.cleaned_data["note"]
                )
            except ReferralError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Referral %(reference)s is now %(status)s.")
                    % {"reference": self.referral.reference, "status": event.get_to_status_display()},
                )
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(failed_form=form), status=400)

    def get_context_data(self, failed_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.referral
        can_handle = referrals.can_handle(self.request.user, referral)
        forms_by_status = []
        if can_handle:
            failed_status = failed_form.data.get("to_status") if failed_form is not None else None
            for to_status in referrals.allowed_transitions(referral):
                if to_status == failed_status:
                    form = failed_form
                else:
                    form = StatusChangeForm(initial={"to_status": to_status})
                forms_by_status.append(
                    {
                        "status": to_status,
                        "label": dict(StatusChangeForm.base_fields["to_status"].choices)[to_status],
                        "note_required": to_status in referrals.NOTE_REQUIRED,
                        "form": form,
                    }
                )
        context.update(
            {
                "referral": referral,
                "events": referral.events.select_related("actor"),
                "can_handle": can_handle,
                "can_confirm_origin": referrals.can_confirm_origin(self.request.user, referral),
                "transitions": forms_by_status,
                "tracking_url": absolute_url(referrals.tracking_url(referral)),
                "index_url": reverse(self.index_url_name),
            }
        )
        return context


class ReferView(WagtailAdminTemplateMixin, FormView):
    """An operator refers one of its startups to another incubator's service."""

    template_name = "services/admin/refer.html"
    form_class = ReferForm
    header_icon = "mail"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not incubators_of(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Refer a startup to another incubator")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Referrals")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            referral = referrals.refer(
                self.request.user,
                form.cleaned_data["service"],
                form.cleaned_data["from_incubator"],
                **form.contact_data(),
            )
        except ReferralError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Referral %(reference)s sent to %(incubator)s.")
            % {"reference": referral.reference, "incubator": referral.to_incubator.title},
        )
        return redirect(referrals.admin_url(referral))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": _("Send referral"),
                "search_placeholder": _("Search services, categories, incubators…"),
            }
        )
        return context


class BureauOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.is_bureau(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReferralMeasuresView(BureauOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "services/admin/referral_measures.html"
    header_icon = "table"
    index_url_name = None

    def get_page_title(self):
        return _("Referral measures")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Referrals")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = selected_year(self.request, allow_all=True)
        result = referrals.measures(year)
        years = sorted(
            {d.year for d in Referral.objects.dates("created_at", "year")} | {timezone.localdate().year}
        )
        context.update(
            {
                "measures": result,
                "year": year,
                "years": years,
                "statuses": ReferralStatus.choices,
                "categories": Category.choices,
                "csv_url": reverse("referrals:measures_csv") + f"?year={year or 'all'}",
            }
        )
        return context


class ReferralMeasuresCSVView(BureauOnlyMixin, View):
    def get(self, request):
        year = selected_year(request, allow_all=True)
        rows = list(referrals.measures_csv_rows(referrals.measures(year)))
        return spreadsheets.csv_response(
            Sheet("", rows[0], rows[1:]), f"referral-measures-{year or 'all'}.csv"
        )


class ReferralViewSet(ModelViewSet):
    model = Referral
    name = "referrals"
    icon = "mail"
    add_to_admin_menu = True
    menu_order = 250
    menu_label = gettext_lazy("Referrals")
    # The reference index is how Wagtail's page delete view learns that an
    # incubator with referrals is protected (to/from_incubator are PROTECT).
    add_to_reference_index = True
    copy_view_enabled = False
    index_view_class = ReferralIndexView
    filterset_class = ReferralFilterSet
    search_fields = ["reference", "service_title", "requester_name", "company"]
    list_per_page = 30
    list_display = [
        "reference",
        "service_title",
        Column("to_incubator", label=gettext_lazy("Delivering incubator")),
        Column("from_incubator", label=gettext_lazy("Requester's incubator")),
        Column("get_category_display", label=gettext_lazy("Category"), sort_key="category"),
        StatusTagColumn(
            "get_status_display",
            label=gettext_lazy("Status"),
            sort_key="status",
            primary=lambda r: r.status == ReferralStatus.NEW,
        ),
        DateColumn("created_at", label=gettext_lazy("Requested at"), sort_key="created_at"),
    ]

    @property
    def add_view(self):
        return self.construct_view(ReferView)

    @property
    def edit_view(self):
        return self.construct_view(ReferralDetailView)

    @property
    def measures_view(self):
        return self.construct_view(ReferralMeasuresView)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("refer/", self.add_view, name="add"),
            path("<int:pk>/", self.edit_view, name="edit"),
            path("measures/", self.measures_view, name="measures"),
            path("measures/csv/", ReferralMeasuresCSVView.as_view(), name="measures_csv"),
        ]


class NewReferralsPanel(Component):
    """Dashboard: how many new requests wait for the user's incubators."""

    name = "new_referrals"
    order = 10  # first: it is what an operator has to act on
    template_name = "services/admin/new_referrals_panel.html"

    def __init__(self, count, url):
        self.count = count
        self.url = url

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": self.url}
