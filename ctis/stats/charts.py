"""The charts of the annual report and the dashboard, as self-contained SVG in the manner
of ``ctis.core.charts`` (its bar chart draws the rankings; this module adds the columns
of a year-by-year series). WeasyPrint embeds the SVG in the PDF, CairoSVG turns it into
a PNG for DOCX, and the dashboard shows it inline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ctis.core.charts import BAR_COLOUR, GRID_COLOUR, TEXT_COLOUR, Bar, horizontal_bar_chart

STORE_COLOUR = "#9bb7cc"  # a year from the historical series, lighter than ctis's records
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class Column:
    label: str
    value: float | None
    text: str = ""  # written above the column ("<5" where the value is not known)
    light: bool = False  # drawn in the historical series' colour


def _nice_top(value: float) -> float:
    """The top of the scale: four equal steps of a round whole number (1, 2, 5, 10, 25…)."""
    if value <= 0:
        return 4
    wanted = value / 4
    scale = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            step = factor * scale
            if step == int(step) and step >= wanted:
                return 4 * step
        scale *= 10


def column_chart(
    columns: Sequence[Column],
    *,
    title: str = "",
    legend: Sequence[tuple[str, bool]] = (),
    width: int = 640,
    height: int = 240,
    font_size: int = 9,
) -> str:
    """One column per year (or category); ``legend`` pairs a label with ``light``."""
    top, bottom_space, left = 14, font_size * 2 + 8, 36
    legend_height = (font_size + 8) if legend else 0
    plot_height = height - top - bottom_space - legend_height
    plot_width = width - left - 8
    maximum = _nice_top(max((c.value or 0 for c in columns), default=0))
    slot = plot_width / max(len(columns), 1)
    bar = max(slot * 0.7, 2)
    base = top + plot_height
    font = f"font-family={quoteattr(FONT)} font-size={quoteattr(str(font_size))}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {font} fill="{TEXT_COLOUR}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for share in (0, 0.25, 0.5, 0.75, 1):
        y = base - share * plot_height
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + font_size * 0.35:.1f}" text-anchor="end">'
            f"{share * maximum:g}</text>"
        )
    rotate = len(columns) > 12
    for index, column in enumerate(columns):
        x = left + index * slot + (slot - bar) / 2
        centre = x + bar / 2
        value = column.value or 0
        bar_height = value / maximum * plot_height
        colour = STORE_COLOUR if column.light else BAR_COLOUR
        if bar_height > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="{base - bar_height:.1f}" width="{bar:.1f}" '
                f'height="{bar_height:.1f}" fill="{colour}"/>'
            )
        text = column.text or ("" if column.value is None else f"{column.value:g}")
        if text:
            parts.append(
                f'<text x="{centre:.1f}" y="{base - bar_height - 3:.1f}" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
        label_y = base + font_size + 3
        if rotate:
            parts.append(
                f'<text x="{centre:.1f}" y="{label_y:.1f}" text-anchor="end" '
                f'transform="rotate(-45 {centre:.1f} {label_y:.1f})">{escape(column.label)}</text>'
            )
        else:
            parts.append(
                f'<text x="{centre:.1f}" y="{label_y:.1f}" text-anchor="middle">'
                f"{escape(column.label)}</text>"
            )
    x = left
    for label, light in legend:
        y = height - legend_height + 2
        parts.append(
            f'<rect x="{x}" y="{y}" width="{font_size}" height="{font_size}" '
            f'fill="{STORE_COLOUR if light else BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{x + font_size + 4}" y="{y + font_size - 1}">{escape(label)}</text>'
        )
        x += int(font_size + 14 + 0.62 * font_size * len(label))
    parts.append("</svg>")
    return "".join(parts)


def ranking_chart(rows: Sequence[tuple[str, int]], *, title: str = "") -> str:
    """Categories by count (countries of exploitation, articles), longest first."""
    top = max((value for _, value in rows), default=0)
    maximum = _nice_top(top)
    ticks = [maximum * share for share in (0, 0.25, 0.5, 0.75, 1)]
    return horizontal_bar_chart(
        [Bar(label, value, str(value)) for label, value in rows],
        maximum=maximum,
        ticks=ticks,
        tick_suffix="",
        title=title,
        font_family=FONT,
    )
