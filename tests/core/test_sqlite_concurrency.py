"""On SQLite, 20 writers at once wait for each other instead of failing with "database is
locked", and the audit chain they extend stays whole (issue 10). Runs on a database file of
its own, in processes of their own: the suite's in-memory database has one connection."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import os, threading
    import django
    django.setup()
    from django.db import OperationalError, connection, transaction
    from ctis.audit.services import audit_record

    failures, barrier = [], threading.Barrier(20)

    def work(n):
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    audit_record(actor=None, action="core.countries.load",
                                 object_type="core.probe", object_id=str(n), object_repr="x")
        except OperationalError as error:
            failures.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("failures", len(failures), failures[:1])
    """
)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking; PostgreSQL's writers wait on row locks",
)
def test_twenty_writers_at_once_wait_for_each_other(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ctis.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ctis.settings",
        "CTIS_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    ctis = [sys.executable, "-m", "ctis.cli"]

    def run(*args):
        return subprocess.run(
            args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )

    assert run(*ctis, "migrate", "-v0").returncode == 0
    probe = run(sys.executable, "-c", PROBE)
    assert probe.stdout.strip() == "failures 0 []", probe.stdout + probe.stderr
    verify = run(*ctis, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
