"""The `ctis` command: the system's command-line face.

Every sub-command is a Django management command (``ctis setup``, ``ctis plan import-text``,
``ctis audit verify``, and Django's own such as ``ctis migrate``), so that the command line
and the web share settings, services and audit trail.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctis.settings")
    from django.core.management import execute_from_command_line

    argv = ["ctis", *sys.argv[1:]] or ["ctis", "help"]
    if len(argv) == 1:
        argv.append("help")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
