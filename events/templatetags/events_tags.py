"""The source page's collection panel: events per hour (server-rendered SVG) and per-region state."""

from __future__ import annotations

from django import template

from events.selectors import source_activity

register = template.Library()

WIDTH, HEIGHT = 720, 120


def _chart(activity, *, label_every: int, label_format: str) -> dict:
    n = len(activity.hours) or 1
    peak = max(activity.peak, 1)
    bar = WIDTH / n
    bars = []
    for i, (hour, count) in enumerate(activity.hours):
        h = round(count / peak * (HEIGHT - 20), 1)
        bars.append(
            {
                "x": round(i * bar, 2),
                "y": round(HEIGHT - 14 - h, 1),
                "w": round(max(bar - 1, 0.5), 2),
                "h": h,
                "count": count,
                "hour": hour,
                "label": hour.strftime(label_format) if i % label_every == 0 else "",
            }
        )
    return {"bars": bars, "width": WIDTH, "height": HEIGHT, "total": activity.total, "peak": activity.peak}


@register.inclusion_tag("events/_activity_panel.html")
def source_activity_panel(source):
    day = source_activity(source=source, hours=24)
    week = source_activity(source=source, hours=24 * 7)
    return {
        "source": source,
        "day": _chart(day, label_every=3, label_format="%H:00"),
        "week": _chart(week, label_every=24, label_format="%a %d"),
    }
