"""Cross-referral hints: which incubators are strongest in a category.

Two kinds of evidence, so every caller — the service page, the search page,
the API, the incubator list filtered by a specialty and the home page's
"strongest" tiles — ranks the same way: the self-declared specialty strength, and the
record of the referral exchange (completed referrals in the category and
how their requesters rated them). Declared strength decides who is listed at
all; the record moves incubators up or down within the list.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from incubators.models import IncubatorPage, IncubatorSpecialty
from incubators.profile import category_ranking
from services.models import ServicePage
from services.referrals import referral_signals

HINT_MIN_STRENGTH = 3
# Completed referrals beyond this many add no further weight.
REFERRAL_RECORD_CAP = 10
NEUTRAL_RATING = 3


def hint_score(strength, completed_referrals=0, average_rating=None):
    """Declared strength (0–5), plus up to one point for a record of
    completed referrals in the category, plus or minus up to one point for
    their average rating (three stars is neutral)."""
    score = strength + min(completed_referrals, REFERRAL_RECORD_CAP) / REFERRAL_RECORD_CAP
    if average_rating is not None:
        score += (average_rating - NEUTRAL_RATING) / 2
    return score


def strongest_incubators(category, exclude=None, limit=3):
    """Live, public incubators rated at least HINT_MIN_STRENGTH in ``category``, best
    first by hint_score, each annotated with ``category_strength``,
    ``service_count`` (live services it offers there),
    ``completed_referrals``, ``average_rating`` and ``hint_score``."""

    strength = IncubatorSpecialty.objects.filter(page=OuterRef("pk"), category=category).values("strength")[
        :1
    ]
    services = (
        ServicePage.objects.live()
        .public()
        .filter(category=category, path__startswith=OuterRef("path"))
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    qs = (
        IncubatorPage.objects.live()
        .public()
        .annotate(category_strength=Subquery(strength), service_count=Coalesce(Subquery(services), 0))
        .filter(category_strength__gte=HINT_MIN_STRENGTH)
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    incubators = weigh_record(list(qs), referral_signals(category))
    incubators.sort(key=lambda i: (-i.hint_score, -i.category_strength, -i.service_count, i.title))
    return incubators[:limit]


def weigh_record(incubators, signals):
    """Set ``completed_referrals``, ``average_rating`` and ``hint_score`` on
    each of ``incubators`` (which carry ``category_strength``) from
    ``signals`` (services.referrals.referral_signals)."""
    for incubator in incubators:
        completed, average = signals.get(incubator.pk, (0, None))
        incubator.completed_referrals = completed
        incubator.average_rating = average
        incubator.hint_score = hint_score(incubator.category_strength or 0, completed, average)
    return incubators


def record_order(strength, incubator, signals):
    """Sort key of an incubator declaring ``strength`` in a category whose
    referral ``signals`` are given: best first by hint_score, ties by
    declared strength, then the tree's order. The filtered incubator list
    and the home page's "strongest" tiles both rank by it."""
    return (-hint_score(strength, *signals.get(incubator.pk, (0, None))), -strength, incubator.path)


@category_ranking
def rank_by_record(incubators, category):
    """The incubator list filtered by ``category``, in record_order, each
    incubator weighed (weigh_record) for the template."""
    signals = referral_signals(category)
    incubators = weigh_record(list(incubators), signals)
    return sorted(incubators, key=lambda i: record_order(i.category_strength or 0, i, signals))
