"""The feedback charts of the event page and the summaries: the plan's hand-drawn SVG bars
(``ctis.core.charts``), scaled to the 1–5 ratings."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ctis.core.charts import Bar, horizontal_bar_chart

TICKS = (0, 1, 2, 3, 4, 5)


def _chart(bars: list[Bar], title: str) -> SafeString:
    if not bars:
        return mark_safe("")
    svg = horizontal_bar_chart(
        bars,
        maximum=5,
        ticks=TICKS,
        tick_suffix="",
        width=560,
        font_family="system-ui, sans-serif",
        font_size=12,
        bar_height=18,
        title=title,
    )
    return mark_safe(svg)  # noqa: S308 (every text in it is escaped by horizontal_bar_chart)


def ratings_chart(summary: dict) -> SafeString:
    """An event's average ratings, one bar each."""
    if not summary.get("answers"):
        return mark_safe("")
    labels = {
        "usefulness": _("Usefulness"),
        "clarity": _("Clarity"),
        "relevance": _("Relevance"),
    }
    bars = [
        Bar(labels[name], value, number_format(value, 2))
        for name, value in summary["averages"].items()
        if value is not None
    ]
    return _chart(bars, _("Average ratings (1–5)"))


def rows_chart(rows: list[dict]) -> SafeString:
    """The average rating of each row of a summary (organisers, audiences, measures)."""
    bars = [
        Bar(str(row["label"]), row["overall"], number_format(row["overall"], 2))
        for row in rows
        if row["overall"] is not None
    ][:15]
    return _chart(bars, _("Average rating by organiser (1–5)"))
