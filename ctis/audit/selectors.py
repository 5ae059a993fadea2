"""Reads of the audit log: the search page and the entries about one object."""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ctis.audit.actions import ACTION_MODELS, CHANGE_LABELS, VALUE_CHOICES
from ctis.audit.models import AuditEntry
from ctis.core import crypto


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

    @property
    def heading(self) -> str:
        """The label as it begins a line: capitalised in the reader's language."""
        return sentence_case(self.label)


def sentence_case(text: str) -> str:
    """``text`` with a capital first letter; Azerbaijani capitalises i as İ ("İstismar")."""
    if not text:
        return text
    first = text[0]
    if first == "i" and (get_language() or "")[:2] == "az":
        return "İ" + text[1:]
    return first.upper() + text[1:]


def yes_no(value: bool) -> str:
    """The one yes/no pair of the system's pages, in the reader's language."""
    return str(yesno(value, _("yes,no")))


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True or value is False:
        return yes_no(value)
    if isinstance(value, list | tuple):
        return ", ".join(_display(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _model_field(object_type: str, name: str):
    try:
        return apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def field_label(object_type: str, name: str) -> str:
    """The label of a field (or reverse relation) of ``app_label.model``; the name if unknown."""
    named = CHANGE_LABELS.get(f"{object_type}.{name}")
    if named is not None:
        return str(named)
    field = _model_field(object_type, name)
    if field is None:
        return str(CHANGE_LABELS.get(name, name))
    if field.auto_created and field.is_relation:  # a reverse relation, e.g. a user's roles
        return str(field.related_model._meta.verbose_name_plural)
    label = getattr(field, "verbose_name", name)
    if label == name.replace("_", " ") and name in CHANGE_LABELS:
        return str(CHANGE_LABELS[name])  # the field has no label of its own (``version``)
    return str(label)


def _owners(entry: AuditEntry) -> list[str]:
    """The models whose fields the entry's changes may name, the likelier first."""
    return [m for m in (ACTION_MODELS.get(entry.action), entry.object_type) if m]


def _field_of(entry: AuditEntry, name: str) -> tuple[str, Any]:
    """The model (``app.model``) one change key of the entry belongs to, and its field."""
    owners = _owners(entry)
    for owner in owners:
        if f"{owner}.{name}" in CHANGE_LABELS:
            return owner, None
        field = _model_field(owner, name)
        if field is not None:
            return owner, field
    return (owners[0] if owners else ""), None


def _referenced(field) -> type[models.Model] | None:
    """The model a forward foreign key or many-to-many field points at."""
    if field is None or not field.is_relation or field.auto_created:
        return None
    return field.related_model


def _keys(model, value) -> list[str]:
    """The primary keys a recorded value names (a key or a list of keys); values that are
    no key of the model (a person's code recorded in its place) are left out."""
    keys = []
    for item in value if isinstance(value, list) else [value]:
        if item is None or isinstance(item, bool | dict | list):
            continue
        try:
            keys.append(str(model._meta.pk.to_python(item)))
        except (ValidationError, TypeError, ValueError):
            continue
    return keys


def _names(entries) -> dict[tuple[str, str], str]:
    """The names of the records the entries' foreign keys point at (agencies, countries),
    one query per kind of record, in the reader's language; sealed columns are not read."""
    wanted: dict[type[models.Model], set[str]] = {}
    for entry in entries:
        if not isinstance(entry.changes, dict):
            continue
        for name, change in entry.changes.items():
            model = _referenced(_field_of(entry, name)[1])
            if model is None:
                continue
            # A change as before and after, or a record's value as it stands (an event's).
            values = (
                [change.get("before"), change.get("after")]
                if isinstance(change, dict)
                else [change]
            )
            for value in values:
                wanted.setdefault(model, set()).update(_keys(model, value))
    names = {}
    for model, keys in wanted.items():
        if not keys:
            continue
        rows = model._default_manager.filter(pk__in=keys)
        sealed = crypto.sealed_fields(model)
        if sealed:
            rows = rows.defer(*sealed)
        for row in rows:
            names[(model._meta.label_lower, str(row.pk))] = str(row)
    return names


def _value(owner: str, field, value: Any, names: dict[tuple[str, str], str]) -> str:
    """A recorded value in words: a choice by its label, a foreign key by the record's
    name, a date in the reader's format, yes or no."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(owner, field, v, names) for v in value)
    if field is None or (field.is_relation and field.auto_created):  # a reverse relation
        return _display(value)
    if isinstance(value, bool):
        return yes_no(value)
    model = _referenced(field)
    if model is not None:
        keys = _keys(model, value)
        return names.get((model._meta.label_lower, keys[0]), str(value)) if keys else str(value)
    choices = dict(field.flatchoices) if field.choices else None
    if choices is None and f"{owner}.{field.name}" in VALUE_CHOICES:
        choices = dict(VALUE_CHOICES[f"{owner}.{field.name}"])
    if choices is not None:
        return str(choices.get(value, value))
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, str) and isinstance(field, models.DateField):
        day = parse_date(value)
        if day is not None:
            return date_format(day)
    return _display(value)


def _field_names(entry: AuditEntry, value: Any) -> str:
    """A ``fields`` change: the labels of the fields it names (never their values)."""
    if not isinstance(value, list):
        return _display(value)
    return ", ".join(field_label(_field_of(entry, str(name))[0], str(name)) for name in value)


def entry_changes(entry: AuditEntry, names: dict | None = None) -> list[Change]:
    """The entry's changes as rows of field, before and after, for reading: fields by their
    labels, values in words (``_value``), in the reader's language.

    Services record ``{field: {"before": x, "after": y}}``; anything else is shown as is.
    """
    if names is None:
        names = _names([entry])
    changes = entry.changes if isinstance(entry.changes, dict) else {"": entry.changes}
    rows = []
    for name, change in changes.items():
        owner, field = _field_of(entry, name) if name else ("", None)
        label = field_label(owner, name) if owner else str(CHANGE_LABELS.get(name, name))

        def shown(value: Any, name: str = name, owner: str = owner, field: Any = field) -> str:
            if name == "fields":
                return _field_names(entry, value)
            return _value(owner, field, value, names)

        if isinstance(change, dict) and set(change) <= {"before", "after"}:
            before, after = change.get("before"), change.get("after")
            if before is None and after in ("", None, [], {}):
                continue  # a blank field of a new record says nothing
            # No "before" at all (a creation) shows only the new value.
            shown_before = "" if before is None else shown(before)
            rows.append(Change(name, label, shown_before, shown(after)))
        elif change not in (None, "", []):  # (an empty field of a record says nothing)
            rows.append(Change(name, label, "", shown(change)))
    return rows


def with_change_rows(entries):
    """Give each entry a ``change_rows`` list for the templates; returns the entries. The
    records their foreign keys name are read once for all of them."""
    names = _names(entries)
    for entry in entries:
        entry.change_rows = entry_changes(entry, names)
    return entries


def changes_since(
    row,
    version: int,
    *,
    label: str,
    steps: tuple[str, ...] = (),
    recorded_on=None,
    actions: str = "",
    naming: tuple[str, str] | None = None,
    bumping: Collection[str] | None = None,
) -> str:
    """Why a save at ``version`` is refused (``ctis.core.locking``): who changed which fields
    of ``row`` since, read from the audit log (field names only, never values).

    ``steps`` names the record's other actions that take it to a new version (``submit``,
    ``return``). A part of a record whose entries are recorded against the record (a
    prosecution's, against its case): ``recorded_on`` is that record, ``actions`` the
    part's actions' prefix (``cases.prosecution``) and ``naming`` the change that names the
    part in each entry (``("accused", code)``). ``bumping``: the actions that make a new
    version of ``row`` (a case's parties, prosecutions and crimes change its version too);
    by default its updates and ``steps``."""
    label_lower = row._meta.label_lower
    about = row if recorded_on is None else recorded_on
    later = audit_entries(
        {"object_type": about._meta.label_lower, "object_id": str(about.pk), "action": actions}
    )
    if bumping is not None:
        later = later.filter(action__in=list(bumping))
    else:
        moved = models.Q(action__endswith=".update")
        for step in steps:
            moved |= models.Q(action__endswith=f".{step}")
        later = later.filter(moved)
    if naming is not None:
        key, value = naming
        later = later.filter(**{f"changes__{key}__after": value})
    later = later[: max(1, row.version - version)]
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
        "Open the record again to see the current values, then make your changes again. %(changes)s"
    ) % {"record": label, "changes": " ".join(changes)}
