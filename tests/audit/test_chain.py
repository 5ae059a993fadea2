"""The audit log is append-only and `ctis audit verify` finds the first broken entry.

The tamperings are done as someone with write access to the database (on PostgreSQL, the
tables' owner, who can switch the triggers off) but without the audit key."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from ctis.audit.checks import check_audit_key
from ctis.audit.models import (
    GENESIS_HASH,
    SCHEME_SHA256,
    AppendOnlyError,
    AuditChainHead,
    AuditEntry,
    head_seal,
)
from ctis.audit.services import Anchor, audit_chain_verify, audit_record
from ctis.core import crypto


@pytest.fixture
def entries(db, make_user):
    actor = make_user("chain-user", "sms", "agency_reporter")
    return [
        audit_record(
            actor=actor,
            action=f"test.step{i}",
            object_type="test",
            object_id=str(i),
            changes={"n": {"before": i, "after": i + 1}},
        )
        for i in range(5)
    ]


def _raw(sql: str, params: list | None = None) -> None:
    """Write behind the ORM's back, as someone with database access could; on PostgreSQL as
    the tables' owner, who can switch their triggers off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred constraint checks of the test's transaction would block the ALTER.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


TABLES = ("audit_auditentry", "audit_auditchainhead")


def _head() -> AuditChainHead:
    return AuditChainHead.objects.get(pk=1)


def _set_head(head: AuditChainHead) -> None:
    _raw(
        "UPDATE audit_auditchainhead SET last_hash = %s, count = %s, seal = %s WHERE id = 1",
        [head.last_hash, head.count, head.seal],
    )


def test_intact_chain_verifies(entries, capsys):
    report = audit_chain_verify()
    assert report.ok and report.checked == AuditEntry.objects.count()
    with translation.override("en"):
        call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_changed_entry_is_named(entries):
    target = entries[2]
    _raw("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["test.forged", target.pk])
    report = audit_chain_verify()
    assert report.broken_entry_id == target.pk and report.reason == "content"
    with translation.override("en"), pytest.raises(CommandError, match=f"#{target.pk}"):
        call_command("audit", "verify")


def test_changed_before_after_values_are_detected(entries):
    target = entries[1]
    _raw(
        "UPDATE audit_auditentry SET changes = %s WHERE id = %s",
        ['{"n": {"before": 1, "after": 99}}', target.pk],
    )
    assert audit_chain_verify().broken_entry_id == target.pk


def test_removed_entry_is_detected(entries):
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    report = audit_chain_verify()
    assert report.broken_entry_id == entries[3].pk and report.reason == "link"


def test_removed_last_entry_is_detected(entries):
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk])
    assert not audit_chain_verify().ok


def test_orm_refuses_update_and_delete(entries):
    entry = AuditEntry.objects.get(pk=entries[0].pk)
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_database_refuses_update_on_postgresql(entries):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entries[0].pk])


def test_each_entry_links_to_the_previous(entries):
    rows = list(AuditEntry.objects.order_by("id"))
    for previous, entry in zip(rows, rows[1:], strict=False):
        assert entry.prev_hash == previous.hash


# The tamperings ----------------------------------------------------------------------


def test_edited_link_is_named(entries):
    target = entries[3]
    _raw("UPDATE audit_auditentry SET prev_hash = %s WHERE id = %s", [entries[1].hash, target.pk])
    report = audit_chain_verify()
    assert report.broken_entry_id == target.pk and report.reason == "link"


def test_deleted_tail_is_named(entries):
    _raw("DELETE FROM audit_auditentry WHERE id >= %s", [entries[3].pk])
    report = audit_chain_verify()
    assert report.reason == "tail" and report.broken_entry_id == entries[2].pk


def test_deleted_tail_with_the_head_moved_back_by_hand_fails_the_seal(entries):
    before = _head()
    _raw("DELETE FROM audit_auditentry WHERE id >= %s", [entries[3].pk])
    # The forger sees the new last hash and the count, but cannot seal them without the key.
    before.last_hash, before.count = entries[2].hash, before.count - 2
    _set_head(before)
    report = audit_chain_verify()
    assert report.reason == "head-seal"
    with translation.override("en"), pytest.raises(CommandError, match="seal"):
        call_command("audit", "verify")


def test_deleted_tail_with_an_old_head_copied_back_needs_the_anchor(entries):
    """A head row copied when it stood at entries[2] is a state the head really had: from
    inside the database the shortened chain looks whole; the anchor shows it is not."""
    anchor = Anchor(entries[-1].pk, entries[-1].hash)
    count = _head().count - 2
    old_head = AuditChainHead(
        last_hash=entries[2].hash,
        count=count,
        seal=head_seal(
            key=crypto.get_keyring().audit_key(), count=count, last_hash=entries[2].hash
        ),
    )
    _raw("DELETE FROM audit_auditentry WHERE id >= %s", [entries[3].pk])
    _set_head(old_head)
    assert audit_chain_verify().ok
    report = audit_chain_verify(anchors=[anchor])
    assert report.reason == "anchor-missing" and report.broken_entry_id == anchor.entry_id
    with translation.override("en"), pytest.raises(CommandError, match="no longer holds"):
        call_command("audit", "verify", "--anchor", str(anchor))


