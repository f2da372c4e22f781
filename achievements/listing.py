"""The public list of achievements: filters, owners, the latest few."""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from achievements import approval
from achievements.models.fields import TechnologyField
from achievements.models.pages import Maturity, TransferMode
from incubators.models import IncubatorPage

PAGE_SIZE = 20


def _owner_choices():
    return [("", gettext_lazy("All incubators"))] + [
        (page.slug, page.title) for page in IncubatorPage.objects.live().public().order_by("path")
    ]


class AchievementFilterForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Technical field"), required=False)
    maturity = forms.TypedChoiceField(
        label=gettext_lazy("Minimum maturity"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any maturity"))] + Maturity.choices,
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Transfer mode"),
        required=False,
        choices=[("", gettext_lazy("All transfer modes"))] + TransferMode.choices,
    )
    incubator = forms.ChoiceField(label=gettext_lazy("Incubator"), required=False)

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = field_choices(fields)
        self.fields["incubator"].choices = _owner_choices()


def field_choices(fields):
    """The technical-field filter: entries of the bureau's list (their id as
    the value, their name in the page's language as the label)."""
    return [("", _("All fields"))] + [(str(field.pk), field.label) for field in fields]


def field_filter_data(data):
    """The query string with a ``field`` given by name (a link made before
    the list, ``?field=海洋生物``) turned into its entry's id."""
    value = (data or {}).get("field", "")
    if value and not str(value).isdigit():
        field = TechnologyField.objects.named(value)
        data = data.copy()
        data["field"] = str(field.pk) if field else value
    return data


def filter_achievements(data):
    """The published achievements matching the list filters, newest first.
    Invalid filter values are reported by the form and not applied. The field
    filter offers the entries of the list that published achievements use."""
    queryset = approval.public_achievements()
    fields = TechnologyField.objects.in_use(queryset)
    form = AchievementFilterForm(field_filter_data(data) or None, fields=list(fields))
    if form.is_valid():
        cleaned = form.cleaned_data
        queryset = filter_by_field_mode_owner(queryset, cleaned)
        if cleaned["maturity"]:
            queryset = queryset.filter(maturity__gte=cleaned["maturity"])
    return form, queryset.order_by("-first_published_at", "-pk")


def filter_by_field_mode_owner(queryset, cleaned):
    """The filters the achievement and demand lists share: technical field,
    transfer mode and owning incubator (empty values are not applied)."""
    if cleaned.get("field"):
        queryset = queryset.filter(field_id=cleaned["field"])
    if cleaned.get("mode"):
        # JSON list of codes; the quoted code cannot match another code.
        queryset = queryset.filter(transfer_modes__icontains=f'"{cleaned["mode"]}"')
    if cleaned.get("incubator"):
        owner = IncubatorPage.objects.live().filter(slug=cleaned["incubator"]).first()
        queryset = queryset.descendant_of(owner) if owner else queryset.none()
    return queryset


def attach_owners(achievements, incubators=None):
    """Set ``owner_incubator`` on each achievement, from ``incubators`` when
    the caller has them, else in one query."""
    step = IncubatorPage.steplen
    paths = {page.path[:-step] for page in achievements}
    if incubators is None:
        incubators = IncubatorPage.objects.filter(path__in=paths)
    owners = {page.path: page for page in incubators}
    for page in achievements:
        page.owner_incubator = owners.get(page.path[:-step])
    return achievements


def achievement_list_context(request):
    form, queryset = filter_achievements(request.GET)
    paginator = Paginator(queryset.select_related("field"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    attach_owners(list(page_obj.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "achievements": page_obj.object_list,
        "page_obj": page_obj,
        "result_count": paginator.count,
        "filter_query": query.urlencode(),
        "is_filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
    }


def latest_achievements(limit=4, incubators=None):
    latest = approval.public_achievements().select_related("field")
    latest = latest.order_by("-first_published_at", "-pk")[:limit]
    return attach_owners(list(latest), incubators)
