"""What the layout tells search engines and link previews about a page."""

import re
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

# The page's own words, in the order they describe it best.
DESCRIBING_FIELDS = ("search_description", "summary", "display_intro", "description")


@register.simple_tag
def meta_description(page=None):
    """The page's search description, else its summary, introduction or
    description (tags stripped, about 150 characters), else the network's."""
    for field in DESCRIBING_FIELDS:
        text = re.sub(r"\s+", " ", strip_tags(str(getattr(page, field, "") or ""))).strip()
        if text:
            return Truncator(text).chars(150)
    return _(
        "Services, events and technology achievements of Rongcheng's incubators and maker spaces, "
        "shared across the network."
    )


@register.simple_tag
def directions(item):
    """Links that take a visitor to the place: a route in Amap (高德地图, the
    map most phones in China carry; its web page opens the app when there is
    one) and a ``geo:`` address any phone map app understands. Plain links:
    the page itself loads no map script or tiles. Coordinates are WGS-84, as
    GPS gives them; Amap converts them (``coordinate=wgs84``)."""
    latitude, longitude = getattr(item, "latitude", None), getattr(item, "longitude", None)
    if latitude is None or longitude is None:
        return None
    name = getattr(item, "title", "") or ""
    query = urlencode(
        {"to": f"{longitude},{latitude},{name}", "mode": "car", "coordinate": "wgs84", "callnative": "1"}
    )
    return {
        "route": f"https://uri.amap.com/navigation?{query}",
        "geo": f"geo:{latitude},{longitude}?q={latitude},{longitude}({quote(name)})",
    }
