"""What the home page shows of the network: its incubators and, per
category, how many services it offers and who is strongest (ranked as the
cross-referral hints are: declared strength weighed with the referral
record, services.hints)."""

from collections import Counter, defaultdict

from django.utils import timezone

from core.taxonomy import Category
from events.calendar import upcoming_events
from events.models import EventIndexPage
from incubators.models import IncubatorPage, with_logos
from services.hints import HINT_MIN_STRENGTH, record_order
from services.models import ServicePage
from services.referrals import referral_signals_by_category


def network_overview():
    """Home page figures: the network's incubators and, per category, how many
    services it offers and who is strongest."""
    incubators = list(with_logos(IncubatorPage.objects.live().public().order_by("path")))
    per_category = Counter(ServicePage.objects.live().public().values_list("category", flat=True).order_by())
    declared = defaultdict(list)
    for incubator in incubators:
        for row in incubator.specialty_profile:
            if row["strength"] >= HINT_MIN_STRENGTH:
                declared[row["code"]].append((row["strength"], incubator))
    signals = referral_signals_by_category()
    categories = []
    for code, label in Category.choices:
        categories.append(
            {
                "code": code,
                "label": label,
                "service_count": per_category[code],
                "leaders": category_leaders(declared[code], signals.get(code, {})),
            }
        )
    return {
        "incubators": incubators,
        "incubator_count": len(incubators),
        "service_count": sum(per_category.values()),
        "categories": categories,
    }


def category_leaders(declared, signals, limit=3):
    """The strongest of ``declared`` [(declared strength, incubator)] in a
    category, in services.hints.record_order with the category's referral
    ``signals`` (services.referrals.referral_signals)."""
    ranked = sorted(declared, key=lambda pair: record_order(pair[0], pair[1], signals))
    return [incubator for _strength, incubator in ranked[:limit]]


def upcoming_events_context(limit=4, now=None, incubators=None):
    """What the home page shows of the calendar."""
    now = now or timezone.now()
    return {
        "upcoming_events": upcoming_events(limit, now, incubators),
        "event_calendar": EventIndexPage.objects.live().first(),
        "now": now,
    }
