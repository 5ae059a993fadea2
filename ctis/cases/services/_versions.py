"""Optimistic locking of persons and criminal cases: a form carries the version it was
opened at, and a save made after someone else's is refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ctis.audit.selectors import audit_entries, field_label
from ctis.cases.models import (
    CriminalCase,
    Person,
)


class StaleEdit(ValidationError):
    """The record changed after the user opened it; their save is refused."""


def lock_checked(model, pk, version: int, *, label: str):
    """Lock the row and refuse the save if someone saved it after ``version`` was read."""
    row = model.objects.select_for_update().get(pk=pk)
    if row.version != version:
        label_lower = model._meta.label_lower
        later = audit_entries({"object_type": label_lower, "object_id": str(pk)}).filter(
            action__endswith=".update"
        )[: max(1, row.version - version)]
        changes = []
        for entry in reversed(list(later)):
            fields = entry.changes.get("fields", {}).get("after") or list(entry.changes)
            changes.append(
                _("%(who)s at %(when)s changed: %(fields)s")
                % {
                    "who": entry.actor_username or _("the system"),
                    "when": date_format(timezone.localtime(entry.created_at), "DATETIME_FORMAT"),
                    "fields": ", ".join(field_label(label_lower, name) for name in fields),
                }
            )
        raise StaleEdit(
            _(
                "Someone saved this %(record)s after you opened it, so your changes were not saved. "
                "Reload the page to see the current values, then make your changes again. %(changes)s"
            )
            % {"record": label, "changes": " ".join(changes)},
            code="stale",
        )
    return row


def version_bump(record: Person | CriminalCase) -> None:
    """A change to a record's parts (events, parties, prosecutions) is a new version of the
    record, so that a form opened before it is refused; counted in the database, not from
    the copy in memory, which may be stale."""
    type(record).objects.filter(pk=record.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    record.refresh_from_db(fields=["version"])
