"""Technology demands: submission, review, and who may see whose contact
data (the public list is matchmaking.listing).

Review is Wagtail's: a submitted demand is a draft page under the firm's
incubator (or under the demand list for a firm outside the network), and
publishing it is the review. The operators of that incubator hold publish
permission on their subtree; only the bureau holds it on the demand list.
``reviewable_demands`` lists the drafts waiting for a user.

Contact data of a demand: the owning incubator's operators (they edit the
page), the operators of an incubator whose achievement is matched to it (not
dismissed), and the bureau — ``may_see_contacts``.
"""

from django.db import transaction
from django.db.models import Q
from wagtail.models import Page

from core import access
from incubators.models import IncubatorPage
from matchmaking.matching import Incubators
from matchmaking.models import (
    AgendaItem,
    DemandIndexPage,
    DemandPage,
    DemandSource,
    Match,
    MatchStatus,
    OfferType,
)


def demand_index():
    """The public demand list, which the data migration
    matchmaking.0006_demand_index_page creates under the home page."""
    index = DemandIndexPage.objects.order_by("path").first()
    if index is None:
        raise DemandIndexPage.DoesNotExist(
            "The site has no demand list: `manage.py migrate` creates it "
            "(matchmaking.0006_demand_index_page)."
        )
    return index


def owner_of(demand):
    return demand.incubator


# --- submission -------------------------------------------------------------


@transaction.atomic
def submit_demand(*, incubator=None, source=DemandSource.FORM, **values):
    """Save a demand as a draft awaiting review by ``incubator``'s operators
    (or the bureau when it is None). Returns the draft page."""
    parent = incubator if incubator is not None else demand_index()
    page = DemandPage(source=source, live=False, **values)
    parent.add_child(instance=page)
    page.save_revision(log_action=True)
    return page


# --- access -------------------------------------------------------------------


def _subtree_filter(queryset, incubator_ids):
    """Pages of ``queryset`` under one of the incubators."""
    paths = IncubatorPage.objects.filter(pk__in=incubator_ids).values_list("path", flat=True)
    condition = None
    for path in paths:
        clause = Q(path__startswith=path)
        condition = clause if condition is None else condition | clause
    return queryset.filter(condition) if condition is not None else queryset.none()


def demands_visible_to(user):
    """Demands (drafts included, contact data included) the user handles: its
    incubators' demands; all of them for the bureau."""
    mine = access.scope(user)
    if mine.everything:
        return DemandPage.objects.all()
    return _subtree_filter(DemandPage.objects.all(), mine.ids)


def reviewable_demands(user):
    """Drafts never published yet, waiting for this user's review."""
    return demands_visible_to(user).filter(live=False, first_published_at__isnull=True).order_by("-pk")


def matched_offer_incubator_ids(demand):
    """Incubators whose achievement is matched (not dismissed) to ``demand``."""
    offer_ids = (
        Match.objects.filter(need=demand, offer_type=OfferType.ACHIEVEMENT)
        .exclude(status=MatchStatus.DISMISSED)
        .values_list("offer_id", flat=True)
    )
    incubators = Incubators()
    owners = {incubators.of(page) for page in Page.objects.filter(pk__in=list(offer_ids)).only("path")}
    return {owner.pk for owner in owners if owner is not None}


def may_see_contacts(user, demand):
    mine = access.scope(user)
    if mine.everything:
        return True
    if not mine:
        return False
    owner = demand.incubator
    if owner is not None and owner.pk in mine:
        return True
    return bool(mine.ids & matched_offer_incubator_ids(demand))


def outcomes_of(page):
    """Recorded outcomes of the agenda items a demand or offer was part of."""
    return (
        AgendaItem.objects.filter(outcome__gt="")
        .filter(Q(need=page) | Q(offer=page))
        .select_related("event")
        .order_by("-recorded_at")
    )
