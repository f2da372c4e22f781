"""The search report in the Wagtail admin (search.analytics).

The bureau sees what people search over a chosen period — top queries,
queries that found nothing, queries whose results nobody opened — and turns
a query that found nothing into a synonym in one step. An operator sees only
how often its own incubator's pages were opened from search.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from core.access import is_bureau, scope
from search import analytics
from search.models import Synonym, split_terms

PERIODS = (7, 30, 90, 180)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self):
        """(first day, last day), both included; the last 30 days by default."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=29)
        if start > end:
            start, end = end, start
        return start, end


def bounds(start, end):
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


class SynonymFromQueryForm(forms.Form):
    term = forms.CharField(max_length=64)
    equivalents = forms.CharField(max_length=255)

    def clean_term(self):
        term = self.cleaned_data["term"].strip()
        if not term:
            raise forms.ValidationError(_("The query is empty."))
        return term

    def clean_equivalents(self):
        terms = split_terms(self.cleaned_data["equivalents"])
        if not terms:
            raise forms.ValidationError(_("Give at least one word that documents use instead."))
        return terms


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/report.html"
    header_icon = "search"
    page_title = gettext_lazy("Search report")

    def dispatch(self, request, *args, **kwargs):
        # The bureau, and operators (for their own incubators' pages).
        if not scope(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        """ "Add as synonym" from a query that found nothing (bureau only)."""
        if not is_bureau(request.user):
            raise PermissionDenied
        form = SynonymFromQueryForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(request.get_full_path())
        term, equivalents = form.cleaned_data["term"], form.cleaned_data["equivalents"]
        synonym = Synonym.objects.filter(term=term).first()
        if synonym is None:
            synonym = Synonym(term=term, equivalents="、".join(equivalents), note=_("from the search report"))
        else:
            known = synonym.equivalent_list()
            synonym.equivalents = "、".join([*known, *(e for e in equivalents if e not in known)])
        synonym.save()  # re-queues the documents holding its terms (search.signals)
        messages.success(request, _("Synonym saved: %(synonym)s") % {"synonym": synonym})
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PeriodForm(self.request.GET or None)
        start, end = form.period()
        low, high = bounds(start, end)
        bureau = is_bureau(self.request.user)
        own = None if bureau else set(scope(self.request.user).ids)
        opens = analytics.opens_by_page(low, high, incubator_ids=own)
        pages = Page.objects.filter(pk__in=[row["page_id"] for row in opens]).in_bulk()
        for row in opens:
            row["page"] = pages.get(row["page_id"])
        today = timezone.localdate()
        context.update(
            {
                "form": form,
                "start": start,
                "end": end,
                "presets": [
                    {"days": days, "start": today - timedelta(days=days - 1), "end": today}
                    for days in PERIODS
                ],
                "is_bureau": bureau,
                "opens": opens,
            }
        )
        if bureau:
            context.update(
                {
                    "top": analytics.top_queries(low, high),
                    "zero": analytics.zero_result_queries(low, high),
                    "unopened": analytics.unopened_queries(low, high),
                }
            )
        return context
