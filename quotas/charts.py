"""Geometry of the month-by-month chart, drawn on the server as SVG (no
script, no CDN); components/quota_chart.html renders it next to a table
holding the same numbers."""

import math

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 26


def _nice_max(value):
    """A round axis maximum at or above ``value``."""
    if value <= 5:
        return 5
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return int(math.ceil(top))
    return int(value)


def month_chart(metric_board):
    """Bars: records per month (held, then scheduled on top); solid line:
    running total; dashed line: the expected pace; thin line: the target."""
    months = metric_board.months
    target = metric_board.progress.target
    total = months[-1]["cumulative"] + sum(m["scheduled"] for m in months)
    top = _nice_max(max(target, total, max(m["actual"] + m["scheduled"] for m in months), 1))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / 12

    def y(value):
        return round(TOP + plot_h * (1 - value / top), 1)

    bars, running, pace = [], [], [f"{LEFT},{y(0)}"]
    for index, month in enumerate(months):
        x = LEFT + slot * index
        held_top, scheduled_top = y(month["actual"]), y(month["actual"] + month["scheduled"])
        bars.append(
            {
                "month": month["month"],
                "x": round(x + slot * 0.2, 1),
                "width": round(slot * 0.6, 1),
                "y": held_top,
                "height": round(y(0) - held_top, 1),
                "scheduled_y": scheduled_top,
                "scheduled_height": round(held_top - scheduled_top, 1),
                "label_x": round(x + slot / 2, 1),
                "actual": month["actual"],
                "scheduled": month["scheduled"],
            }
        )
        end_x = round(x + slot, 1)
        if not month["future"]:
            running.append(f"{round(x + slot / 2, 1)},{y(month['cumulative'])}")
        pace.append(f"{end_x},{y(month['expected'])}")
    # The axis maxima (5, 10, 20, 25, 50, 100…) divide into five whole steps.
    ticks = [{"value": round(top * i / 5), "y": y(top * i / 5)} for i in range(6)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": y(0),
        "label_y": HEIGHT - 8,
        "bars": bars,
        "running": " ".join(running),
        "pace": " ".join(pace) if target else "",
        "target_y": y(target) if target else None,
        "ticks": ticks,
    }
