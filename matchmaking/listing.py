"""The public list of technology demands (filters, owners, solved marks) and
the read-side queries the demand list and the demand page share.

Models are imported from matchmaking.models.pages, not from the package:
the list page (matchmaking.models.list_page) imports this module while the
package is being initialised.
"""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from achievements.listing import field_choices, field_filter_data, filter_by_field_mode_owner
from achievements.models import TechnologyField, TransferMode
from incubators.models import IncubatorPage
from matchmaking import matching
from matchmaking.models.pages import AgendaItem, OutcomeKind

PAGE_SIZE = 20


def _agreements():
    """Agenda items whose outcome is a signed agreement: it solves the need."""
    return AgendaItem.objects.filter(outcome=OutcomeKind.AGREEMENT, need__isnull=False)


def solved_demand_ids():
    return set(_agreements().values_list("need_id", flat=True))


def is_solved(demand):
    return _agreements().filter(need=demand).exists()


class DemandFilterForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Technical field"), required=False)
    mode = forms.ChoiceField(
        label=gettext_lazy("Transfer mode"),
        required=False,
        choices=[("", gettext_lazy("All transfer modes"))] + TransferMode.choices,
    )
    incubator = forms.ChoiceField(label=gettext_lazy("Incubator"), required=False)

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = field_choices(fields)
        self.fields["incubator"].choices = [("", _("All incubators"))] + [
            (page.slug, page.title) for page in IncubatorPage.objects.live().public().order_by("path")
        ]


def public_demands(today=None):
    return matching.open_demands(today)


def filter_demands(data):
    queryset = public_demands()
    fields = TechnologyField.objects.in_use(queryset)
    form = DemandFilterForm(field_filter_data(data) or None, fields=list(fields))
    if form.is_valid():
        queryset = filter_by_field_mode_owner(queryset, form.cleaned_data)
    return form, queryset.order_by("deadline", "-pk")


def attach_owners(demands):
    step = IncubatorPage.steplen
    owners = {
        page.path: page for page in IncubatorPage.objects.filter(path__in={d.path[:-step] for d in demands})
    }
    solved = solved_demand_ids()
    for demand in demands:
        demand.owner_incubator = owners.get(demand.path[:-step])
        demand.is_solved = demand.pk in solved
    return demands


def demand_list_context(request):
    form, queryset = filter_demands(request.GET)
    paginator = Paginator(queryset.select_related("field"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    attach_owners(list(page_obj.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "demands": page_obj.object_list,
        "page_obj": page_obj,
        "result_count": paginator.count,
        "filter_query": query.urlencode(),
        "is_filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
    }
