"""Encryption at rest of identity fields, and keyed blind indexes for looking them up.

Each value is sealed on its own with AES-256-GCM under the *primary* data key and stored
as the text token ``v1:<key id>:<base64url(nonce + ciphertext + tag)>``; the version and
the key id are bound into the tag as associated data, so a token cannot be relabelled.
The nonce is random, so one value sealed twice gives two unrelated tokens and the
database shows neither equality nor content, only roughly how long a value is. A whole
file a background job must keep (an import's upload, its result) is sealed the same way as
bytes (``seal_bytes``, ``open_bytes``: ``v1:<key id>:`` then the raw nonce, ciphertext and
tag). The keys come from the environment (``CTIS_DATA_KEYS="k2:<key>,k1:<key>"``, the
first is the primary) or from a key file readable by its owner only
(``CTIS_DATA_KEY_FILE``, one ``id:key`` a line, the first is the primary); never from the
database or the repository. Development and the demonstration generate ``data/keys`` on first use. Old
keys stay in the ring so that every token stays readable until ``ctis keys rotate`` has
re-sealed it under the primary key; the file is re-read when it changes, so running
processes pick up a new key without a restart. Because sealed values cannot be compared,
lookups go through blind indexes: the first 32 hex digits (128 bits) of
HMAC-SHA256(blind-index key, purpose + NUL + normalised value), stored in their own
indexed column. The blind-index key is separate (``CTIS_BLIND_INDEX_KEY`` or a
``blind:<key>`` line in the key file) and the purpose separates the indexes of different
fields, so equal values in two fields do not give equal indexes. See ADR 0005.
The audit chain's hashes are keyed too (HMAC-SHA256, ADR 0010) under a third key of its
own, the audit key (``CTIS_AUDIT_KEY`` or an ``audit:<key>`` line in the key file), so that
someone who can write to the database but does not hold it cannot forge a chain.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import stat
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps as global_apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models, transaction
from django.views.decorators.debug import sensitive_variables

TOKEN_VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
BLIND_INDEX_LENGTH = 32
BLIND_LINE_ID = "blind"
AUDIT_LINE_ID = "audit"
SPECIAL_LINE_IDS = frozenset({BLIND_LINE_ID, AUDIT_LINE_ID})
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
# Lookups an encrypted column allows: whether it is empty, and which key sealed it.
ALLOWED_LOOKUPS = frozenset({"isnull", "key_id"})


class CryptoError(Exception):
    """A token could not be opened."""


class KeyNotAvailable(CryptoError):
    """The token was sealed under a key that the keyring does not hold."""


class TamperedToken(CryptoError):
    """The token is malformed or its tag does not verify: it was altered or damaged."""


class KeyringError(ImproperlyConfigured):
    """The keys are missing, malformed or stored unsafely."""


class Keyring:
    """The data keys (first is the primary) and the blind-index key. Never prints a key."""

    def __init__(
        self,
        keys: list[tuple[str, bytes]],
        blind_key: bytes | None,
        source: str,
        audit_key: bytes | None = None,
    ):
        if not keys:
            raise KeyringError(f"No data key in {source}.")
        self.key_ids: tuple[str, ...] = tuple(key_id for key_id, _ in keys)
        self.primary_id = self.key_ids[0]
        self.source = source
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys}
        self._blind_key = blind_key
        self._audit_key = audit_key

    def __repr__(self) -> str:
        return f"<Keyring primary={self.primary_id} keys={list(self.key_ids)} from {self.source}>"

    def cipher(self, key_id: str) -> AESGCM:
        try:
            return self._ciphers[key_id]
        except KeyError:
            raise KeyNotAvailable(
                f"The value was encrypted under key {key_id!r}, which is not in the keyring "
                f"({self.source}). Restore that key to read it."
            ) from None

    @property
    def has_blind_key(self) -> bool:
        return self._blind_key is not None

    def blind_key(self) -> bytes:
        if self._blind_key is None:
            raise KeyringError(
                f"No blind-index key: set CTIS_BLIND_INDEX_KEY or add a 'blind:<key>' line "
                f"to the key file ({self.source})."
            )
        return self._blind_key

    @property
    def has_audit_key(self) -> bool:
        return self._audit_key is not None

    def audit_key(self) -> bytes:
        if self._audit_key is None:
            raise KeyringError(
                f"No audit key: set CTIS_AUDIT_KEY or add an 'audit:<key>' line to the key "
                f"file ({self.source}); `ctis keys new --audit --write` adds one. Audit entries "
                f"are not written without it."
            )
        return self._audit_key


# Keyring loading ---------------------------------------------------------------------


def new_key() -> str:
    """A fresh random 32-byte key in the form the keyring reads (base64url, no padding)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).rstrip(b"=").decode()


