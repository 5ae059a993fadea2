"""Identity fields are sealed with keys from outside the database; lookups use blind indexes."""

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test.utils import isolate_apps

from ctis.audit.models import AuditEntry
from ctis.core import crypto
from ctis.core.crypto import (
    EncryptedTextField,
    KeyNotAvailable,
    KeyringError,
    TamperedToken,
    blind_index,
    decrypt,
    encrypt,
)

ROOT = Path(__file__).resolve().parents[2]
K1 = crypto.new_key()
K2 = crypto.new_key()
BLIND = crypto.new_key()
AUDIT = crypto.new_key()
NAMES = ["Əliyeva Günel Şəhriyar qızı", "Иванова Мария Петровна", "", "Ağçiçək Ömərova-Işıqlı"]


def use_env_keys(settings, *pairs: tuple[str, str], blind: str = BLIND) -> None:
    settings.CTIS_DATA_KEYS = ",".join(f"{key_id}:{key}" for key_id, key in pairs)
    settings.CTIS_BLIND_INDEX_KEY = blind
    settings.CTIS_AUDIT_KEY = AUDIT
    settings.CTIS_DATA_KEY_FILE = ""
    settings.CTIS_DATA_KEY_FILE_GENERATE = False


def use_key_file(settings, path: Path, *, generate: bool = False) -> None:
    settings.CTIS_DATA_KEYS = ""
    settings.CTIS_BLIND_INDEX_KEY = ""
    settings.CTIS_AUDIT_KEY = ""
    settings.CTIS_DATA_KEY_FILE = str(path)
    settings.CTIS_DATA_KEY_FILE_GENERATE = generate


def write_key_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def ring_k1(settings):
    use_env_keys(settings, ("k1", K1))


# Sealing and opening -------------------------------------------------------------------


@pytest.mark.parametrize("value", NAMES)
def test_a_value_survives_the_round_trip(ring_k1, value):
    token = encrypt(value)

    assert token.startswith("v1:k1:")
    assert value == "" or value not in token
    assert decrypt(token) == value


def test_one_value_sealed_twice_gives_two_different_tokens(ring_k1):
    assert encrypt(NAMES[0]) != encrypt(NAMES[0])


@pytest.mark.parametrize("position", [6, 20, 40])
def test_a_changed_character_is_detected(ring_k1, position):
    token = encrypt(NAMES[0])
    changed = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]

    with pytest.raises(TamperedToken):
        decrypt(changed)


def test_a_shortened_or_lengthened_token_is_detected(ring_k1):
    token = encrypt(NAMES[0])

    for changed in (token[:-4], token + "AAAA"):
        with pytest.raises(TamperedToken):
            decrypt(changed)


def test_a_token_relabelled_with_another_known_key_is_detected(settings):
    use_env_keys(settings, ("k2", K2), ("k1", K1))
    token = encrypt(NAMES[0])

    with pytest.raises(TamperedToken):
        decrypt(token.replace("v1:k2:", "v1:k1:"))


@pytest.mark.parametrize(
    "token", ["", "Əliyeva", "v1:k1", "v2:k1:AAAA", "v1:k1:!!!!", "v1:k1:AAAA"]
)
def test_a_malformed_token_is_refused(ring_k1, token):
    with pytest.raises(TamperedToken):
        decrypt(token)


def test_a_token_under_a_key_not_in_the_ring_cannot_be_opened(settings):
    use_env_keys(settings, ("k1", K1))
    token = encrypt(NAMES[1])
    use_env_keys(settings, ("k2", K2))

    with pytest.raises(KeyNotAvailable, match="'k1'"):
        decrypt(token)


def test_old_keys_stay_readable_while_new_values_use_the_primary(settings):
    use_env_keys(settings, ("k1", K1))
    old = encrypt(NAMES[0])
    use_env_keys(settings, ("k2", K2), ("k1", K1))

    assert decrypt(old) == NAMES[0]
    assert encrypt(NAMES[0]).startswith("v1:k2:")


