"""What the home page shows of the network: its incubators and, per
category, how many services it offers and who is strongest."""

from collections import Counter, defaultdict

from django.utils import timezone

from core.taxonomy import Category
from events.calendar import upcoming_events
from events.models import EventIndexPage
from incubators.models import IncubatorPage, with_logos
from services.models import ServicePage


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


def upcoming_events_context(limit=4, now=None, incubators=None):
    """What the home page shows of the calendar."""
    now = now or timezone.now()
    return {
        "upcoming_events": upcoming_events(limit, now, incubators),
        "event_calendar": EventIndexPage.objects.live().first(),
        "now": now,
    }
