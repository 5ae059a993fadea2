from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ctis.audit.context import client_address
from ctis.audit.models import (
    GENESIS_HASH,
    SCHEME_HMAC,
    SCHEME_SHA256,
    AuditChainHead,
    AuditEntry,
    audit_key,
    head_seal,
)
from ctis.core import crypto
from ctis.core.models import Job


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
    """Append one entry to the chain, inside the caller's transaction.

    Its hash is an HMAC under the audit key (refused with ``KeyringError`` when the key
    is missing: nothing is written unkeyed), and the head moves to it, one entry further,
    with a new seal.
    """
    key = audit_key()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        # Created in this transaction when the log is empty, so it commits with the entry.
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
            scheme=SCHEME_HMAC,
        )
        entry.hash = entry.compute_hash(key)
        entry.save()
        count = head.count + 1
        AuditChainHead.objects.filter(pk=head.pk).update(
            last_hash=entry.hash,
            count=count,
            seal=head_seal(key=key, count=count, last_hash=entry.hash),
        )
    return entry


@dataclass(frozen=True)
class Event:
    """One entry of ``audit_record_many``: what ``audit_record`` takes besides the actor."""

    action: str
    obj: models.Model
    changes: dict | None = None


def audit_record_many(*, actor, events: list[Event]) -> int:
    """Append many entries by one actor to the chain at once (a bulk import): the head is
    locked once, each entry chained to the one before as ``audit_record`` chains it, all
    written in one statement, and the head moved once. Entries are exactly those that one
    ``audit_record`` a record would write."""
    if not events:
        return 0
    key = audit_key()
    user = actor if getattr(actor, "is_authenticated", False) else None
    address = client_address.get()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
        last = head.last_hash
        entries = []
        for event in events:
            entry = AuditEntry(
                created_at=timezone.now(),
                actor=user,
                actor_username=user.username if user else "",
                agency_id=getattr(user, "agency_id", None),
                action=event.action,
                object_type=event.obj._meta.label_lower,
                object_id=str(event.obj.pk),
                object_repr=str(event.obj)[:300],
                client_address=address,
                changes=_plain(event.changes or {}),
                purpose="",
                prev_hash=last,
                scheme=SCHEME_HMAC,
            )
            entry.hash = last = entry.compute_hash(key)
            entries.append(entry)
        # One statement: the entries take their ids in this order, the chain's order.
        AuditEntry.objects.bulk_create(entries)
        count = head.count + len(entries)
        AuditChainHead.objects.filter(pk=head.pk).update(
            last_hash=last, count=count, seal=head_seal(key=key, count=count, last_hash=last)
        )
    return len(entries)


@dataclass(frozen=True)
class Anchor:
    """A point of the chain kept outside the database: ``<entry id>:<hash>``."""

    entry_id: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """``ValueError`` unless ``text`` is ``<entry id>:<64 hex digits>``."""
        entry_id, sep, digest = text.strip().partition(":")
        digest = digest.lower()
        if (
            not sep
            or not entry_id.isdigit()
            or len(digest) != 64
            or any(c not in "0123456789abcdef" for c in digest)
        ):
            raise ValueError(text)
        return cls(int(entry_id), digest)

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.hash}"


@dataclass(frozen=True)
class ChainReport:
    """What ``audit_chain_verify`` found. ``reason`` is empty when the chain holds:

    - ``link``: the entry does not point at the one before it (removed, inserted, reordered);
    - ``content``: its content does not match its hash (changed, or forged without the key);
    - ``unkeyed``: a plain SHA-256 entry after keyed ones (forged, or written without the key);
    - ``head-missing``: entries exist but the head row does not;
    - ``wiped``: the head row exists but no entry does (the head is only ever committed
      with an entry);
    - ``tail``: the head names a hash no entry has (entries after the last were removed);
    - ``head-behind``: the head names an earlier entry (moved back over entries still there);
    - ``head-seal``: the head's seal does not verify (moved or reset by hand);
    - ``count``: the head counts a different number of entries;
    - ``anchor``: an anchor's entry has another hash; ``anchor-missing``: the chain no
      longer holds the anchor's entry (removed, or the log is shorter than when anchored).
    """

    checked: int
    broken_entry_id: int | None
    reason: str
    unkeyed: int = 0
    last: AuditEntry | None = None

    @property
    def ok(self) -> bool:
        return not self.reason

    @property
    def anchor(self) -> Anchor | None:
        """The anchor to keep outside: the newest entry of an intact chain."""
        if not self.ok or self.last is None:
            return None
        return Anchor(self.last.pk, self.last.hash)