# Sealing whole files --------------------------------------------------------------------

FILE = "adı;soyadı\nƏliyeva;Günel\nИванова;Мария\n".encode() + bytes(range(256))


def test_bytes_survive_the_round_trip_under_the_primary_key(ring_k1):
    sealed = crypto.seal_bytes(FILE)

    assert sealed.startswith(b"v1:k1:")
    assert "Əliyeva".encode() not in sealed and "Иванова".encode() not in sealed
    assert crypto.open_bytes(sealed) == FILE
    assert crypto.open_bytes(memoryview(sealed)) == FILE  # as PostgreSQL gives a blob
    assert crypto.seal_bytes(FILE) != sealed  # a fresh nonce each time
    assert crypto.open_bytes(crypto.seal_bytes(b"")) == b""


def test_sealed_bytes_stay_readable_under_an_old_key_of_the_ring(settings):
    use_env_keys(settings, ("k1", K1))
    old = crypto.seal_bytes(FILE)
    use_env_keys(settings, ("k2", K2), ("k1", K1))

    assert crypto.open_bytes(old) == FILE
    assert crypto.seal_bytes(FILE).startswith(b"v1:k2:")
    use_env_keys(settings, ("k2", K2))
    with pytest.raises(KeyNotAvailable, match="'k1'"):
        crypto.open_bytes(old)


@pytest.mark.parametrize("position", [7, 20, -1])
def test_a_changed_byte_of_sealed_bytes_is_refused(ring_k1, position):
    sealed = bytearray(crypto.seal_bytes(FILE))
    sealed[position] ^= 0x01

    with pytest.raises(TamperedToken):
        crypto.open_bytes(bytes(sealed))


def test_sealed_bytes_shortened_lengthened_or_relabelled_are_refused(settings):
    use_env_keys(settings, ("k2", K2), ("k1", K1))
    sealed = crypto.seal_bytes(FILE)

    for changed in (
        sealed[:-1],
        sealed + b"\x00",
        sealed[:20],
        sealed.replace(b"v1:k2:", b"v1:k1:", 1),
        sealed.replace(b"v1:", b"v2:", 1),
        b"v1:k\xff:" + sealed[6:],
        FILE,
        b"",
    ):
        with pytest.raises(TamperedToken):
            crypto.open_bytes(changed)


def test_a_text_token_and_sealed_bytes_are_not_taken_for_each_other(ring_k1):
    with pytest.raises(TamperedToken):
        decrypt(crypto.seal_bytes(b"x").decode("latin-1"))
    with pytest.raises(TamperedToken):
        crypto.open_bytes(encrypt("x").encode())


# Blind indexes -------------------------------------------------------------------------


def test_blind_indexes_are_equal_for_equal_values_and_apart_by_purpose(ring_k1):
    index = blind_index("ƏLIYEVA", purpose="person.last_name")

    assert index == blind_index("ƏLIYEVA", purpose="person.last_name")
    assert len(index) == 32 and int(index, 16) >= 0
    assert index != blind_index("ƏLIYEVA", purpose="person.first_name")
    assert index != blind_index("ƏLIYEV", purpose="person.last_name")


def test_blind_indexes_depend_on_the_blind_key_only(settings):
    use_env_keys(settings, ("k1", K1))
    before = blind_index("AZ1234567", purpose="person.document")
    use_env_keys(settings, ("k2", K2), ("k1", K1))
    assert blind_index("AZ1234567", purpose="person.document") == before
    use_env_keys(settings, ("k1", K1), blind=crypto.new_key())
    assert blind_index("AZ1234567", purpose="person.document") != before


@pytest.mark.parametrize("purpose", ["", "a\x00b"])
def test_a_blind_index_needs_a_clean_purpose(ring_k1, purpose):
    with pytest.raises(ValueError):
        blind_index("x", purpose=purpose)


