"""Template tags for incubator pages: the specialty chart, drawn on the
server as SVG so it needs no script and no CDN."""

import math

from django import template
from django.utils.translation import gettext as _

from core.taxonomy import STRENGTH_MAX

register = template.Library()

CHART_SIZE = 320
CHART_RADIUS = 110


def _point(index, count, fraction, centre=CHART_SIZE / 2, radius=CHART_RADIUS):
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (
        round(centre + math.cos(angle) * radius * fraction, 1),
        round(centre + math.sin(angle) * radius * fraction, 1),
    )


@register.inclusion_tag("components/specialty_chart.html")
def specialty_chart(profile, title=""):
    """A radar chart of the seven strengths (0–5), with a text equivalent."""
    count = len(profile)
    rings = []
    for level in range(1, STRENGTH_MAX + 1):
        points = [_point(i, count, level / STRENGTH_MAX) for i in range(count)]
        rings.append(" ".join(f"{x},{y}" for x, y in points))
    axes, labels, dots = [], [], []
    for i, row in enumerate(profile):
        end = _point(i, count, 1)
        axes.append({"x": end[0], "y": end[1]})
        lx, ly = _point(i, count, 1.22)
        anchor = "middle" if abs(lx - CHART_SIZE / 2) < 12 else ("start" if lx > CHART_SIZE / 2 else "end")
        labels.append(
            {"x": lx, "y": ly + 4, "anchor": anchor, "text": row["label"], "strength": row["strength"]}
        )
        dx, dy = _point(i, count, row["strength"] / STRENGTH_MAX)
        dots.append({"x": dx, "y": dy, "strength": row["strength"], "label": row["label"]})
    shape = " ".join(f"{d['x']},{d['y']}" for d in dots)
    description = "; ".join(
        _("%(category)s %(strength)d of 5") % {"category": row["label"], "strength": row["strength"]}
        for row in profile
    )
    return {
        "size": CHART_SIZE,
        "rings": rings,
        "axes": axes,
        "labels": labels,
        "dots": dots,
        "shape": shape,
        "centre": CHART_SIZE / 2,
        "title": title,
        "description": description,
        "profile": profile,
    }


@register.inclusion_tag("components/strength_meter.html")
def strength_meter(strength, label=""):
    return {"strength": strength, "max": STRENGTH_MAX, "steps": range(1, STRENGTH_MAX + 1), "label": label}


@register.filter
def strength_of(incubator, category):
    return incubator.strength_in(category) if incubator else 0