def new_key_id() -> str:
    """A key id that sorts by creation date and does not collide within a day."""
    return f"k{time.strftime('%Y%m%d')}-{secrets.token_hex(2)}"


@sensitive_variables()
def _decode_key(text: str, where: str) -> bytes:
    text = text.strip()
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise KeyringError(f"{where}: the key is not base64url.") from None
    if len(key) != KEY_BYTES:
        raise KeyringError(f"{where}: the key must be {KEY_BYTES} bytes, not {len(key)}.")
    return key


@sensitive_variables()
def _parse_entry(entry: str, where: str) -> tuple[str, bytes]:
    key_id, sep, text = entry.strip().partition(":")
    if not sep:
        raise KeyringError(f"{where}: expected 'id:key'.")
    key_id = key_id.strip()
    if key_id not in SPECIAL_LINE_IDS and not KEY_ID_PATTERN.match(key_id):
        raise KeyringError(
            f"{where}: a key id is 1–32 letters, digits, '-' or '_', starting with a letter "
            f"or digit."
        )
    return key_id, _decode_key(text, f"{where} (key {key_id})")


@sensitive_variables()
def _parse_all(
    lines: Iterable[str], source: str
) -> tuple[list[tuple[str, bytes]], dict[str, bytes]]:
    """The data keys in order, and the special keys (blind-index, audit) by line id."""
    keys: list[tuple[str, bytes]] = []
    special: dict[str, bytes] = {}
    names = {BLIND_LINE_ID: "blind-index", AUDIT_LINE_ID: "audit"}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key_id, key = _parse_entry(line, f"{source}, entry {number}")
        if key_id in SPECIAL_LINE_IDS:
            if key_id in special:
                raise KeyringError(f"{source}: more than one {names[key_id]} key.")
            special[key_id] = key
        elif any(key_id == seen for seen, _ in keys):
            raise KeyringError(f"{source}: key id {key_id!r} appears twice.")
        else:
            keys.append((key_id, key))
    return keys, special


def check_key_file_permissions(path: Path) -> os.stat_result:
    """Refuse a key file that is missing, not a regular file, or open to group or others."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KeyringError(f"The key file {path} does not exist.") from None
    if not stat.S_ISREG(info.st_mode):
        raise KeyringError(f"The key file {path} is not a regular file.")
    if info.st_mode & 0o077:
        raise KeyringError(
            f"The key file {path} can be read or changed by others "
            f"(mode {stat.filemode(info.st_mode)}); it must be readable by its owner only: "
            f"chmod 600 {path}"
        )
    return info


def _write_new_file(path: Path, text: str, mode: int = 0o600) -> Path:
    """Write ``text`` to a new private file beside ``path`` and return its name."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


KEY_FILE_HEADER = (
    "# ctis data keys (ADR 0005). The first 'id:key' line is the primary key; keep older\n"
    "# keys below it until `ctis keys rotate` has finished. 'blind:<key>' keys the blind\n"
    "# indexes and must never change; 'audit:<key>' keys the audit chain (ADR 0010) and\n"
    "# must never change either. Never commit this file or copy it into the database.\n"
)


