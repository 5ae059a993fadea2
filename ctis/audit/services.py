from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ctis.audit.context import client_address
from ctis.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
from ctis.core import crypto


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value for the before/after record."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or None
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"before": x, "after": y}}`` for the fields whose value changed."""
    changed = {}
    for name in sorted(set(before) | set(after)):
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old != new:
            changed[name] = {"before": old, "after": new}
    return changed


def sealed_changes(changes: dict[str, Any], sealed: list[str]) -> dict[str, Any]:
    """``changes`` without the values of sealed fields: those that are in it are named in
    ``fields`` instead (that they changed or were written, never to what; ADR 0005)."""
    named = [name for name in sealed if name in changes]
    kept = {name: value for name, value in changes.items() if name not in named}
    if named:
        listed = (kept.get("fields") or {}).get("after") or []
        kept["fields"] = {"before": None, "after": sorted({*listed, *named})}
    return kept


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    purpose: str = "",
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
        user = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=user,
            actor_username=user.username if user else "",
            agency_id=getattr(user, "agency_id", None),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:300],
            client_address=client_address.get(),
            changes=_plain(changes or {}),
            purpose=purpose,
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        AuditChainHead.objects.filter(pk=head.pk).update(last_hash=entry.hash)
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_entry_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_entry_id is None


def audit_chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the chain in order; name the first entry whose hash or link does not hold."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != expected_prev:
                return ChainReport(checked, entry.pk, "link")
            if entry.compute_hash() != entry.hash:
                return ChainReport(checked, entry.pk, "content")
            expected_prev = entry.hash
            checked += 1
            last_id = entry.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != expected_prev:
        return ChainReport(checked, last_id or 0, "tail")
    return ChainReport(checked, None, "")


# Key rotation ------------------------------------------------------------------------
# Core's crypto re-seals the values but sits below the audit log; the audited service of
# ``ctis keys rotate`` is here, the lowest layer that may write an audit entry. The action
# keeps its name (``core.keys.rotate``), which entries already in the chain carry.


def field_rotate_batch(
    *, model: type[models.Model], field_name: str, batch_size: int
) -> crypto.RotationBatch | None:
    """Re-seal up to ``batch_size`` rows of one column that an older key sealed.

    One transaction: ``crypto.field_reseal_batch`` locks the rows and re-seals them under
    the primary key, and one audit entry records the counts (never the values). Returns
    None when no row is left.
    """
    with transaction.atomic():
        batch = crypto.field_reseal_batch(model=model, field_name=field_name, batch_size=batch_size)
        if batch is None:
            return None
        audit_record(
            actor=None,
            action="core.keys.rotate",
            object_type=model._meta.label_lower,
            changes={
                "field": field_name,
                "rows": batch.rows,
                "from_keys": batch.from_keys,
                "to_key": batch.to_key,
            },
        )
    return batch