# The keyring ---------------------------------------------------------------------------


def test_the_keyring_comes_from_the_environment_first_key_primary(settings):
    use_env_keys(settings, ("k2", K2), ("k1", K1))

    ring = crypto.get_keyring()

    assert ring.primary_id == "k2"
    assert ring.key_ids == ("k2", "k1")
    assert ring.has_blind_key
    assert K1 not in repr(ring) and K2 not in repr(ring)


def test_the_keyring_comes_from_a_private_key_file(settings, tmp_path):
    path = write_key_file(
        tmp_path / "keys",
        f"# comment\n\nk3:{K2}\nk1:{K1}\nblind:{BLIND}\n",
    )
    use_key_file(settings, path)

    ring = crypto.get_keyring()

    assert (ring.primary_id, ring.key_ids, ring.source) == ("k3", ("k3", "k1"), str(path))
    assert ring.has_blind_key


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_a_key_file_open_to_others_is_refused(settings, tmp_path, mode):
    path = write_key_file(tmp_path / "keys", f"k1:{K1}\nblind:{BLIND}\n", mode)
    use_key_file(settings, path)

    with pytest.raises(KeyringError, match="chmod 600"):
        crypto.get_keyring()


def test_a_key_file_that_is_missing_is_refused_outside_development(settings, tmp_path):
    use_key_file(settings, tmp_path / "keys", generate=False)

    with pytest.raises(KeyringError, match="does not exist"):
        crypto.get_keyring()
    assert not (tmp_path / "keys").exists()


def test_development_generates_a_private_key_file_once(settings, tmp_path):
    path = tmp_path / "data" / "keys"
    use_key_file(settings, path, generate=True)

    first = crypto.get_keyring()
    token = encrypt(NAMES[0])

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.has_blind_key
    assert crypto.get_keyring().primary_id == first.primary_id
    assert decrypt(token) == NAMES[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No data key"),
        (f"k1:{K1}\nk1:{K2}\n", "appears twice"),
        ("k1:c2hvcnQ\n", "must be 32 bytes"),
        ("k1:not base64!\n", "not base64url"),
        (f"k 1:{K1}\n", "a key id is"),
        (f"{K1}\n", "expected 'id:key'"),
        (f"k1:{K1}\nblind:{BLIND}\nblind:{BLIND}\n", "more than one blind-index key"),
    ],
)
def test_a_malformed_key_file_is_refused_without_showing_keys(settings, tmp_path, text, message):
    use_key_file(settings, write_key_file(tmp_path / "keys", text))

    with pytest.raises(KeyringError, match=message) as caught:
        crypto.get_keyring()
    assert K1 not in str(caught.value) and K2 not in str(caught.value)


def test_a_missing_blind_key_is_named_when_an_index_is_needed(settings):
    use_env_keys(settings, ("k1", K1), blind="")

    assert encrypt("x")
    with pytest.raises(KeyringError, match="CTIS_BLIND_INDEX_KEY"):
        blind_index("x", purpose="p")


def test_two_blind_keys_are_refused(settings, tmp_path):
    use_key_file(settings, write_key_file(tmp_path / "keys", f"k1:{K1}\nblind:{BLIND}\n"))
    settings.CTIS_BLIND_INDEX_KEY = crypto.new_key()

    with pytest.raises(KeyringError, match="Two blind-index keys"):
        crypto.get_keyring()