@sensitive_variables()
def generate_key_file(path: Path) -> None:
    """Create a key file with one data key and a blind-index key, unless one exists.

    Written under a temporary name and linked into place, so two processes starting at
    once cannot both create it, and no process ever reads a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        f"{KEY_FILE_HEADER}{new_key_id()}:{new_key()}\n{BLIND_LINE_ID}:{new_key()}\n"
        f"{AUDIT_LINE_ID}:{new_key()}\n"
    )
    temporary = _write_new_file(path, text)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class KeySource:
    """Where the keyring comes from: the settings, and the key file's identity on disk."""

    keys_env: str
    blind_env: str
    audit_env: str
    key_file: str
    generate: bool
    file_stamp: tuple[int, int, int] | None

    def __repr__(self) -> str:  # the env values hold keys
        return f"<KeySource file={self.key_file!r} env={bool(self.keys_env)}>"


def _current_source() -> KeySource:
    key_file = str(getattr(settings, "CTIS_DATA_KEY_FILE", "") or "")
    stamp = None
    if key_file:
        try:
            info = os.stat(key_file)
            stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        except FileNotFoundError:
            stamp = None
    return KeySource(
        keys_env=str(getattr(settings, "CTIS_DATA_KEYS", "") or ""),
        blind_env=str(getattr(settings, "CTIS_BLIND_INDEX_KEY", "") or ""),
        audit_env=str(getattr(settings, "CTIS_AUDIT_KEY", "") or ""),
        key_file=key_file,
        generate=bool(getattr(settings, "CTIS_DATA_KEY_FILE_GENERATE", False)),
        file_stamp=stamp,
    )


@sensitive_variables()
def _load(source: KeySource) -> Keyring:
    if source.keys_env and source.key_file:
        raise KeyringError("Set CTIS_DATA_KEYS or CTIS_DATA_KEY_FILE, not both.")
    if source.keys_env:
        keys, special = _parse_all(source.keys_env.split(","), "CTIS_DATA_KEYS")
        if special:
            raise KeyringError(
                "CTIS_DATA_KEYS holds data keys only; use CTIS_BLIND_INDEX_KEY and CTIS_AUDIT_KEY."
            )
        origin = "CTIS_DATA_KEYS"
    elif source.key_file:
        path = Path(source.key_file)
        if source.generate and not path.exists():
            generate_key_file(path)
        check_key_file_permissions(path)
        keys, special = _parse_all(path.read_text(encoding="utf-8").splitlines(), str(path))
        if source.generate and AUDIT_LINE_ID not in special and not source.audit_env:
            # A development key file from before the audit key: give it one.
            key_file_add(path=path, key_id=AUDIT_LINE_ID, key=new_key(), special=AUDIT_LINE_ID)
            keys, special = _parse_all(path.read_text(encoding="utf-8").splitlines(), str(path))
        origin = str(path)
    else:
        raise KeyringError("No data keys: set CTIS_DATA_KEYS or CTIS_DATA_KEY_FILE.")
    blind = special.get(BLIND_LINE_ID)
    if source.blind_env:
        if blind is not None:
            raise KeyringError(
                f"Two blind-index keys: CTIS_BLIND_INDEX_KEY and the 'blind:' line in {origin}; "
                f"keep one."
            )
        blind = _decode_key(source.blind_env, "CTIS_BLIND_INDEX_KEY")
    audit = special.get(AUDIT_LINE_ID)
    if source.audit_env:
        if audit is not None:
            raise KeyringError(
                f"Two audit keys: CTIS_AUDIT_KEY and the 'audit:' line in {origin}; keep one."
            )
        audit = _decode_key(source.audit_env, "CTIS_AUDIT_KEY")
    return Keyring(keys, blind, origin, audit)


_cache: tuple[KeySource, Keyring] | None = None
_cache_lock = threading.Lock()


def get_keyring() -> Keyring:
    """The keyring for the current settings; loaded again when they or the key file change."""
    global _cache
    source = _current_source()
    cached = _cache
    if cached is not None and cached[0] == source:
        return cached[1]
    with _cache_lock:
        ring = _load(source)
        # A generated file did not exist when the source was taken; key the cache on it now.
        _cache = (_current_source() if source.file_stamp is None else source, ring)
    return ring


