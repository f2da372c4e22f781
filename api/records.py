"""What the open-data APIs and the export may show: live, public pages only.

Every list and detail of ``/api/v1/``, ``/api/hsds/`` and ``export_hsds``
starts from one of these querysets, so a draft, a page behind a view
restriction (password, login, group), an unapproved achievement or a private
project never leaves the site. Registrations, referrals and achievement
interests are not pages and are never read here.
"""

from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q
from django.utils.html import strip_tags

from achievements.models import AchievementPage, ProjectPage
from events.models import EventPage
from incubators.models import IncubatorPage
from services.models import ServicePage


def public_incubators():
    return IncubatorPage.objects.live().public().order_by("path")


def public_services():
    return ServicePage.objects.live().public().order_by("path")


def public_events():
    """Live, public events, each with only its public co-hosts: a co-host
    that is a draft or behind a view restriction is left out."""
    co_hosts = Prefetch("co_hosts", queryset=public_incubators())
    return EventPage.objects.live().public().prefetch_related(co_hosts).order_by("start", "pk")


def public_achievements():
    # Published means approved by the bureau: drafts wait in the workflow.
    return (
        AchievementPage.objects.live().public().select_related("field").order_by("-first_published_at", "pk")
    )


def public_projects():
    return ProjectPage.objects.live().public().filter(private=False).order_by("-admitted", "pk")


def incubators_by_path():
    """Every public incubator by its tree path: a child page finds its
    incubator as ``by_path[page.path[:-steplen]]`` without a query each."""
    incubators = public_incubators().prefetch_related("opening_hours", "specialties")
    return {incubator.path: incubator for incubator in incubators}


def parent_path(page):
    return page.path[: -page.steplen]


def children_of(queryset, incubators):
    """Only the children of the given (public) incubators: a service under a
    draft or restricted incubator is not public either."""
    if not incubators:
        return queryset.none()
    return queryset.filter(reduce(or_, (Q(path__startswith=path) for path in incubators)))


def plain_text(html):
    """Rich text as plain text, for fields HSDS and API clients read as text."""
    return " ".join(strip_tags(html or "").split())