def test_head_moved_back_over_entries_still_there_is_named(entries):
    head = _head()
    head.last_hash = entries[2].hash
    _set_head(head)
    report = audit_chain_verify()
    assert report.reason == "head-behind" and report.broken_entry_id == entries[3].pk


def test_deleted_head_row_is_named(entries):
    _raw("DELETE FROM audit_auditchainhead")
    report = audit_chain_verify()
    assert report.reason == "head-missing" and not report.ok
    with translation.override("en"), pytest.raises(CommandError, match="head row is missing"):
        call_command("audit", "verify")


def test_wiped_log_with_the_head_reset_is_named(entries):
    _raw("DELETE FROM audit_auditentry")
    _set_head(AuditChainHead(last_hash=GENESIS_HASH, count=0, seal=""))
    report = audit_chain_verify()
    assert report.reason == "wiped" and report.checked == 0
    with translation.override("en"), pytest.raises(CommandError, match="wiped"):
        call_command("audit", "verify")


def test_wiped_log_and_head_look_new_inside_but_fail_the_anchor(entries, capsys):
    anchor = Anchor(entries[-1].pk, entries[-1].hash)
    _raw("DELETE FROM audit_auditentry")
    _raw("DELETE FROM audit_auditchainhead")
    with translation.override("en"):
        call_command("audit", "verify")
    assert "cannot be told from a wiped one" in capsys.readouterr().out
    assert audit_chain_verify(anchors=[anchor]).reason == "anchor-missing"


def _forge(previous: AuditEntry, *, scheme: str, digest) -> AuditEntry:
    """Append an entry as a forger would: a plausible row linked to ``previous``, the head
    moved to it with its count, its seal left as it was (it needs the key)."""
    forged = AuditEntry(
        created_at=previous.created_at,
        action="accounts.user.delete",
        object_type="accounts.user",
        object_id="7",
        prev_hash=previous.hash,
        scheme=scheme,
    )
    forged.hash = digest(forged)
    forged.save()
    head = _head()
    head.last_hash, head.count = forged.hash, head.count + 1
    _set_head(head)
    return forged


def _plain_sha256(entry: AuditEntry) -> str:
    return hashlib.sha256(entry.canonical()).hexdigest()


def test_forged_entry_with_plain_sha256_is_named(entries):
    forged = _forge(entries[-1], scheme=SCHEME_SHA256, digest=_plain_sha256)
    report = audit_chain_verify()
    assert report.reason == "unkeyed" and report.broken_entry_id == forged.pk


def test_forged_entry_labelled_keyed_but_hashed_without_the_key_is_named(entries):
    forged = _forge(entries[-1], scheme="hmac-sha256", digest=_plain_sha256)
    report = audit_chain_verify()
    assert report.reason == "content" and report.broken_entry_id == forged.pk


def test_forger_without_the_key_cannot_recompute_a_consistent_chain(entries):
    """Change an entry, then recompute its hash and every later link and hash and the head
    with a key of the forger's own: the first recomputed entry fails."""
    wrong_key = crypto._decode_key(crypto.new_key(), "forger")
    rows = list(AuditEntry.objects.filter(id__gte=entries[2].pk).order_by("id"))
    previous_hash = entries[1].hash
    for row in rows:
        if row.pk == entries[2].pk:
            row.action = "test.forged"
        row.prev_hash = previous_hash
        row.hash = row.compute_hash(wrong_key)
        _raw(
            "UPDATE audit_auditentry SET action = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row.action, row.prev_hash, row.hash, row.pk],
        )
        previous_hash = row.hash
    head = _head()
    head.last_hash = previous_hash
    head.seal = head_seal(key=wrong_key, count=head.count, last_hash=previous_hash)
    _set_head(head)
    report = audit_chain_verify()
    assert report.reason == "content" and report.broken_entry_id == entries[2].pk


def test_reordered_entries_are_named(entries):
    a, b = entries[1].pk, entries[3].pk
    _raw("UPDATE audit_auditentry SET id = %s WHERE id = %s", [-1, a])
    _raw("UPDATE audit_auditentry SET id = %s WHERE id = %s", [a, b])
    _raw("UPDATE audit_auditentry SET id = %s WHERE id = %s", [b, -1])
    report = audit_chain_verify()
    assert report.reason == "link" and report.broken_entry_id == a


# Keys and anchors --------------------------------------------------------------------


def test_entries_are_hmac_under_the_audit_key(entries):
    entry = AuditEntry.objects.get(pk=entries[0].pk)
    assert entry.scheme == "hmac-sha256"
    assert entry.hash != _plain_sha256(entry)
    assert entry.hash == entry.compute_hash(crypto.get_keyring().audit_key())
    assert check_audit_key() == []


