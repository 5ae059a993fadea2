"""Twenty identical submissions of a form at the same moment (issue 10): a unique key's twin
is refused with the same message as the check before it, never with a server error, on
PostgreSQL (in the suite's process, threads on their own connections) and on SQLite (on a
database file of its own, in a process of its own); and twenty submissions of each creating
form with its one-time key make one record, all twenty taken to it."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from tests.core import parallel, token_forms

ROOT = Path(__file__).resolve().parents[2]
ENGINE = settings.DATABASES["default"]["ENGINE"]
ONE_SAVED_NINETEEN_TOLD = {
    "records": 1,
    "statuses": [200] * (parallel.TWENTY - 1) + [302],
    "told": parallel.TWENTY - 1,
}

PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    from django.utils import translation
    translation.activate("en")
    from tests.conftest import _reference_data
    _reference_data()
    from tests.core.parallel import unique_key_races
    from tests.core.token_forms import token_races
    print("RESULT", json.dumps(unique_key_races()))
    print("TOKENS", json.dumps(token_races()))
    """
)
# Twenty submissions of a form with one key: one record, each told where it is (one place).
ONE_RECORD_ONE_PLACE = {"records": 1, "statuses": [302], "places": 1}


@pytest.mark.skipif(ENGINE != "django.db.backends.postgresql", reason="PostgreSQL's races")
@pytest.mark.django_db(transaction=True)
def test_twenty_twins_of_a_unique_key_on_postgresql(agencies, plan):
    outcomes = parallel.unique_key_races()
    assert outcomes == dict.fromkeys(parallel.SCENARIOS, ONE_SAVED_NINETEEN_TOLD)


@pytest.mark.skipif(ENGINE != "django.db.backends.postgresql", reason="PostgreSQL's races")
@pytest.mark.django_db(transaction=True)
def test_twenty_submissions_of_one_form_token_on_postgresql(agencies, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    outcomes = token_forms.token_races()
    assert outcomes == dict.fromkeys(token_forms.SCENARIOS, ONE_RECORD_ONE_PLACE)


@pytest.mark.skipif(ENGINE != "django.db.backends.sqlite3", reason="SQLite's locking")
def test_twenty_twins_of_a_unique_key_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ctis.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ctis.settings",
        "CTIS_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }

    def run(*args):
        return subprocess.run(
            args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
        )

    assert run(sys.executable, "-m", "ctis.cli", "migrate", "-v0").returncode == 0
    probe = run(sys.executable, "-c", PROBE)
    lines = [line for line in probe.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, probe.stdout + probe.stderr
    outcomes = json.loads(lines[0].removeprefix("RESULT "))
    assert outcomes == dict.fromkeys(parallel.SCENARIOS, ONE_SAVED_NINETEEN_TOLD), probe.stdout
    tokens = [line for line in probe.stdout.splitlines() if line.startswith("TOKENS ")]
    assert tokens, probe.stdout + probe.stderr
    outcomes = json.loads(tokens[0].removeprefix("TOKENS "))
    assert outcomes == dict.fromkeys(token_forms.SCENARIOS, ONE_RECORD_ONE_PLACE), probe.stdout
