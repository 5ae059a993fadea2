"""Reading a table a user sends: a CSV file or an Excel workbook, told apart by content (a
workbook is a ZIP archive), never by the file's name.

``open_table`` checks the file as a whole (empty, too big, neither format, no header) and
refuses it with a message in the user's language (``TableFileError``); the rows are then
read one at a time (``Table.rows``), so memory does not grow with the file. Each row comes
with its line number as the user's spreadsheet shows it (the header is line 1).

Workbooks are read with ``python-calamine``, which opens files other readers refuse (a
drawing relationship that points to nothing, as UNODC's GLOTIP workbook has).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

ZIP_MAGIC = b"PK\x03\x04"


class TableFileError(ValueError):
    """The file cannot be read as a table; the message says why, in the user's language."""


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    header: list[str]
    _rows: Iterator[list]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of every row that is not empty, each cell as text ("" for none;
        a date cell as its ISO date). A row the reader cannot read (a cell longer than a
        CSV reader holds, a broken workbook) stops the reading with ``TableFileError``."""
        line = 1
        rows = iter(self._rows)
        while True:
            line += 1
            try:
                cells = next(rows)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise TableFileError(
                        _("Line %(line)d has a cell longer than %(n)d characters.")
                        % {"line": line, "n": csv.field_size_limit()}
                    ) from None
                raise TableFileError(_unreadable(line, error)) from None
            except (CalamineError, ValueError, OSError) as error:  # the workbook's reader
                raise TableFileError(_unreadable(line, error)) from None
            values = [cell_text(cell) for cell in cells]
            if any(values):
                yield line, values


def _unreadable(line: int, error: Exception) -> str:
    return _("Line %(line)d of the file cannot be read: %(error)s") % {
        "line": line,
        "error": str(error)[:200],
    }


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def limit_bytes() -> int:
    return settings.CTIS_IMPORT_MAX_MB * 1024 * 1024


def too_large(size: int) -> str | None:
    """What to tell the user of a file of ``size`` bytes past the limit; None within it.
    Said before the file is read (a form, a command, a service), and again by
    ``open_table``."""
    if size <= limit_bytes():
        return None
    return _("The file is larger than %(mb)d MB; split it into smaller files.") % {
        "mb": settings.CTIS_IMPORT_MAX_MB
    }


def file_kind(content: bytes) -> tuple[str, str]:
    """("xlsx", "") for a workbook, ("csv", its text) for a text file; ``TableFileError``
    for an empty file or one that is neither."""
    if not content.strip():
        raise TableFileError(_("The file is empty."))
    if content[:4] == ZIP_MAGIC:
        return "xlsx", ""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableFileError(
            _("The file is neither a CSV in UTF-8 nor an Excel workbook (.xlsx).")
        ) from error
    if "\x00" in text:
        raise TableFileError(_("The file is neither a CSV in UTF-8 nor an Excel workbook (.xlsx)."))
    return "csv", text


def open_table(content: bytes) -> Table:
    """The table in ``content``, or ``TableFileError``."""
    refusal = too_large(len(content))
    if refusal:
        raise TableFileError(refusal)
    kind, text = file_kind(content)
    return _workbook(content) if kind == "xlsx" else _csv(text)


def _csv(text: str) -> Table:
    first = text.split("\n", 1)[0]
    # Spreadsheets saved as CSV with a comma decimal separator (as in Azerbaijani and
    # Russian settings) separate cells with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell_text(cell) for cell in next(reader, [])]
    if not any(header):
        raise TableFileError(_("The file's first line should name the columns; it is empty."))
    return Table("csv", header, reader)  # type: ignore[arg-type]


def _workbook(content: bytes) -> Table:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not book.sheet_names:
            raise TableFileError(_("The workbook has no sheet."))
        sheet = book.get_sheet_by_index(0)
        rows = iter(sheet.iter_rows())
        header = [cell_text(cell) for cell in next(rows, [])]
    except (CalamineError, ValueError, OSError, IndexError) as error:
        if isinstance(error, TableFileError):
            raise
        raise TableFileError(
            _("The workbook cannot be opened: %(error)s") % {"error": str(error)[:200]}
        ) from error
    if not any(header):
        raise TableFileError(
            _("The first row of the workbook's first sheet should name the columns; it is empty.")
        )
    return Table("xlsx", header, rows)
