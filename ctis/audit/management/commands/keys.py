"""``ctis keys``: data keys for identity fields. Here rather than in core because rotation
writes audit entries, which core, below the audit log, cannot."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctis.audit.services import field_rotate_batch, job_files_keys, job_files_rotate
from ctis.core import crypto


class Command(BaseCommand):
    help = (
        "Data keys for identity fields: `ctis keys new` makes a key, `ctis keys status` shows "
        "which key sealed how many values, `ctis keys rotate` re-encrypts them under the "
        "primary key while the system runs."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        new = sub.add_parser(
            "new",
            help="Print a fresh 'id:key' line; put it first in the key file or in "
            "CTIS_DATA_KEYS to make it the primary key.",
        )
        new.add_argument(
            "--write",
            action="store_true",
            help="Put the new key first in the configured key file instead of printing it.",
        )
        new.add_argument(
            "--blind",
            action="store_true",
            help="Make a blind-index key ('blind:<key>') instead, for a new installation.",
        )
        new.add_argument(
            "--audit",
            action="store_true",
            help="Make the audit key ('audit:<key>') that keys the audit chain's hashes.",
        )
        new.add_argument("--id", dest="key_id", help="The key id (default: k<date>-<random>).")
        sub.add_parser(
            "status",
            help="Show the primary key, the keys known, and per encrypted field "
            "how many values each key sealed.",
        )
        rotate = sub.add_parser(
            "rotate",
            help="Re-encrypt every value sealed under an older key with the primary key, in "
            "batches, each in its own transaction. Safe to stop and run again.",
        )
        rotate.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, action: str, **options):
        try:
            if action == "new":
                self.new(
                    write=options["write"],
                    blind=options["blind"],
                    audit=options["audit"],
                    key_id=options["key_id"],
                )
            elif action == "status":
                self.status()
            else:
                self.rotate(batch_size=options["batch_size"])
        except crypto.KeyringError as error:
            raise CommandError(str(error)) from None

    def new(self, *, write: bool, blind: bool, audit: bool, key_id: str | None) -> None:
        special = crypto.BLIND_LINE_ID if blind else crypto.AUDIT_LINE_ID if audit else None
        key_id = special or key_id or crypto.new_key_id()
        if not special and (
            key_id in crypto.SPECIAL_LINE_IDS or not crypto.KEY_ID_PATTERN.match(key_id)
        ):
            raise CommandError(
                _("A key id is 1–32 letters, digits, '-' or '_', and not 'blind' or 'audit'.")
            )
        key = crypto.new_key()
        if not write:
            self.stdout.write(f"{key_id}:{key}")
            if blind:
                hint = _(
                    "Put this line in the key file, or its key in CTIS_BLIND_INDEX_KEY. Never "
                    "change it once blind indexes exist."
                )
            elif audit:
                hint = _(
                    "Put this line in the key file, or its key in CTIS_AUDIT_KEY, then run "
                    "`ctis migrate`. Never change it once audit entries are keyed with it."
                )
            else:
                hint = _(
                    "Put this line first in the key file, or first in CTIS_DATA_KEYS, restart, "
                    "then run `ctis keys rotate`."
                )
            self.stderr.write(hint)
            return
        if settings.CTIS_DATA_KEYS or not settings.CTIS_DATA_KEY_FILE:
            raise CommandError(
                _(
                    "--write needs a key file (CTIS_DATA_KEY_FILE); the keys now come from "
                    "CTIS_DATA_KEYS. Run without --write and add the line there."
                )
            )
        path = Path(settings.CTIS_DATA_KEY_FILE)
        crypto.get_keyring()  # creates the development key file if it is missing
        crypto.key_file_add(path=path, key_id=key_id, key=key, special=special)
        if blind:
            self.stdout.write(_("Blind-index key added to %(path)s.") % {"path": path})
        elif audit:
            self.stdout.write(_("Audit key added to %(path)s.") % {"path": path})
        else:
            self.stdout.write(
                _(
                    "Key %(id)s added to %(path)s as the primary key; run `ctis keys rotate` "
                    "to re-encrypt the values sealed under older keys."
                )
                % {"id": key_id, "path": path}
            )

    def status(self) -> None:
        ring = crypto.get_keyring()
        self.stdout.write(_("Keys from: %(source)s") % {"source": ring.source})
        self.stdout.write(_("Primary key: %(id)s") % {"id": ring.primary_id})
        self.stdout.write(_("Keys known: %(ids)s") % {"ids": ", ".join(ring.key_ids)})
        self.stdout.write(
            _("Blind-index key: present") if ring.has_blind_key else _("Blind-index key: MISSING")
        )
        self.stdout.write(
            _("Audit key: present") if ring.has_audit_key else _("Audit key: MISSING")
        )
        self.stdout.write(
            _("Files kept by the worker's jobs: %(counts)s")
            % {"counts": ", ".join(_per_key(ring, job_files_keys()))}
        )
        fields = crypto.encrypted_fields()
        if not fields:
            self.stdout.write(_("No encrypted fields yet."))
            return
        for model, name in fields:
            counts = crypto.field_key_counts(model=model, field_name=name)
            parts = _per_key(ring, counts)
            parts.append(_("empty: %(count)d") % {"count": counts["null"]})
            self.stdout.write(f"{model._meta.label_lower}.{name}: " + ", ".join(parts))

    def rotate(self, *, batch_size: int) -> None:
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1."))
        ring = crypto.get_keyring()
        total = 0
        unreadable = 0
        for model, name in crypto.encrypted_fields():
            label = f"{model._meta.label_lower}.{name}"
            done = 0
            while batch := field_rotate_batch(model=model, field_name=name, batch_size=batch_size):
                done += batch.rows
                self.stdout.write(
                    _("%(field)s: %(count)d re-encrypted under %(key)s (%(done)d so far).")
                    % {"field": label, "count": batch.rows, "key": batch.to_key, "done": done}
                )
            total += done
            unreadable += crypto.field_key_counts(model=model, field_name=name)["unknown"]
        files = job_files_rotate()
        if files.resealed:
            self.stdout.write(
                _("Files kept by the worker's jobs: %(count)d re-sealed under %(key)s.")
                % {"count": files.resealed, "key": crypto.get_keyring().primary_id}
            )
        total += files.resealed
        unreadable += files.unreadable
        primary = crypto.get_keyring().primary_id
        if total:
            self.stdout.write(
                _("Rotation finished: %(count)d values re-encrypted under key %(key)s.")
                % {"count": total, "key": primary}
            )
        else:
            self.stdout.write(
                _("Nothing to rotate: every encrypted value is under key %(key)s.")
                % {"key": primary}
            )
        if unreadable:
            raise CommandError(
                _(
                    "%(count)d values are sealed under keys that are not in the keyring "
                    "(%(source)s) and were left as they are; restore those keys to read them."
                )
                % {"count": unreadable, "source": ring.source}
            )


def _per_key(ring: crypto.Keyring, counts: dict[str, int]) -> list[str]:
    """``k2: 10``, ``k1: 3``, then ``unreadable: 0`` (under keys not in the ring)."""
    parts = [f"{key_id}: {counts[key_id]}" for key_id in ring.key_ids]
    parts.append(_("unreadable: %(count)d") % {"count": counts["unknown"]})
    return parts
