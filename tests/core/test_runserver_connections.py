"""`ctis runserver` on PostgreSQL answers each request in a thread of its own; with the
default connection age every thread left its connection open and the server ran out after
about 100 requests (issue 10). Each request now closes its connection when it ends."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 60  # enough to show the leak without taking the shared server's 100 connections


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _backends(name: str) -> int:
    with connection.cursor() as cursor:
        # The test runs in a transaction, which would keep reading one snapshot of the view.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name])
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL's connections per thread; SQLite's are closed after each request",
)
def test_runserver_closes_each_requests_connection(db, tmp_path):
    name = connection.settings_dict["NAME"]
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{connection.settings_dict['USER']}@"
        f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}/{name}",
        "DJANGO_SETTINGS_MODULE": "ctis.settings",
        "CTIS_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CTIS_DB_CONN_MAX_AGE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "ctis.cli", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        before = _backends(name)
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        for n in range(REQUESTS):
            # A session cookie makes each request read the session table.
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/accounts/login/",
                headers={"Cookie": f"sessionid=nosuchsession{n:020d}"},
            )
            try:
                urllib.request.urlopen(request, timeout=10).close()
            except urllib.error.HTTPError as error:
                assert error.code < 500, error.code
        time.sleep(0.5)
        after = _backends(name)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert after - before <= 2, f"{after - before} connections left open by {REQUESTS} requests"