@sensitive_variables()
def key_file_add(
    *, path: Path, key_id: str, key: str, blind: bool = False, special: str | None = None
) -> None:
    """Put a new data key first in the key file (or add the missing blind-index or audit
    key: ``blind=True`` or ``special="audit"``).

    The directory is locked against a concurrent writer, and the new file replaces the
    old one in a single rename, so readers see the old ring or the new one, never half.
    """
    import fcntl

    special = BLIND_LINE_ID if blind else special
    _parse_entry(f"{special or key_id}:{key}", "new key")
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(directory, fcntl.LOCK_EX)
        info = check_key_file_permissions(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        keys, present = _parse_all(lines, str(path))
        if special:
            if special in present:
                raise KeyringError(
                    f"{path} already has a blind-index key; changing it would make every "
                    f"blind index unusable."
                    if special == BLIND_LINE_ID
                    else f"{path} already has an audit key; changing it would make every "
                    f"audit entry written under it fail `ctis audit verify`."
                )
            lines.append(f"{special}:{key}")
        else:
            if any(key_id == seen for seen, _ in keys):
                raise KeyringError(f"{path} already has a key {key_id!r}.")
            first = next(
                (
                    i
                    for i, line in enumerate(lines)
                    if line.strip() and not line.lstrip().startswith("#")
                ),
                len(lines),
            )
            lines.insert(first, f"{key_id}:{key}")
        temporary = _write_new_file(path, "\n".join(lines) + "\n", stat.S_IMODE(info.st_mode))
        os.replace(temporary, path)
    finally:
        os.close(directory)


# Sealing, opening, blind indexes -----------------------------------------------------


def _associated_data(key_id: str) -> bytes:
    return f"ctis:{TOKEN_VERSION}:{key_id}".encode()


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@sensitive_variables()
def encrypt(plaintext: str) -> str:
    """Seal ``plaintext`` under the primary key: ``v1:<key id>:<base64url>``."""
    ring = get_keyring()
    key_id = ring.primary_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.cipher(key_id).encrypt(nonce, plaintext.encode("utf-8"), _associated_data(key_id))
    return f"{TOKEN_VERSION}:{key_id}:{_b64encode(nonce + sealed)}"


def token_key_id(token: str) -> str:
    """The id of the key that sealed ``token``; the token is not opened."""
    version, sep, rest = token.partition(":")
    key_id, sep2, _ = rest.partition(":")
    if version != TOKEN_VERSION or not sep or not sep2 or not KEY_ID_PATTERN.match(key_id):
        raise TamperedToken("This is not a ctis encrypted value (unknown format).")
    return key_id


@sensitive_variables()
def decrypt(token: str) -> str:
    """Open a token sealed under any key in the ring."""
    key_id = token_key_id(token)
    cipher = get_keyring().cipher(key_id)
    body = token.split(":", 2)[2]
    try:
        raw = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise TamperedToken("The encrypted value is damaged (not base64url).") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise TamperedToken("The encrypted value is damaged (too short).")
    try:
        plain = cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated_data(key_id))
    except InvalidTag:
        raise TamperedToken(
            f"The encrypted value under key {key_id!r} does not verify: it was altered or damaged."
        ) from None
    return plain.decode("utf-8")


@sensitive_variables()
def seal_bytes(plain: bytes) -> bytes:
    """Seal a whole file (an upload, a result that quotes it) under the primary key:
    ``v1:<key id>:`` then the nonce, the ciphertext and the tag, as raw bytes. The same
    associated data as ``encrypt`` binds the version and the key id into the tag."""
    ring = get_keyring()
    key_id = ring.primary_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.cipher(key_id).encrypt(nonce, bytes(plain), _associated_data(key_id))
    return f"{TOKEN_VERSION}:{key_id}:".encode("ascii") + nonce + sealed


