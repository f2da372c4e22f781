"""Closing the loop: what people do with the matches.

Operators of either side of a match (the need's incubator, the offer's
incubator) see it in the admin, dismiss it (remembered: the pair stays out
of every list and its shared terms weigh less in later scores, see
matchmaking.scoring.penalties_from) or propose a meeting. The bureau turns
selected pairs into a draft matchmaking event whose agenda they are; the
event's host (and the bureau) record each pair's outcome, and an agreement
marks the demand solved (matchmaking.listing.solved_demand_ids).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Page

from core import access
from events.models import EventKind, EventPage
from incubators.models import IncubatorPage
from matchmaking.matching import Incubators, reason_texts
from matchmaking.models import AgendaItem, Match, MatchStatus, OutcomeKind
from matchmaking.tasks import schedule_recompute


def _paths(incubator_ids):
    return list(IncubatorPage.objects.filter(pk__in=incubator_ids).values_list("path", flat=True))


def matches_visible_to(user):
    """Matches the user may see and act on: those with either side under one
    of its incubators; every match for the bureau."""
    mine = access.scope(user)
    if mine.everything:
        return Match.objects.all()
    condition = Q(pk__in=[])
    for path in _paths(mine.ids):
        condition |= Q(need__path__startswith=path) | Q(offer__path__startswith=path)
    return Match.objects.filter(condition)


def may_act(user, match):
    return matches_visible_to(user).filter(pk=match.pk).exists()


def _change(match, user, status, note):
    if not may_act(user, match):
        raise PermissionDenied
    match.status = status
    match.changed_by = user
    match.changed_at = timezone.now()
    if note:
        match.note = note
    match.save(update_fields=["status", "changed_by", "changed_at", "note"])
    return match


def dismiss(match, user, note=""):
    """Drop a wrong match for good; later scores weigh its shared terms less."""
    _change(match, user, MatchStatus.DISMISSED, note)
    schedule_recompute()
    return match


def propose_meeting(match, user, note=""):
    return _change(match, user, MatchStatus.PROPOSED, note)


def restore(match, user, note=""):
    _change(match, user, MatchStatus.SUGGESTED, note)
    schedule_recompute()
    return match


def attach_pages(matches):
    """Set need_page, offer_page, need_incubator, offer_incubator and
    reason_list on each match, in two queries."""
    ids = {m.need_id for m in matches} | {m.offer_id for m in matches}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    incubators = Incubators()
    for match in matches:
        match.need_page = pages.get(match.need_id)
        match.offer_page = pages.get(match.offer_id)
        match.need_incubator = incubators.of(match.need_page) if match.need_page else None
        match.offer_incubator = incubators.of(match.offer_page) if match.offer_page else None
        match.reason_list = reason_texts(match)
    return matches


# --- matchmaking events -------------------------------------------------------


def _agenda_html(matches):
    items = "".join(f"<li>{escape(m.need_page.title)} ↔ {escape(m.offer_page.title)}</li>" for m in matches)
    return f"<p>{escape(_('Matched pairs on the agenda:'))}</p><ol>{items}</ol>"


@transaction.atomic
def create_matchmaking_event(user, matches, *, host, title, start, end, place=""):
    """A draft matchmaking EventPage under ``host`` with ``matches`` as its
    agenda (bureau only). The host's operators complete and publish it."""
    if not access.is_bureau(user):
        raise PermissionDenied
    matches = attach_pages(list(matches))
    event = EventPage(
        title=title,
        kind=EventKind.MATCHMAKING,
        start=start,
        end=end,
        place=place,
        description=_agenda_html(matches),
        live=False,
    )
    host.add_child(instance=event)
    event.save_revision(user=user, log_action=True)
    for order, match in enumerate(matches):
        AgendaItem.objects.create(
            event=event, match=match, need_id=match.need_id, offer_id=match.offer_id, sort_order=order
        )
        if match.status == MatchStatus.SUGGESTED:
            match.status = MatchStatus.PROPOSED
            match.changed_by = user
            match.changed_at = timezone.now()
            match.save(update_fields=["status", "changed_by", "changed_at"])
    return event


def events_with_agenda(user):
    """Matchmaking events with an agenda whose outcomes the user may record:
    the host's operators and the bureau."""
    events = EventPage.objects.filter(agenda_items__isnull=False).distinct().order_by("-start")
    mine = access.scope(user)
    if mine.everything:
        return events
    condition = Q(pk__in=[])
    for path in _paths(mine.ids):
        condition |= Q(path__startswith=path)
    return events.filter(condition)


def may_record(user, event):
    return events_with_agenda(user).filter(pk=event.pk).exists()


def record_outcome(item, user, *, outcome, contract_value=None, note=""):
    if not may_record(user, item.event):
        raise PermissionDenied
    if outcome not in OutcomeKind.values:
        raise ValueError(outcome)
    item.outcome = outcome
    item.contract_value = contract_value if outcome == OutcomeKind.AGREEMENT else None
    item.note = note
    item.recorded_by = user
    item.recorded_at = timezone.now()
    item.save(update_fields=["outcome", "contract_value", "note", "recorded_by", "recorded_at"])
    return item


def agenda_of(event):
    items = list(AgendaItem.objects.filter(event=event).order_by("sort_order", "pk"))
    pages = Page.objects.filter(pk__in={i.need_id for i in items} | {i.offer_id for i in items})
    by_id = {page.pk: page for page in pages.specific()}
    for item in items:
        item.need_page = by_id.get(item.need_id)
        item.offer_page = by_id.get(item.offer_id)
    return items


def outcomes_by_event(event_ids):
    """{event id: [agenda items with a recorded outcome]} for the quota
    board's matchmaking drill-down."""
    result = {}
    items = AgendaItem.objects.filter(event_id__in=event_ids).exclude(outcome="").order_by("sort_order")
    pages = {
        p.pk: p.title
        for p in Page.objects.filter(pk__in={i.need_id for i in items} | {i.offer_id for i in items})
    }
    for item in items:
        item.need_title = pages.get(item.need_id, "")
        item.offer_title = pages.get(item.offer_id, "")
        result.setdefault(item.event_id, []).append(item)
    return result


def default_event_times(today=None):
    """A suggestion for the agenda form: two weeks ahead, 14:00–17:00."""
    day = (today or timezone.localdate()) + datetime.timedelta(days=14)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    return start, start + datetime.timedelta(hours=3)