def test_a_new_key_in_the_file_is_picked_up_without_a_restart(settings, tmp_path):
    path = write_key_file(tmp_path / "keys", f"k1:{K1}\nblind:{BLIND}\n")
    use_key_file(settings, path)
    assert crypto.get_keyring().primary_id == "k1"

    call_command("keys", "new", "--write", "--id", "k2", stdout=io.StringIO())

    assert crypto.get_keyring().key_ids == ("k2", "k1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().splitlines()[1:] == [f"k1:{K1}", f"blind:{BLIND}"]


def test_keys_new_prints_a_usable_line(settings):
    out, err = io.StringIO(), io.StringIO()

    call_command("keys", "new", "--id", "k9", stdout=out, stderr=err)

    line = out.getvalue().strip()
    key_id, key = line.split(":")
    assert key_id == "k9"
    use_env_keys(settings, (key_id, key))
    assert decrypt(encrypt("x")) == "x"
    assert "first" in err.getvalue()


def test_keys_new_write_refuses_environment_keys(settings):
    use_env_keys(settings, ("k1", K1))

    with pytest.raises(CommandError, match="CTIS_DATA_KEYS"):
        call_command("keys", "new", "--write", stdout=io.StringIO())


def test_keys_new_write_refuses_to_replace_the_blind_key(settings, tmp_path):
    path = write_key_file(tmp_path / "keys", f"k1:{K1}\nblind:{BLIND}\n")
    use_key_file(settings, path)

    with pytest.raises(CommandError, match="already has a blind-index key"):
        call_command("keys", "new", "--write", "--blind", stdout=io.StringIO())
    assert path.read_text() == f"k1:{K1}\nblind:{BLIND}\n"


# Settings ------------------------------------------------------------------------------

PROBE = "import ctis.settings as s; print('loaded', bool(s.CTIS_DATA_KEYS), s.CTIS_DATA_KEY_FILE)"
PRODUCTION = {
    "CTIS_PRODUCTION": "1",
    "CTIS_SECRET_KEY": "r8Vq-2mXz_Lp9sT4wYb7Nc1Kd6Hf3Jg0Qe5Ua8Zi2Ox7Wv4Ry1Tm9Sn6Pl3Bk0Cj",
    "CTIS_ALLOWED_HOSTS": "ctis.example.az",
}


def load_settings(tmp_path, **env):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "CTIS_DATA_DIR": str(tmp_path / "data"),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "CTIS_DATA_KEYS or CTIS_DATA_KEY_FILE must provide the keys"),
        ({"CTIS_DATA_KEYS": f"k1:{K1}"}, "CTIS_BLIND_INDEX_KEY must be set"),
        (
            {"CTIS_DATA_KEYS": f"k1:{K1}", "CTIS_BLIND_INDEX_KEY": BLIND},
            "CTIS_AUDIT_KEY must be set",
        ),
        (
            {"CTIS_DATA_KEYS": f"k1:{K1}", "CTIS_DATA_KEY_FILE": "/etc/ctis/keys"},
            "not both",
        ),
    ],
    ids=["no-keys", "no-blind-key", "no-audit-key", "both-sources"],
)
def test_production_without_keys_refuses_to_start(tmp_path, env, message):
    code, out, err = load_settings(tmp_path, **PRODUCTION, **env)

    assert code != 0, out
    assert "django.core.exceptions.ImproperlyConfigured" in err, err
    assert message in err, err
    assert K1 not in err


@pytest.mark.parametrize(
    "env",
    [
        {"CTIS_DATA_KEYS": f"k1:{K1}", "CTIS_BLIND_INDEX_KEY": BLIND, "CTIS_AUDIT_KEY": AUDIT},
        {"CTIS_DATA_KEY_FILE": "/etc/ctis/keys"},
    ],
    ids=["environment", "key-file"],
)
def test_production_with_keys_starts(tmp_path, env):
    code, out, err = load_settings(tmp_path, **PRODUCTION, **env)

    assert code == 0, err
    assert out.startswith("loaded")


def test_development_uses_a_key_file_in_the_data_directory(tmp_path):
    code, out, err = load_settings(tmp_path)

    assert code == 0, err
    assert out.split() == ["loaded", "False", str(tmp_path / "data" / "keys")]
    assert not (tmp_path / "data" / "keys").exists()  # made on first use, not on import


