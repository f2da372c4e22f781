"""Who may act for whom: the one place every view, admin hook, API and task
asks.

Two questions, two answers:

- ``is_bureau(user)``: does this user act for the science & technology
  bureau (科技局) — superusers and members of the ``bureau`` group?
- ``scope(user)``: which incubators may this user act for? The bureau:
  every one. An operator: the incubator pages on which its groups hold
  Wagtail's *change* page permission — the same grant that confines it in
  the admin (incubators.teams gives each operator group that permission on
  its incubator's page only), so the page tree and the records that are not
  pages (referrals, registrations, interest, quotas) follow one rule.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import GroupPagePermission

BUREAU_GROUP_NAME = "bureau"


def _active(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_bureau(user):
    if not _active(user):
        return False
    cached = getattr(user, "_is_bureau", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=BUREAU_GROUP_NAME).exists()
        user._is_bureau = cached
    return cached


@dataclass(frozen=True)
class Scope:
    """The incubators a user may act for: ``everything`` (the bureau) or the
    page ids in ``ids`` (nothing at all for a visitor)."""

    everything: bool
    ids: frozenset

    def __contains__(self, incubator_id):
        return self.everything or incubator_id in self.ids

    def __bool__(self):
        return self.everything or bool(self.ids)

    def filter(self, queryset, field="pk"):
        """``queryset`` narrowed to records whose ``field`` (an incubator
        page or its id) is in scope."""
        if self.everything:
            return queryset
        return queryset.filter(**{f"{field}__in": self.ids})


NOTHING = Scope(everything=False, ids=frozenset())


def scope(user):
    if not _active(user):
        return NOTHING
    if is_bureau(user):
        return Scope(everything=True, ids=frozenset())
    cached = getattr(user, "_incubator_scope", None)
    if cached is None:
        ids = GroupPagePermission.objects.filter(
            group__user=user, permission__codename="change_page"
        ).values_list("page_id", flat=True)
        cached = Scope(everything=False, ids=frozenset(ids))
        user._incubator_scope = cached
    return cached


def network_staff():
    """Active accounts that work in the admin — superusers, the bureau and
    every group holding page permissions (the incubators' operators): the
    users a record permission policy may name for a "view" or "change"."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__name=BUREAU_GROUP_NAME)
            | Q(groups__page_permissions__permission__codename="change_page")
        )
        .distinct()
    )
