"""Every permission the code checks is declared by an app and held by some role, and
every permission granted is declared (``ctis.core.registry.declare``)."""

import ast
import re
from pathlib import Path

from django.core import checks

from ctis.accounts.roles import ROLE_PERMISSIONS, undeclared_grants
from ctis.core.registry import permissions as declared

ROOT = Path(__file__).resolve().parent.parent / "ctis"
# Calls whose string arguments are permissions.
CHECKERS = {"has_perm", "_require", "require_permission", "any_perm", "_nav"}
PERMISSION = re.compile(r"^[a-z]+\.[a-z_]+$")
TEMPLATE_PERMISSION = re.compile(r"perms\.([a-z]+)\.([a-z_]+)")


def _checked_in_code() -> set[tuple[str, str]]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in CHECKERS:
                continue
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and PERMISSION.match(arg.value)
                ):
                    found.add((arg.value, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def _checked_in_templates() -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / "templates").rglob("*.html"):
        for match in TEMPLATE_PERMISSION.finditer(path.read_text(encoding="utf-8")):
            found.add((f"{match[1]}.{match[2]}", str(path.relative_to(ROOT))))
    return found


def test_the_scan_finds_the_checks():
    checked = {permission for permission, _where in _checked_in_code()}
    assert {"cases.view_identities", "nrm.refer", "plan.review_report"} <= checked


def test_every_checked_permission_is_declared_and_granted():
    granted = set().union(*ROLE_PERMISSIONS.values())
    problems = [
        f"{where}: {permission} is {'not declared' if permission not in declared else 'held by no role'}"
        for permission, where in sorted(_checked_in_code() | _checked_in_templates())
        if permission not in declared or permission not in granted
    ]
    assert not problems, "\n".join(problems)


def test_every_granted_permission_is_declared():
    assert undeclared_grants() == []
    assert not [error for error in checks.run_checks() if error.id == "ctis.E001"]


def test_the_system_check_reports_a_grant_nobody_declared():
    ROLE_PERMISSIONS["auditor"].add("nowhere.do_anything")
    try:
        errors = [error for error in checks.run_checks() if error.id == "ctis.E001"]
    finally:
        ROLE_PERMISSIONS["auditor"].discard("nowhere.do_anything")
    assert [error.msg for error in errors] == [
        "The permission nowhere.do_anything is granted to a role but no app declares it."
    ]
