"""Reporting years as the admin and the public reports take them from a URL."""

from django.utils import timezone

YEAR_MIN = 2000
YEAR_MAX = 2100


def parse_year(value):
    """An int year in the supported range, or None."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def selected_year(request, allow_all=False):
    """The ``year`` query parameter: a valid year, else this year; with
    ``allow_all``, ``year=all`` gives None (meaning every year)."""
    value = request.GET.get("year", "")
    if allow_all and value == "all":
        return None
    return parse_year(value) or timezone.localdate().year