@sensitive_variables()
def open_bytes(sealed: bytes) -> bytes:
    """Open what ``seal_bytes`` sealed, under any key in the ring."""
    sealed = bytes(sealed)
    key_id = sealed_bytes_key(sealed)
    if key_id is None:
        raise TamperedToken("These are not ctis sealed bytes (unknown format).")
    cipher = get_keyring().cipher(key_id)
    body = sealed[len(f"{TOKEN_VERSION}:{key_id}:") :]
    if len(body) < NONCE_BYTES + TAG_BYTES:
        raise TamperedToken("The sealed bytes are damaged (too short).")
    try:
        return cipher.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], _associated_data(key_id))
    except InvalidTag:
        raise TamperedToken(
            f"The sealed bytes under key {key_id!r} do not verify: they were altered or damaged."
        ) from None


def sealed_bytes_key(sealed: bytes | None) -> str | None:
    """The id of the key that sealed ``sealed`` (``seal_bytes``), read from its clear
    ``v1:<key id>:`` prefix; None for no bytes or bytes of another format (a document a
    job made for the user to download is kept as it is, not sealed)."""
    if not sealed:
        return None
    version, sep, rest = bytes(sealed[:80]).partition(b":")
    raw_id, sep2, _body = rest.partition(b":")
    if version != TOKEN_VERSION.encode() or not sep or not sep2:
        return None
    try:
        key_id = raw_id.decode("ascii")
    except UnicodeDecodeError:
        return None
    return key_id if KEY_ID_PATTERN.match(key_id) else None


@sensitive_variables()
def blind_index(value: str, *, purpose: str) -> str:
    """The blind index of an already-normalised ``value`` for one ``purpose``.

    32 lowercase hex digits: the first 128 bits of HMAC-SHA256(blind-index key,
    purpose + NUL + value). The purpose (e.g. ``"person.name"``) keeps the indexes of
    different fields apart; it may not contain NUL, so the message is unambiguous.
    """
    if not purpose or "\x00" in purpose:
        raise ValueError("A blind index needs a non-empty purpose without NUL characters.")
    message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
    digest = hmac.new(get_keyring().blind_key(), message, hashlib.sha256).hexdigest()
    return digest[:BLIND_INDEX_LENGTH]


# The model field ---------------------------------------------------------------------


class EncryptedTextField(models.TextField):
    """A text column that holds only sealed tokens; the model sees the plain value.

    ``None`` is stored as NULL (so whether a value is present is visible); the empty
    string is sealed like any other value. The column can be filtered only with
    ``__isnull`` and ``__key_id`` (which key sealed it); any other lookup raises, because
    a comparison with ciphertext silently matches nothing: look values up through a
    blind index instead.
    """

    description = "Text encrypted at rest"

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if self.unique or self.primary_key or getattr(self, "db_index", False):
            errors.append(
                checks.Error(
                    "An encrypted field cannot be unique, a primary key or indexed: its "
                    "values are random-looking tokens.",
                    hint="Index a blind index of the normalised value instead.",
                    obj=self,
                    id="core.E101",
                )
            )
        return errors

    @sensitive_variables()
    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(value)

    @sensitive_variables()
    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)

    def get_lookup(self, lookup_name: str):
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted and cannot be filtered with "
                f"'{lookup_name}'; only 'isnull' is allowed. Look values up through a blind "
                f"index (ctis.core.crypto.blind_index)."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str):
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted and has no '{lookup_name}' "
            f"transform; look values up through a blind index."
        )


