"""The tests' way to run a bulk import of a file's content, as the worker runs it: every row
checked, then kept (``commit``, the default here) or rolled back."""

from __future__ import annotations

from ctis.core.tables import open_table
from ctis.interop import imports


def run_import(actor, kind: str, content: str | bytes, **kwargs) -> imports.ImportResult:
    data = content.encode() if isinstance(content, str) else content
    return imports.import_table(
        actor=actor, kind_code=kind, table=open_table(data), **{"commit": True, **kwargs}
    )
