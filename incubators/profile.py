"""What an incubator's profile and the incubator list show of the pages
under each incubator.

The incubators app sits below services, events and achievements and imports
none of them. Those apps register here, from their AppConfig.ready(), what
they add: ``profile_section(incubator)`` returns template context for the
profile page; ``list_figures(incubators, root)`` sets attributes on the
incubators of the list (for example ``service_total``), in a fixed number of
queries whatever the number of incubators. ``category_ranking(incubators,
category)`` orders incubators (each with ``category_strength``) best first
in a category: services.hints weighs declared strength with the referral
record, so the list ranks as the cross-referral hints do.
"""

PROFILE_SECTIONS = []
LIST_FIGURES = []
CATEGORY_RANKINGS = []


def profile_section(function):
    PROFILE_SECTIONS.append(function)
    return function


def list_figures(function):
    LIST_FIGURES.append(function)
    return function


def profile_context(incubator):
    context = {}
    for section in PROFILE_SECTIONS:
        context.update(section(incubator))
    return context


def add_list_figures(incubators, root):
    for figures in LIST_FIGURES:
        figures(incubators, root)


def category_ranking(function):
    CATEGORY_RANKINGS.append(function)
    return function


def rank_in_category(incubators, category):
    """``incubators`` best first in ``category``: by the registered ranking,
    else (no app registered one) by declared strength as given."""
    for ranking in CATEGORY_RANKINGS:
        incubators = ranking(incubators, category)
    return incubators
