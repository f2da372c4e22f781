"""``GET /api/v1/matches/`` (DESIGN.md, "Interfaces"): the payloads, built by
plain functions; ``api.v1`` serves them (matchmaking sits below api and
knows nothing of HTTP but the request it is given for absolute URLs).

``?demand=<slug>`` → the offers (achievements, services) that could meet an
open, public demand; ``?achievement=<slug>`` → the demands and incubated
projects a public achievement could serve. Best match first; only public
records; dismissed pairs are left out.
"""

from django.utils.translation import gettext as _

from matchmaking.matching import (
    matches_for_achievement,
    matches_for_demand,
    open_demands,
    public_achievements,
    reason_texts,
)

API_LIMIT = 20


class MatchQueryError(Exception):
    """A bad query: ``status`` is the HTTP status to answer with."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def _full_url(page, request):
    return page.get_full_url(request)


def _row(kind, page, incubator, match, request):
    return {
        "type": kind,
        "slug": page.slug,
        "title": page.title,
        "url": _full_url(page, request),
        "incubator": incubator.slug if incubator is not None else None,
        "score": round(match.score, 2),
        "reasons": reason_texts(match),
    }


def demand_payload(slug, request=None):
    demand = open_demands().filter(slug=slug).first()
    if demand is None:
        raise MatchQueryError(_("No open, published demand has this slug."), status=404)
    matches = matches_for_demand(demand, limit=API_LIMIT)
    return {
        "demand": demand.slug,
        "matches": [_row(m.offer_type, m.offer_page, m.incubator, m, request) for m in matches],
    }


def achievement_payload(slug, request=None):
    achievement = public_achievements().filter(slug=slug).first()
    if achievement is None:
        raise MatchQueryError(_("No published achievement has this slug."), status=404)
    matches = matches_for_achievement(achievement, limit=API_LIMIT)
    return {
        "achievement": achievement.slug,
        "matches": [_row(m.need_type, m.need_page, m.incubator, m, request) for m in matches],
    }


def matches_payload(demand=None, achievement=None, request=None):
    """The answer to ``?demand=`` or ``?achievement=`` (an empty or blank
    value counts as absent)."""
    demand, achievement = (demand or "").strip(), (achievement or "").strip()
    if bool(demand) == bool(achievement):
        raise MatchQueryError(_("Give exactly one of the parameters demand and achievement."))
    return demand_payload(demand, request) if demand else achievement_payload(achievement, request)
