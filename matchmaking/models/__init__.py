"""The matchmaking app's models, re-exported by name: the demand page and
the match records (matchmaking.models.pages), and the public demand list
page (matchmaking.models.list_page), kept apart because the list's queries
read the demand models."""

from matchmaking.models.list_page import DemandIndexPage
from matchmaking.models.pages import (
    AgendaItem,
    DemandPage,
    DemandPageForm,
    DemandSource,
    Match,
    MatchStatus,
    NeedType,
    OfferType,
    OutcomeKind,
)

__all__ = [
    "AgendaItem",
    "DemandIndexPage",
    "DemandPage",
    "DemandPageForm",
    "DemandSource",
    "Match",
    "MatchStatus",
    "NeedType",
    "OfferType",
    "OutcomeKind",
]
