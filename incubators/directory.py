"""Read-side queries for the public directory pages.

Each list is built with a fixed number of SQL queries whatever the number of
incubators or services (tests/incubators/test_query_counts.py holds it).
"""

from collections import Counter, defaultdict

from django import forms
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from incubators.models import CustomImage, IncubatorKind, IncubatorPage, IncubatorSpecialty
from incubators.projects import incubator_activity_context
from services.models import ServicePage
from services.taxonomy import Category

LOGO_FILTER = "fill-96x96"


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


def with_logos(queryset):
    return queryset.prefetch_related(
        "specialties",
        Prefetch("logo", queryset=CustomImage.objects.prefetch_renditions(LOGO_FILTER)),
    )


def service_counts(pages, root):
    """{incubator page pk: {category: live service count}} in one query."""
    by_path = {page.path: page.pk for page in pages}
    counts = defaultdict(Counter)
    if not by_path:
        return counts
    depth = next(iter(pages)).depth
    step = IncubatorPage.steplen
    rows = ServicePage.objects.live().public().descendant_of(root).values_list("path", "category")
    for path, category in rows:
        owner = by_path.get(path[: depth * step])
        if owner is not None:
            counts[owner][category] += 1
    return counts


def filter_incubators(index_page, data):
    """Apply the list filters; invalid values are reported, never applied."""
    districts = (
        IncubatorPage.objects.child_of(index_page)
        .live()
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    form = IncubatorFilterForm(data or None, districts=list(districts))
    queryset = IncubatorPage.objects.child_of(index_page).live().public().order_by("path")
    specialty = ""
    if form.is_valid():
        if form.cleaned_data["kind"]:
            queryset = queryset.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["district"]:
            queryset = queryset.filter(district=form.cleaned_data["district"])
        specialty = form.cleaned_data["specialty"]
        if specialty:
            strength = IncubatorSpecialty.objects.filter(page=OuterRef("pk"), category=specialty).values(
                "strength"
            )[:1]
            queryset = (
                queryset.annotate(category_strength=Subquery(strength))
                .filter(category_strength__gte=1)
                .order_by("-category_strength", "path")
            )
    return form, with_logos(queryset), specialty


def incubator_list_context(index_page, request):
    form, queryset, specialty = filter_incubators(index_page, request.GET)
    incubators = list(queryset)
    counts = service_counts(incubators, index_page)
    for incubator in incubators:
        incubator.service_total = sum(counts[incubator.pk].values())
    return {
        "filter_form": form,
        "incubators": incubators,
        "specialty": specialty,
        "specialty_label": Category(specialty).label if specialty else "",
        "is_filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
    }


def incubator_profile_context(incubator):
    services = ServicePage.objects.child_of(incubator).live().public()
    services = list(services.order_by("title").specific(defer=False))
    by_category = defaultdict(list)
    for service in services:
        by_category[service.category].append(service)
    groups = [
        {"code": code, "label": label, "services": by_category[code]}
        for code, label in Category.choices
        if by_category[code]
    ]
    gallery = incubator.gallery_images.select_related("image").prefetch_related(
        Prefetch("image", queryset=CustomImage.objects.prefetch_renditions("fill-480x320"))
    )
    return {
        "service_groups": groups,
        "service_total": len(services),
        "gallery": gallery,
        **incubator_activity_context(incubator),
    }


def network_overview():
    """Home page figures: the network's incubators and, per category, how many
    services it offers and who is strongest."""
    incubators = list(with_logos(IncubatorPage.objects.live().public().order_by("path")))
    per_category = Counter(ServicePage.objects.live().public().values_list("category", flat=True).order_by())
    strongest = defaultdict(list)
    for incubator in incubators:
        for row in incubator.specialty_profile:
            if row["strength"] >= 4:
                strongest[row["code"]].append((row["strength"], incubator))
    categories = []
    for code, label in Category.choices:
        leaders = [inc for _s, inc in sorted(strongest[code], key=lambda p: (-p[0], p[1].path))]
        categories.append(
            {"code": code, "label": label, "service_count": per_category[code], "leaders": leaders[:3]}
        )
    return {
        "incubators": incubators,
        "incubator_count": len(incubators),
        "service_count": sum(per_category.values()),
        "categories": categories,
    }
