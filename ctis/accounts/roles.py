"""Roles and the permissions each app declares and grants to them.

A permission is a string ``"<app>.<codename>"``, checked with Django's own
``user.has_perm()`` (``ctis.accounts.backends.RoleBackend`` answers from this table).
Each app declares its permissions (``ctis.core.registry.declare``) and grants them to
roles from its ``AppConfig.ready`` (in its ``plugins.py``): this module names no other
app, except that it grants the audit log's permission (the audit app sits below this one
and cannot import it). A permission granted but declared by no app fails Django's system
check; ``tests/test_permissions.py`` fails when code checks a permission that no app
declares or no role holds.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.core import registry
from ctis.core.registry import permissions as DECLARED


class Role(models.TextChoices):
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    AGENCY_REPORTER = "agency_reporter", _("Agency reporter")
    AGENCY_HEAD = "agency_head", _("Agency head")
    POLICE_INVESTIGATOR = "police_investigator", _("Police investigator")
    POLICE_SUPERVISOR = "police_supervisor", _("Police supervisor")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    # Signs the written override that passes a caller's details on without consent.
    HOTLINE_SUPERVISOR = "hotline_supervisor", _("Hotline supervisor")
    # Searches the internet and the media for recruitment and exploitation (plan 4.2.6-4.2.7).
    MONITORING_OFFICER = "monitoring_officer", _("Monitoring officer")
    # Migration and border officers, labour inspectors, consular staff: they meet possible
    # victims, enter them, screen them and tell the police unit (ctis.nrm).
    FRONTLINE_OFFICER = "frontline_officer", _("Frontline officer")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")


ROLE_PERMISSIONS: dict[str, set[str]] = {role.value: set() for role in Role}


def grant(role: str, *permissions: str) -> None:
    ROLE_PERMISSIONS[role].update(permissions)


def undeclared_grants() -> list[str]:
    """Permissions granted to a role that no app declared (a system check reports them)."""
    granted = set().union(*ROLE_PERMISSIONS.values())
    return sorted(granted - DECLARED)


def permissions_for(roles: list[str] | set[str]) -> set[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, set())
    return granted


# Agencies and users
registry.declare("accounts", "manage_users", "manage_agencies")
grant(Role.SYSTEM_ADMINISTRATOR, "accounts.manage_users", "accounts.manage_agencies")
grant(Role.COORDINATOR, "accounts.manage_agencies")


def grant_audit() -> None:
    """The audit log's own permission (declared by ``ctis.audit``, which cannot import
    this module): auditors and administrators read the log."""
    grant(Role.AUDITOR, "audit.view_log")
    grant(Role.SYSTEM_ADMINISTRATOR, "audit.view_log")
