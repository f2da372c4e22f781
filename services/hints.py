"""Cross-referral hints: which incubators are strongest in a category.

The first signal is the self-declared specialty strength; later signals
(completed referrals, ratings) are added here so every caller — the service
page, the search page, the API — ranks the same way.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

HINT_MIN_STRENGTH = 3


def strongest_incubators(category, exclude=None, limit=3):
    """Live incubators rated at least HINT_MIN_STRENGTH in ``category``,
    strongest first, each with the number of live services it offers there."""
    from incubators.models import IncubatorPage, IncubatorSpecialty
    from services.models import ServicePage

    strength = IncubatorSpecialty.objects.filter(page=OuterRef("pk"), category=category).values("strength")[
        :1
    ]
    services = (
        ServicePage.objects.live()
        .filter(category=category, path__startswith=OuterRef("path"))
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    qs = (
        IncubatorPage.objects.live()
        .annotate(category_strength=Subquery(strength), service_count=Coalesce(Subquery(services), 0))
        .filter(category_strength__gte=HINT_MIN_STRENGTH)
        .order_by("-category_strength", "-service_count", "title")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs[:limit])