@pytest.fixture
def no_audit_key(settings):
    """Data and blind-index keys from the environment, and no audit key."""
    settings.CTIS_DATA_KEYS = f"k1:{crypto.new_key()}"
    settings.CTIS_BLIND_INDEX_KEY = crypto.new_key()
    settings.CTIS_AUDIT_KEY = ""
    settings.CTIS_DATA_KEY_FILE = ""
    settings.CTIS_DATA_KEY_FILE_GENERATE = False


def test_without_the_audit_key_nothing_is_written(entries, no_audit_key):
    count = AuditEntry.objects.count()
    with pytest.raises(crypto.KeyringError, match="No audit key"):
        audit_record(actor=None, action="test.unkeyed")
    assert AuditEntry.objects.count() == count


def test_entries_from_before_the_key_verify_and_are_counted(entries, capsys):
    """An installation upgraded with a plain SHA-256 chain: it verifies, says how many
    entries are unkeyed, and the keyed entries continue it."""
    _raw("DELETE FROM audit_auditentry")
    previous = GENESIS_HASH
    for i in range(3):
        old = AuditEntry(
            created_at=entries[0].created_at, action=f"old.{i}", prev_hash=previous, scheme="sha256"
        )
        old.hash = old.compute_hash()
        old.save()
        previous = old.hash
    key = crypto.get_keyring().audit_key()
    _set_head(
        AuditChainHead(
            last_hash=previous, count=3, seal=head_seal(key=key, count=3, last_hash=previous)
        )
    )
    audit_record(actor=None, action="test.keyed")
    report = audit_chain_verify()
    assert report.ok and report.checked == 4 and report.unkeyed == 3
    with translation.override("en"):
        call_command("audit", "verify")
    assert "3 of them were written before the hashes were keyed" in capsys.readouterr().out


def test_anchor_prints_the_head_and_verify_accepts_it(entries):
    out = io.StringIO()
    with translation.override("en"):
        call_command("audit", "anchor", stdout=out)
    last = AuditEntry.objects.order_by("-id").first()
    text = out.getvalue()
    assert f"entry #{last.pk}" in text and f"{AuditEntry.objects.count()} entries" in text
    assert f"Anchor: {last.pk}:{last.hash}" in text
    audit_record(actor=None, action="test.after-anchor")
    out = io.StringIO()
    with translation.override("en"):
        call_command("audit", "verify", "--anchor", f"{last.pk}:{last.hash}", stdout=out)
    assert "holds every anchor" in out.getvalue()


def test_anchor_with_another_hash_fails(entries):
    anchor = f"{entries[2].pk}:{'ab' * 32}"
    with translation.override("en"), pytest.raises(CommandError, match=f"#{entries[2].pk}"):
        call_command("audit", "verify", "--anchor", anchor)


@pytest.mark.parametrize("text", ["12", "x:" + "a" * 64, "12:abc", "12:" + "g" * 64])
def test_malformed_anchor_is_refused_with_its_form(entries, text):
    with translation.override("en"), pytest.raises(CommandError, match="ENTRY-ID:HASH"):
        call_command("audit", "verify", "--anchor", text)


def test_verify_and_anchor_speak_azerbaijani(entries):
    out = io.StringIO()
    with translation.override("az"):
        call_command("audit", "anchor", stdout=out)
    assert "Anchor:" not in out.getvalue()


def test_check_names_a_missing_audit_key(no_audit_key):
    assert [error.id for error in check_audit_key()] == ["audit.E001"]


def test_entries_written_together_chain_as_entries_written_one_by_one(entries, make_user):
    """``audit_record_many`` (a bulk import's) appends to the same chain: after it, the
    chain verifies, the head counts every entry, and the next single entry links on."""
    from ctis.audit.services import Event, audit_record_many

    actor = make_user("bulk-user", "sms", "agency_reporter")
    objects = [AuditChainHead.objects.get()] * 3  # any saved rows to name
    written = audit_record_many(
        actor=actor,
        events=[
            Event("test.bulk", obj, {"n": {"before": None, "after": i}})
            for i, obj in enumerate(objects)
        ],
    )
    assert written == 3
    after = audit_record(actor=actor, action="test.after", object_type="test", object_id="x")
    report = audit_chain_verify()
    assert report.ok, report
    assert AuditChainHead.objects.get().count == AuditEntry.objects.count()
    bulk = list(AuditEntry.objects.filter(action="test.bulk").order_by("id"))
    assert [entry.changes["n"]["after"] for entry in bulk] == [0, 1, 2]
    before = AuditEntry.objects.filter(id__lt=bulk[0].id).order_by("-id").first()
    assert bulk[0].prev_hash == before.hash and after.prev_hash == bulk[-1].hash
    assert audit_record_many(actor=actor, events=[]) == 0