# The model field -----------------------------------------------------------------------


@pytest.fixture
def note_model(transactional_db):
    """A model that exists only in this test, with its table made and dropped here."""
    with isolate_apps("ctis.core") as registry:

        class Note(models.Model):
            name = EncryptedTextField(null=True, blank=True)
            label = models.CharField(max_length=20, default="")

            class Meta:
                app_label = "core"
                db_table = "test_crypto_note"

            def __str__(self) -> str:
                return self.label

        with connection.schema_editor() as editor:
            editor.create_model(Note)
        try:
            yield Note, registry
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Note)


def raw_column(table: str = "test_crypto_note") -> list[str | None]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM {table} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_the_field_stores_tokens_and_gives_back_values(settings, note_model):
    Note, _ = note_model
    use_env_keys(settings, ("k1", K1))
    for number, value in enumerate([*NAMES, None]):
        Note.objects.create(name=value, label=f"n{number}")

    assert [n.name for n in Note.objects.order_by("id")] == [*NAMES, None]
    stored = raw_column()
    assert stored[-1] is None
    for value, token in zip(NAMES, stored[:-1], strict=True):
        assert token.startswith("v1:k1:")
        assert value == "" or value not in token
        assert value.split()[0] not in token if value else True


def test_an_update_seals_the_new_value(settings, note_model):
    Note, _ = note_model
    use_env_keys(settings, ("k1", K1))
    note = Note.objects.create(name=NAMES[0])
    before = raw_column()

    Note.objects.filter(pk=note.pk).update(name=NAMES[1])
    note.refresh_from_db()

    assert note.name == NAMES[1]
    assert raw_column() != before and NAMES[1] not in raw_column()[0]


@pytest.mark.parametrize(
    "lookup",
    [
        {"name__icontains": "Əli"},
        {"name": NAMES[0]},
        {"name__startswith": "v1:"},
        {"name__in": NAMES},
        {"name__lower": "x"},
    ],
    ids=["icontains", "exact", "startswith", "in", "transform"],
)
def test_the_field_refuses_lookups_other_than_isnull(settings, note_model, lookup):
    Note, _ = note_model
    use_env_keys(settings, ("k1", K1))

    with pytest.raises(FieldError, match="encrypted"):
        Note.objects.filter(**lookup)


def test_isnull_and_key_id_lookups_work(settings, note_model):
    Note, _ = note_model
    use_env_keys(settings, ("k1", K1))
    Note.objects.create(name=NAMES[0])
    Note.objects.create(name=None)
    use_env_keys(settings, ("k_2", K2), ("k1", K1))
    Note.objects.create(name=NAMES[1])

    assert Note.objects.filter(name__isnull=True).count() == 1
    assert Note.objects.filter(name__key_id="k1").count() == 1
    assert Note.objects.filter(name__key_id="k_2").count() == 1
    assert Note.objects.filter(name__key_id="k12").count() == 0


def test_the_field_deconstructs_like_a_text_field(note_model):
    Note, _ = note_model
    field = Note._meta.get_field("name")

    name, path, args, kwargs = field.deconstruct()

    assert path == "ctis.core.crypto.EncryptedTextField"
    assert (args, kwargs) == ([], {"null": True, "blank": True})
    assert EncryptedTextField(*args, **kwargs).deconstruct()[1:] == (path, args, kwargs)


def test_an_indexed_or_unique_encrypted_field_fails_the_checks():
    with isolate_apps("ctis.core"):

        class Bad(models.Model):
            name = EncryptedTextField(unique=True)

            class Meta:
                app_label = "core"

            def __str__(self) -> str:
                return "bad"

        errors = Bad._meta.get_field("name").check()

    assert [e.id for e in errors] == ["core.E101"]


def test_encrypted_fields_are_found_by_walking_the_models(note_model):
    Note, registry = note_model

    assert crypto.encrypted_fields(registry) == [(Note, "name")]
    assert all(
        isinstance(model._meta.get_field(name), EncryptedTextField)
        for model, name in crypto.encrypted_fields()
    )


