"""With CTIS_PRODUCTION=1 the settings refuse to load unless the deployment is safe.

Each case imports ``ctis.settings`` in a fresh Python process with an environment made
here, so nothing from the developer's shell or from this test run leaks in.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = "r8Vq-2mXz_Lp9sT4wYb7Nc1Kd6Hf3Jg0Qe5Ua8Zi2Ox7Wv4Ry1Tm9Sn6Pl3Bk0Cj"
DEV_KEY = "ctis-development-key-not-for-production"
PROBE = (
    "import ctis.settings as s; "
    "print('loaded', s.PRODUCTION, s.DEBUG, getattr(s, 'SESSION_COOKIE_SECURE', False), s.ALLOWED_HOSTS)"
)


def load_settings(tmp_path, **env):
    """Import the settings in a new process; return (returncode, stdout, stderr)."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "CTIS_DATA_DIR": str(tmp_path / "data"),
    }
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stdout, result.stderr


PRODUCTION = {
    "CTIS_PRODUCTION": "1",
    "CTIS_SECRET_KEY": GOOD_KEY,
    "CTIS_ALLOWED_HOSTS": "ctis.example.az",
    "CTIS_DATA_KEY_FILE": "/etc/ctis/keys",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"CTIS_DEBUG": "1"}, "CTIS_DEBUG must be off in production."),
        ({"CTIS_DEBUG": "true"}, "CTIS_DEBUG must be off in production."),
        ({"CTIS_SECRET_KEY": None}, "CTIS_SECRET_KEY must be set"),
        ({"CTIS_SECRET_KEY": ""}, "CTIS_SECRET_KEY must be set"),
        ({"CTIS_SECRET_KEY": DEV_KEY}, "CTIS_SECRET_KEY must be set"),
        ({"CTIS_SECRET_KEY": "a" * 64}, "CTIS_SECRET_KEY must be set"),
        ({"CTIS_ALLOWED_HOSTS": None}, "CTIS_ALLOWED_HOSTS must name the hosts"),
        ({"CTIS_DEMO": "1"}, "CTIS_DEMO cannot be used in production."),
    ],
    ids=[
        "debug-on",
        "debug-true",
        "no-secret-key",
        "empty-secret-key",
        "development-key",
        "one-character-key",
        "no-allowed-hosts",
        "demo",
    ],
)
def test_unsafe_production_settings_are_refused(tmp_path, change, message):
    env = {**PRODUCTION, **change}
    env = {name: value for name, value in env.items() if value is not None}
    code, out, err = load_settings(tmp_path, **env)
    assert code != 0, out
    assert "django.core.exceptions.ImproperlyConfigured" in err, err
    assert message in err, err
    assert "loaded" not in out


def test_proper_production_settings_load(tmp_path):
    code, out, err = load_settings(tmp_path, **PRODUCTION)
    assert code == 0, err
    assert out.split() == ["loaded", "True", "False", "True", "['ctis.example.az']"]


def test_development_settings_load_without_any_configuration(tmp_path):
    code, out, err = load_settings(tmp_path)
    assert code == 0, err
    assert out.split()[:4] == ["loaded", "False", "False", "False"]
