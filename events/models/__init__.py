"""The events app's models, re-exported by name: the event pages and
registrations (events.models.events), and the calendar page
(events.models.calendar_page), kept apart because the calendar's queries
read the event models."""

from events.models.calendar_page import EventIndexPage
from events.models.events import (
    EventKind,
    EventPage,
    MatchmakingOutcome,
    OutcomeKind,
    Registration,
    RegistrationStatus,
    new_token,
)

__all__ = [
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "MatchmakingOutcome",
    "OutcomeKind",
    "Registration",
    "RegistrationStatus",
    "new_token",
]