def sealed_fields(model: type[models.Model]) -> list[str]:
    """The model's encrypted columns."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


class SealedQuerySet(models.QuerySet):
    def with_sealed(self) -> SealedQuerySet:
        """Read the sealed texts too (a page that shows them, once the identity is open)."""
        return self.defer(None)


class SealedManager(models.Manager.from_queryset(SealedQuerySet)):  # type: ignore[misc]
    """Sealed texts are deferred by default: a list or a check that does not show them
    never reads or decrypts them. Reading one on an instance loads it alone (one query);
    ask for them up front with ``with_sealed()``."""

    def get_queryset(self):
        return super().get_queryset().defer(*sealed_fields(self.model))


@EncryptedTextField.register_lookup
class KeyIdLookup(models.Lookup):
    """``field__key_id="k1"``: the rows whose token was sealed under key ``k1``."""

    lookup_name = "key_id"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if not isinstance(self.rhs, str) or not KEY_ID_PATTERN.match(self.rhs):
            raise ValueError("key_id needs a key id.")
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        prefix = f"{TOKEN_VERSION}:{self.rhs}:"
        return f"SUBSTR({lhs_sql}, 1, {len(prefix)}) = %s", [*lhs_params, prefix]


def encrypted_fields(registry=None) -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) holding an encrypted column, for rotation and status."""
    registry = registry or global_apps
    found = []
    for model in registry.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField) and field.model is model:
                found.append((model, field.name))
    return found


# Rotation ----------------------------------------------------------------------------


def field_key_counts(*, model: type[models.Model], field_name: str) -> dict[str, int]:
    """How many rows of one encrypted column each key sealed.

    Keys are the ring's key ids, plus ``"unknown"`` for tokens that no key in the ring
    can open and ``"null"`` for empty (NULL) values.
    """
    ring = get_keyring()
    manager = model._base_manager
    counts = {
        key_id: manager.filter(**{f"{field_name}__key_id": key_id}).count()
        for key_id in ring.key_ids
    }
    present = manager.filter(**{f"{field_name}__isnull": False}).count()
    counts["unknown"] = present - sum(counts.values())
    counts["null"] = manager.filter(**{f"{field_name}__isnull": True}).count()
    return counts


@dataclass(frozen=True)
class RotationBatch:
    rows: int
    from_keys: dict[str, int]
    to_key: str


def field_reseal_batch(
    *, model: type[models.Model], field_name: str, batch_size: int
) -> RotationBatch | None:
    """Re-seal up to ``batch_size`` rows of one column that an older key sealed, inside the
    caller's transaction.

    The rows are locked (``SELECT … FOR UPDATE``) so that a concurrent edit waits instead
    of being overwritten, and re-sealed under the primary key. Returns None when no row is
    left; rows under a key missing from the ring are left alone (``field_key_counts`` shows
    them). The primary key is read again for every batch, so a key added mid-rotation
    cannot make the loop chase its own writes. Core writes no audit entry (it sits below
    the audit log): ``ctis.audit.services.field_rotate_batch`` is the service that calls
    this and records the batch in the same transaction.
    """
    if not transaction.get_connection(model._base_manager.db).in_atomic_block:
        raise RuntimeError("field_reseal_batch locks rows: call it inside transaction.atomic().")
    ring = get_keyring()
    old_ids = [key_id for key_id in ring.key_ids if key_id != ring.primary_id]
    if not old_ids:
        return None
    manager = model._base_manager
    under_old = reduce(or_, (models.Q(**{f"{field_name}__key_id": k}) for k in old_ids))
    rows = list(
        manager.select_for_update()
        .filter(under_old)
        .order_by("pk")
        .only("pk", field_name)[:batch_size]
    )
    if not rows:
        return None
    pks = [row.pk for row in rows]
    from_keys = {
        key_id: count
        for key_id in old_ids
        if (count := manager.filter(pk__in=pks, **{f"{field_name}__key_id": key_id}).count())
    }
    # Saving the opened values seals them again, under the primary key.
    manager.bulk_update(rows, [field_name])
    return RotationBatch(rows=len(rows), from_keys=from_keys, to_key=ring.primary_id)


@checks.register(checks.Tags.security)
def check_keyring(app_configs=None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Fail ``check``/``runserver``/``migrate`` early when encrypted fields exist but the
    keys are missing or unsafe, instead of on the first request that reads one."""
    if not encrypted_fields():
        return []
    try:
        get_keyring().blind_key()
    except KeyringError as error:
        return [checks.Error(str(error), id="core.E102")]
    return []