# Rotation ------------------------------------------------------------------------------


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("keys", "rotate", *args, stdout=out)
    return out.getvalue()


def test_rotation_re_encrypts_old_rows_under_the_primary_and_is_idempotent(
    settings, note_model, monkeypatch
):
    Note, _ = note_model
    monkeypatch.setattr(crypto, "encrypted_fields", lambda registry=None: [(Note, "name")])
    use_env_keys(settings, ("k1", K1))
    values = [*NAMES, None, "Məmmədov Rəşad"]
    for value in values:
        Note.objects.create(name=value)
    use_env_keys(settings, ("k2", K2), ("k1", K1))
    Note.objects.create(name="Hüseynov Elçin")  # already under the new primary
    audit_before = AuditEntry.objects.count()

    output = rotate("--batch-size", "2")

    stored = raw_column()
    assert all(token is None or token.startswith("v1:k2:") for token in stored)
    assert [n.name for n in Note.objects.order_by("id")] == [*values, "Hüseynov Elçin"]
    assert "re-encrypted under k2 (2 so far)" in output
    assert "Rotation finished: 5 values re-encrypted under key k2." in output
    batches = AuditEntry.objects.filter(action="core.keys.rotate").order_by("id")
    assert AuditEntry.objects.count() - audit_before == 3 == batches.count()
    assert [b.changes["rows"] for b in batches] == [2, 2, 1]
    assert batches[0].changes == {
        "field": "name",
        "rows": 2,
        "from_keys": {"k1": 2},
        "to_key": "k2",
    }
    assert batches[0].object_type == "core.note"
    assert all(NAMES[0] not in str(b.changes) for b in batches)

    again = rotate()

    assert "Nothing to rotate: every encrypted value is under key k2." in again
    assert raw_column() == stored
    assert AuditEntry.objects.filter(action="core.keys.rotate").count() == 3
    # The old key can now be removed from the ring.
    use_env_keys(settings, ("k2", K2))
    assert [n.name for n in Note.objects.order_by("id")][0] == NAMES[0]


def test_rotation_re_seals_the_files_jobs_keep_and_leaves_documents_as_they_are(
    settings, investigator, monkeypatch
):
    from ctis.core.models import Job

    monkeypatch.setattr(crypto, "encrypted_fields", lambda registry=None: [])
    use_env_keys(settings, ("k1", K1))
    sent = "adı;soyadı\nLeyla;Məmmədova\n".encode()
    job = Job.objects.create(
        kind="interop.import",
        requested_by=investigator,
        upload=crypto.seal_bytes(sent),
        content=crypto.seal_bytes(b'{"errors": []}'),
    )
    document = Job.objects.create(
        kind="plan.document", requested_by=investigator, content=b"%PDF-1.7 not sealed"
    )
    use_env_keys(settings, ("k2", K2), ("k1", K1))
    status = io.StringIO()
    call_command("keys", "status", stdout=status)
    assert "Files kept by the worker's jobs: k2: 0, k1: 2, unreadable: 0" in status.getvalue()

    output = rotate()

    job.refresh_from_db()
    assert bytes(job.upload).startswith(b"v1:k2:") and bytes(job.content).startswith(b"v1:k2:")
    assert "Files kept by the worker's jobs: 2 re-sealed under k2." in output
    entry = AuditEntry.objects.get(action="core.keys.rotate")
    assert entry.object_type == "core.job" and entry.changes["from_keys"] == {"k1": 2}
    assert "Leyla" not in str(entry.changes)
    assert bytes(Job.objects.get(pk=document.pk).content) == b"%PDF-1.7 not sealed"
    # The old key can now leave the ring.
    use_env_keys(settings, ("k2", K2))
    assert crypto.open_bytes(Job.objects.get(pk=job.pk).upload) == sent
    assert "Nothing to rotate" in rotate()

    # A file under a key no longer in the ring is left as it is, and said.
    use_env_keys(settings, ("k0", crypto.new_key()))
    lost = Job.objects.create(
        kind="interop.import", requested_by=investigator, upload=crypto.seal_bytes(sent)
    )
    use_env_keys(settings, ("k2", K2))
    with pytest.raises(CommandError, match="1 values are sealed under keys"):
        rotate()
    assert bytes(Job.objects.get(pk=lost.pk).upload) == bytes(lost.upload)