def audit_chain_verify(
    *, anchors: list[Anchor] | tuple[Anchor, ...] = (), batch_size: int = 2000
) -> ChainReport:
    """Walk the chain in order; name the first entry whose hash or link does not hold,
    then check the head row, then the anchors given.

    From inside the database this detects any change to an entry, any entry removed,
    inserted or moved, a forged entry (its HMAC needs the audit key, which is not in the
    database), and a head that is missing, names a hash that is not the newest entry's,
    counts otherwise, or was moved by hand (its seal needs the key). It cannot detect, on
    its own, that the newest entries were removed together with the head being put back
    to a state it really had (a copy of the old head row), nor a log wiped together with
    its head row, which looks like a new installation: an anchor kept outside the database
    (``ctis audit anchor``) detects both. Plain SHA-256 entries from before the hashes were
    keyed are accepted only before the first keyed entry, and counted in ``unkeyed``.
    """
    wanted = {anchor.entry_id: anchor for anchor in anchors}
    key: bytes | None = None
    expected_prev = GENESIS_HASH
    checked = unkeyed = 0
    last: AuditEntry | None = None
    keyed_seen = False
    while True:
        after = last.pk if last is not None else 0
        batch = list(AuditEntry.objects.filter(id__gt=after).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != expected_prev:
                return ChainReport(checked, entry.pk, "link", unkeyed)
            if entry.scheme == SCHEME_SHA256:
                if keyed_seen:
                    return ChainReport(checked, entry.pk, "unkeyed", unkeyed)
                unkeyed += 1
            else:
                keyed_seen = True
                key = key if key is not None else audit_key()
            if entry.compute_hash(key) != entry.hash:
                return ChainReport(checked, entry.pk, "content", unkeyed)
            anchor = wanted.pop(entry.pk, None)
            if anchor is not None and anchor.hash != entry.hash:
                return ChainReport(checked, entry.pk, "anchor", unkeyed)
            expected_prev = entry.hash
            checked += 1
            last = entry
    head = AuditChainHead.objects.filter(pk=1).first()
    last_id = last.pk if last is not None else None
    if head is None:
        if checked:
            return ChainReport(checked, None, "head-missing", unkeyed)
    elif not checked:
        return ChainReport(0, None, "wiped")
    elif head.last_hash != expected_prev:
        behind = AuditEntry.objects.filter(hash=head.last_hash).only("pk").first()
        if behind is None:
            return ChainReport(checked, last_id, "tail", unkeyed)
        first_after = AuditEntry.objects.filter(id__gt=behind.pk).order_by("id").only("pk")[0]
        return ChainReport(checked, first_after.pk, "head-behind", unkeyed)
    elif head.seal != head_seal(key=key or audit_key(), count=head.count, last_hash=head.last_hash):
        return ChainReport(checked, None, "head-seal", unkeyed)
    elif head.count != checked:
        return ChainReport(checked, None, "count", unkeyed)
    if wanted:
        return ChainReport(checked, min(wanted), "anchor-missing", unkeyed)
    return ChainReport(checked, None, "", unkeyed, last)


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


@dataclass(frozen=True)
class JobFilesRotation:
    resealed: int
    unreadable: int  # sealed under a key that is not in the ring; left as they are


JOB_FILES = ("upload", "content")  # the Job columns that may hold ``crypto.seal_bytes``


def _jobs_with_files() -> models.QuerySet[Job]:
    return Job.objects.filter(models.Q(upload__isnull=False) | models.Q(content__isnull=False))


def job_files_keys() -> dict[str, int]:
    """How many files the worker's jobs keep sealed under each key (``"unknown"`` for a key
    not in the ring), for ``ctis keys status``; unsealed documents are not counted."""
    ring = crypto.get_keyring()
    counts = dict.fromkeys(ring.key_ids, 0) | {"unknown": 0}
    for files in _jobs_with_files().values_list(*JOB_FILES).iterator(chunk_size=20):
        for key_id in filter(None, map(crypto.sealed_bytes_key, files)):
            counts[key_id if key_id in counts else "unknown"] += 1
    return counts


def job_files_rotate() -> JobFilesRotation:
    """Re-seal the files the worker's jobs keep (a file sent for import, a result that
    quotes it: ``crypto.seal_bytes``) that an older key sealed, so that the old key can
    leave the ring at once. One transaction, the jobs' rows locked, and one audit entry
    with the counts when any was re-sealed. Jobs live a day, so they are few; a document
    a job made, which is not sealed, is left as it is."""
    ring = crypto.get_keyring()
    resealed: dict[str, int] = {}
    unreadable = 0
    with transaction.atomic():
        kept = _jobs_with_files().select_for_update().only("pk", *JOB_FILES).order_by("pk")
        for job in kept.iterator(chunk_size=20):
            changed = []
            for name in JOB_FILES:
                key_id = crypto.sealed_bytes_key(getattr(job, name))
                if key_id is None or key_id == ring.primary_id:
                    continue
                if key_id not in ring.key_ids:
                    unreadable += 1
                    continue
                setattr(job, name, crypto.seal_bytes(crypto.open_bytes(getattr(job, name))))
                resealed[key_id] = resealed.get(key_id, 0) + 1
                changed.append(name)
            if changed:
                job.save(update_fields=changed)
        total = sum(resealed.values())
        if total:
            audit_record(
                actor=None,
                action="core.keys.rotate",
                object_type=Job._meta.label_lower,
                changes={
                    "field": ", ".join(JOB_FILES),
                    "rows": total,
                    "from_keys": resealed,
                    "to_key": ring.primary_id,
                },
            )
    return JobFilesRotation(resealed=total, unreadable=unreadable)
