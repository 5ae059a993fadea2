"""Optimistic locking: a save is refused when the record changed after the user opened it.

A record that two people may edit has a ``version`` column. A form carries the version it
was opened at; the service locks the row with ``lock_version`` and gets ``StaleVersion``
(a ``ValidationError``, so the page shows it and nothing is saved) when someone saved it
in between. ``explain`` says who changed what (``ctis.audit.selectors.changes_since``
reads it from the audit log); the service then bumps the version with its save (``bump``),
or in the database when it changes only the record's parts (``bump_stored``).

A unique key (a case number, a user name) is checked before saving, but two requests at the
same moment both pass the check; the database's unique constraint then refuses the second,
and ``refusing_twins`` turns that refusal into the check's own message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Manager, Model, QuerySet
from django.utils import timezone

M = TypeVar("M", bound=Model)


class StaleVersion(ValidationError):
    """The record changed after the user opened it; their save is refused."""


def lock_version(
    records: QuerySet[M] | Manager[M],
    pk: Any,
    version: int | None,
    *,
    explain: Callable[[M, int], str],
) -> M:
    """Lock the row ``pk`` for this transaction; refuse when its version is not
    ``version`` (None: the caller did not open it at a version, nothing to compare)."""
    row = records.select_for_update().get(pk=pk)
    check_version(row, version, explain=explain)
    return row


def check_version(row: M, version: int | None, *, explain: Callable[[M, int], str]) -> None:
    """Refuse when the locked ``row`` is no longer at ``version``: for a service that must
    check who is asking on the locked row before it says anything about its changes."""
    if version is not None and row.version != version:  # type: ignore[attr-defined]
        raise StaleVersion(explain(row, version), code="stale")


def bump(row: Model) -> None:
    """The row's next version, saved with the row."""
    row.version += 1  # type: ignore[attr-defined]


def bump_stored(record: Model) -> None:
    """A change to a record's parts (events, parties, prosecutions) is a new version of the
    record, so that a form opened before it is refused; counted in the database, not from
    the copy in memory, which may be stale."""
    type(record)._default_manager.filter(pk=record.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    record.refresh_from_db(fields=["version"])


@contextmanager
def refusing_twins(check: Callable[[], None]) -> Iterator[None]:
    """Validate and save in a savepoint; when the model's validation or the database refuses
    it as a unique key's twin, run the service's own ``check`` again, which now sees the twin
    and raises its ``ValidationError`` (the transaction around survives, nothing of this save
    is kept). A refusal that the check does not explain is raised as it is."""
    try:
        with transaction.atomic():
            yield
    except (IntegrityError, ValidationError):
        check()
        raise
