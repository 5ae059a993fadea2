"""Small SVG charts for documents, drawn by hand so that no plotting library is needed.

The SVG is self-contained (no scripts, no external references) and uses one font family,
so WeasyPrint can embed it inline in a PDF and CairoSVG can turn it into a PNG for DOCX.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

BAR_COLOUR = "#1f5f8b"
TRACK_COLOUR = "#e8edf1"
GRID_COLOUR = "#b8c2cc"
TEXT_COLOUR = "#222222"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""


def _text_width(text: str, font_size: float) -> float:
    # An estimate for DejaVu Sans; good enough to size a label column.
    return 0.68 * font_size * len(text)


def _fit(text: str, width: float, font_size: float) -> str:
    if _text_width(text, font_size) <= width:
        return text
    keep = max(1, int(width / (0.68 * font_size)) - 1)
    return text[:keep].rstrip() + "…"


def horizontal_bar_chart(
    bars: Sequence[Bar],
    *,
    maximum: float = 100,
    ticks: Sequence[float] = (0, 25, 50, 75, 100),
    tick_suffix: str = "%",
    width: int = 640,
    bar_height: int = 14,
    gap: int = 6,
    font_family: str = "DejaVu Sans",
    font_size: int = 9,
    title: str = "",
) -> str:
    """One bar per item, scaled to ``maximum``, with the label left and the note right."""
    label_width = min(
        max((_text_width(b.label, font_size) for b in bars), default=0) + 8, width * 0.32
    )
    note_width = max((_text_width(b.note, font_size) for b in bars), default=0) + 10
    plot_left = label_width
    plot_width = max(width - label_width - note_width, 60)
    top = 6
    axis_height = font_size + 8
    height = top + len(bars) * (bar_height + gap) + axis_height
    bottom = top + len(bars) * (bar_height + gap)

    def x(value: float) -> float:
        share = min(max(value / maximum, 0), 1) if maximum else 0
        return plot_left + share * plot_width

    font = f"font-family={quoteattr(font_family)} font-size={quoteattr(str(font_size))}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {font} fill="{TEXT_COLOUR}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for tick in ticks:
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{top - 2}" x2="{tx:.1f}" y2="{bottom}" '
            f'stroke="{GRID_COLOUR}" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{tx:.1f}" y="{bottom + font_size + 3}" text-anchor="middle">'
            f"{escape(f'{tick:g}{tick_suffix}')}</text>"
        )
    for index, bar in enumerate(bars):
        y = top + index * (bar_height + gap)
        baseline = y + bar_height / 2 + font_size * 0.35
        parts.append(
            f'<text x="{plot_left - 6:.1f}" y="{baseline:.1f}" text-anchor="end">'
            f"{escape(_fit(bar.label, label_width - 8, font_size))}</text>"
        )
        parts.append(
            f'<rect x="{plot_left:.1f}" y="{y}" width="{plot_width:.1f}" height="{bar_height}" '
            f'fill="{TRACK_COLOUR}"/>'
        )
        bar_width = x(bar.value) - plot_left
        if bar_width > 0:
            parts.append(
                f'<rect x="{plot_left:.1f}" y="{y}" width="{bar_width:.1f}" '
                f'height="{bar_height}" fill="{BAR_COLOUR}"/>'
            )
        if bar.note:
            parts.append(
                f'<text x="{plot_left + plot_width + 6:.1f}" y="{baseline:.1f}">'
                f"{escape(bar.note)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
