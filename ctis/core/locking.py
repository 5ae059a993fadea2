"""Optimistic locking: a save is refused when the record changed after the user opened it.

A record that two people may edit has a ``version`` column. A form carries the version it
was opened at; the service locks the row with ``lock_version`` and gets ``StaleVersion``
(a ``ValidationError``, so the page shows it and nothing is saved) when someone saved it
in between. ``explain`` says who changed what (``ctis.audit.selectors.changes_since``
reads it from the audit log); the service then bumps the version with its save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class StaleVersion(ValidationError):
    """The record changed after the user opened it; their save is refused."""


def lock_version(
    records: QuerySet[M],
    pk: Any,
    version: int | None,
    *,
    explain: Callable[[M, int], str],
) -> M:
    """Lock the row ``pk`` for this transaction; refuse when its version is not
    ``version`` (None: the caller did not open it at a version, nothing to compare)."""
    row = records.select_for_update().get(pk=pk)
    current = row.version  # type: ignore[attr-defined]
    if version is not None and current != version:
        raise StaleVersion(explain(row, version), code="stale")
    return row


def bump(row: Model) -> None:
    row.version += 1  # type: ignore[attr-defined]