def test_rotation_leaves_rows_under_unknown_keys_and_says_so(settings, note_model, monkeypatch):
    Note, _ = note_model
    monkeypatch.setattr(crypto, "encrypted_fields", lambda registry=None: [(Note, "name")])
    use_env_keys(settings, ("k0", crypto.new_key()))
    Note.objects.create(name="lost")
    use_env_keys(settings, ("k1", K1))
    Note.objects.create(name="kept")
    lost_token = raw_column()[0]
    use_env_keys(settings, ("k2", K2), ("k1", K1))

    with pytest.raises(CommandError, match="1 values are sealed under keys"):
        rotate()

    stored = raw_column()
    assert stored[0] == lost_token
    assert stored[1].startswith("v1:k2:")


def test_status_counts_values_per_key(settings, note_model, monkeypatch):
    Note, _ = note_model
    monkeypatch.setattr(crypto, "encrypted_fields", lambda registry=None: [(Note, "name")])
    use_env_keys(settings, ("k1", K1))
    Note.objects.create(name="a")
    Note.objects.create(name=None)
    use_env_keys(settings, ("k2", K2), ("k1", K1))
    Note.objects.create(name="b")
    Note.objects.create(name="c")
    out = io.StringIO()

    call_command("keys", "status", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Primary key: k2" in lines
    assert "Keys known: k2, k1" in lines
    assert "Blind-index key: present" in lines
    assert "core.note.name: k2: 2, k1: 1, unreadable: 0, empty: 1" in lines


# The audit key -------------------------------------------------------------------------


def test_audit_key_comes_from_the_key_file_or_the_environment(settings, tmp_path):
    audit = crypto.new_key()
    use_key_file(
        settings, write_key_file(tmp_path / "keys", f"k1:{K1}\nblind:{BLIND}\naudit:{audit}\n")
    )
    assert crypto.get_keyring().audit_key() == crypto._decode_key(audit, "test")
    use_env_keys(settings, ("k1", K1))
    assert crypto.get_keyring().audit_key() == crypto._decode_key(AUDIT, "test")


def test_a_generated_key_file_has_an_audit_key_and_an_old_one_gains_one(settings, tmp_path):
    use_key_file(settings, tmp_path / "new" / "keys", generate=True)
    assert crypto.get_keyring().has_audit_key
    old = write_key_file(tmp_path / "keys", f"k1:{K1}\nblind:{BLIND}\n")
    use_key_file(settings, old, generate=True)
    assert crypto.get_keyring().has_audit_key
    assert old.read_text().count("audit:") == 1
    use_key_file(settings, write_key_file(tmp_path / "prod", f"k1:{K1}\nblind:{BLIND}\n"))
    with pytest.raises(KeyringError, match="No audit key"):
        crypto.get_keyring().audit_key()


def test_keys_new_audit_write_adds_the_audit_key_once(settings, tmp_path):
    path = write_key_file(tmp_path / "keys", f"k1:{K1}\nblind:{BLIND}\n")
    use_key_file(settings, path)
    call_command("keys", "new", "--write", "--audit", stdout=io.StringIO())
    assert crypto.get_keyring().has_audit_key
    with pytest.raises(CommandError, match="already has an audit key"):
        call_command("keys", "new", "--write", "--audit", stdout=io.StringIO())
