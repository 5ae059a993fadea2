"""The import layering of pyproject.toml's ``[tool.importlinter]`` holds: core is the ground
floor, then audit, accounts, plan and cases side by side, nrm, and bootstrap on top; no
cycles; nothing imports bootstrap. Imports inside functions count too."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_keep_to_their_floors():
    # In a process of its own: import-linter reads the source, it does not import ctis, and
    # its report (which import breaks which contract) is the failure message.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; "
            "sys.exit(lint_imports_command())",
            "--no-cache",
            "--no-logo",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
