"""What an incubator's profile and the incubator list show of its services
(registered with incubators.profile)."""

from collections import Counter, defaultdict

from core.taxonomy import Category
from incubators.models import IncubatorPage
from incubators.profile import list_figures, profile_section
from services.models import ServicePage


@profile_section
def services_by_category(incubator):
    services = list(ServicePage.objects.child_of(incubator).live().public().order_by("title"))
    by_category = defaultdict(list)
    for service in services:
        by_category[service.category].append(service)
    groups = [
        {"code": code, "label": label, "services": by_category[code]}
        for code, label in Category.choices
        if by_category[code]
    ]
    return {"service_groups": groups, "service_total": len(services)}


@list_figures
def service_totals(incubators, root):
    """``service_total`` on each incubator: its live services, in one query."""
    by_path = {page.path: page for page in incubators}
    counts = Counter()
    if by_path:
        depth = incubators[0].depth
        step = IncubatorPage.steplen
        paths = ServicePage.objects.live().public().descendant_of(root).values_list("path", flat=True)
        for path in paths:
            counts[path[: depth * step]] += 1
    for page in incubators:
        page.service_total = counts[page.path]
