"""The sub-commands of ``ctis stats``: one module each in this package, found by name, so
that each part of the app adds its own without touching the others.

A module defines ``NAME`` (as typed: ``import-series``), ``HELP``, ``add_arguments(parser)``
and ``run(options, out) -> int`` (the exit status; ``out`` is the command's stdout wrapper).
A user's mistake raises ``django.core.management.CommandError`` with a readable message.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        found.append(importlib.import_module(f"{__name__}.{info.name}"))
    return sorted(found, key=lambda module: module.NAME)
