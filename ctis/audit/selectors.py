"""Reads of the audit log: the search page and the entries about one object."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ctis.audit.models import AuditEntry


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries(filters: dict[str, Any] | None = None) -> QuerySet[AuditEntry]:
    """Entries newest first, narrowed by any of these keys (empty values are ignored):

    ``user`` (part of the user name), ``agency``, ``action`` (a prefix such as
    ``accounts.user``), ``object_type``, ``object_id``, ``date_from`` and ``date_to``
    (days in the current time zone, both included), ``text`` (part of the object's name).
    Dates are turned into a range on ``created_at`` so that its index is used.
    """
    filters = filters or {}
    entries = AuditEntry.objects.select_related("agency").order_by("-id")
    if filters.get("user"):
        entries = entries.filter(actor_username__icontains=filters["user"])
    if filters.get("agency"):
        entries = entries.filter(agency=filters["agency"])
    if filters.get("action"):
        entries = entries.filter(action__startswith=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"])
    if filters.get("date_from"):
        entries = entries.filter(created_at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        next_day = filters["date_to"] + datetime.timedelta(days=1)
        entries = entries.filter(created_at__lt=_start_of(next_day))
    if filters.get("text"):
        entries = entries.filter(object_repr__icontains=filters["text"])
    return entries


def audit_entries_about(obj, *, limit: int = 20) -> list[AuditEntry]:
    """The newest entries whose object is ``obj``, ready to show with their changes."""
    entries = audit_entries({"object_type": obj._meta.label_lower, "object_id": str(obj.pk)})
    return with_change_rows(list(entries[:limit]))


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_display(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def field_label(object_type: str, name: str) -> str:
    """The label of a field (or reverse relation) of ``app_label.model``; the name if unknown."""
    try:
        field = apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name
    if field.auto_created and field.is_relation:  # a reverse relation, e.g. a user's roles
        return str(field.related_model._meta.verbose_name_plural)
    return str(getattr(field, "verbose_name", name))


def entry_changes(entry: AuditEntry) -> list[Change]:
    """The entry's changes as rows of field, before and after, for reading.

    Services record ``{field: {"before": x, "after": y}}``; anything else is shown as is.
    """
    changes = entry.changes if isinstance(entry.changes, dict) else {"": entry.changes}
    rows = []
    for name, change in changes.items():
        label = field_label(entry.object_type, name) if entry.object_type else name
        if isinstance(change, dict) and set(change) <= {"before", "after"}:
            before, after = change.get("before"), change.get("after")
            if before is None and after in ("", None, [], {}):
                continue  # a blank field of a new record says nothing
            # No "before" at all (a creation) shows only the new value.
            shown_before = "" if before is None else _display(before)
            rows.append(Change(name, label, shown_before, _display(after)))
        else:
            rows.append(Change(name, label, "", _display(change)))
    return rows


def with_change_rows(entries):
    """Give each entry a ``change_rows`` list for the templates; returns the entries."""
    for entry in entries:
        entry.change_rows = entry_changes(entry)
    return entries


def changes_since(row, version: int, *, label: str) -> str:
    """Why a save at ``version`` is refused (``ctis.core.locking``): who changed which fields
    of ``row`` since, read from the audit log (field names only, never values)."""
    label_lower = row._meta.label_lower
    later = audit_entries({"object_type": label_lower, "object_id": str(row.pk)}).filter(
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
    return _(
        "Someone saved this %(record)s after you opened it, so your changes were not saved. "
        "Reload the page to see the current values, then make your changes again. %(changes)s"
    ) % {"record": label, "changes": " ".join(changes)}
