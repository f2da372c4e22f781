from django import template

from matchmaking.listing import is_solved
from matchmaking.matching import matches_for_demand, reason_texts

register = template.Library()

# Offers shown on a demand's page.
PAGE_MATCHES = 5


@register.simple_tag
def demand_matches(demand):
    """The best public offers for a published demand, each with its
    ``reason_list`` worded in the reader's language (matchmaking.matching)."""
    if not demand.live:
        return []
    matches = matches_for_demand(demand, limit=PAGE_MATCHES)
    for match in matches:
        match.reason_list = reason_texts(match)
    return matches


@register.simple_tag
def demand_solved(demand):
    """Whether a matchmaking event's agreement solved the demand
    (matchmaking.listing)."""
    return is_solved(demand)
