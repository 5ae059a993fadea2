"""The append-only, hash-chained audit log.

Each entry stores the hash of the entry before it and its own hash over its content, so
changing or removing any entry breaks the chain from that point (``ctis audit verify``).
The hash is an HMAC-SHA256 under the audit key, which is kept outside the database
(``ctis.core.crypto``, ADR 0010): without the key nobody can compute a consistent
replacement for an entry. Entries written before the hashes were keyed carry
``scheme="sha256"`` (plain SHA-256) and verify as such, but only before the first keyed
entry. The head row records the newest hash and the number of entries, sealed with the
same key. The ORM refuses updates and deletes; on PostgreSQL triggers refuse them too.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
SCHEME_SHA256 = "sha256"  # entries written before the hashes were keyed
SCHEME_HMAC = "hmac-sha256"


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    scheme = models.CharField(max_length=16, default=SCHEME_HMAC)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        # A record's history and the log's filters read newest first within one of these.
        indexes = [
            models.Index(fields=["object_type", "object_id", "-id"], name="audit_object_recent"),
            models.Index(fields=["action", "-id"], name="audit_action_recent"),
            models.Index(fields=["created_at"], name="audit_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        # Guard, not behaviour: entries are written once, by audit_record().
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    @property
    def action_label(self) -> str:
        from ctis.audit.actions import action_label

        return action_label(self.action)

    @property
    def purpose_label(self) -> str:
        from ctis.audit.actions import purpose_label

        return purpose_label(self.purpose)

    def content(self) -> dict:
        return {
            "created_at": self.created_at.isoformat(),
            "actor": self.actor_id,
            "actor_username": self.actor_username,
            "agency": self.agency_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "client_address": self.client_address,
            "changes": self.changes,
            "purpose": self.purpose,
            "prev_hash": self.prev_hash,
        }

    def canonical(self) -> bytes:
        return json.dumps(
            self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        ).encode("utf-8")

    def compute_hash(self, key: bytes | None = None) -> str:
        """The hash this entry's scheme gives its content; keyed entries need the audit key
        (read from the keyring unless given). An unknown scheme gives no valid hash."""
        if self.scheme == SCHEME_SHA256:
            return hashlib.sha256(self.canonical()).hexdigest()
        if self.scheme == SCHEME_HMAC:
            key = key if key is not None else audit_key()
            return hmac.new(key, self.canonical(), hashlib.sha256).hexdigest()
        return ""


def audit_key() -> bytes:
    from ctis.core import crypto

    return crypto.get_keyring().audit_key()


def head_seal(*, key: bytes, count: int, last_hash: str) -> str:
    """The head's seal: an HMAC under the audit key over the count and the newest hash, so
    that the head cannot be moved back by hand to a state it was never in."""
    message = f"ctis-audit-head\x00{count}\x00{last_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class AuditChainHead(models.Model):
    """One row holding the newest hash, the number of entries and their seal; locking it
    serialises writers of the chain. It is created in the transaction of the first entry,
    so a committed head always counts at least one entry."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.PositiveBigIntegerField(default=0)
    seal = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash
