"""What every export shares: what was asked for (``Spec``), what was made (``Made``), the
small-count rule and the workbook helpers."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ctis.stats.periods import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LANGUAGES = ("en", "az", "ru")
DEFAULT_K = 11  # as CTDC publishes its global dataset


class ExportRefused(Exception):
    """The file may not leave the system (the check of its protection failed)."""


@dataclass(frozen=True)
class Spec:
    """What was asked for: calendar years ``first``–``last`` (GLOTIP, GRETA, CTDC) or the
    US TIP year (1 April of the year before to 31 March)."""

    kind: str
    first: int
    last: int
    tip_year: int | None = None
    k: int = DEFAULT_K
    language: str = "en"

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def period(self) -> Period:
        return Period.years(self.first, self.last)


@dataclass
class Made:
    """An export's file and what its audit entry says of it (never a value of a person)."""

    content: bytes
    file_name: str
    rows: int
    summary: dict = field(default_factory=dict)
    content_type: str = XLSX


def threshold() -> int:
    return int(getattr(settings, "CTIS_STATS_THRESHOLD", 5))


def small(count: int | None, limit: int | None = None) -> str:
    """A count of persons as a file that leaves the system writes it: ``"<5"`` from 1 to
    the threshold less one, the number otherwise, empty when not known.

    ``ctis.stats.disclosure`` (secondary suppression over published tables) is not on
    this branch's main yet; this is its primary rule alone."""
    if count is None:
        return ""
    limit = threshold() if limit is None else limit
    if 0 < count < limit:
        return f"<{limit}"
    return str(count)


def dig(data: dict, *keys, default=None):
    """``data[a][b]…`` with each step a ``.get``: a figure another part adds later (or one
    absent) leaves its cell empty rather than failing the export."""
    value: object = data
    for key in keys:
        if not isinstance(value, dict):
            return default
        value = value.get(key)
        if value is None:
            return default
    return value


def form_count(code: str) -> Callable[[dict], object]:
    """The victims of one form of exploitation (0 when the form has none)."""

    def count(figures: dict) -> object:
        return dig(figures, "victims", "by_form", code, default=0)

    return count


def workbook() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def header(sheet: Worksheet, cells: list) -> None:
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def fit(sheet: Worksheet, widest: int = 60) -> None:
    for column in sheet.columns:
        width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(widest, width + 2)


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def years_label(spec: Spec) -> str:
    return str(spec.first) if spec.first == spec.last else f"{spec.first}-{spec.last}"


def about(book: Workbook, lines: list[tuple[str, object]]) -> None:
    """A first sheet saying what the file is (what, period, when, threshold)."""
    sheet = book.create_sheet(_("About"), 0)
    for name, value in lines:
        sheet.append([name, value])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    fit(sheet, widest=90)
