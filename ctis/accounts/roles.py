"""Roles and what each may do: the one place that says so.

A permission is a string ``"<app>.<codename>"``, checked with Django's own
``user.has_perm()`` (``ctis.accounts.backends.RoleBackend`` answers from this table).
Later modules add their permissions with :func:`grant` from their ``AppConfig.ready``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    AGENCY_REPORTER = "agency_reporter", _("Agency reporter")
    AGENCY_HEAD = "agency_head", _("Agency head")
    POLICE_INVESTIGATOR = "police_investigator", _("Police investigator")
    POLICE_SUPERVISOR = "police_supervisor", _("Police supervisor")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")


ROLE_PERMISSIONS: dict[str, set[str]] = {role.value: set() for role in Role}


def grant(role: str, *permissions: str) -> None:
    ROLE_PERMISSIONS[role].update(permissions)


def permissions_for(roles: list[str] | set[str]) -> set[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, set())
    return granted


# Agencies and users
grant(Role.SYSTEM_ADMINISTRATOR, "accounts.manage_users", "accounts.manage_agencies")
grant(Role.COORDINATOR, "accounts.manage_agencies")
# Audit
grant(Role.AUDITOR, "audit.view_log")
grant(Role.SYSTEM_ADMINISTRATOR, "audit.view_log")
# National Action Plan
grant(Role.AGENCY_REPORTER, "plan.draft_report")
grant(Role.AGENCY_HEAD, "plan.draft_report", "plan.submit_report")
grant(
    Role.COORDINATOR,
    "plan.review_report",
    "plan.manage_periods",
    "plan.manage_plans",
    "plan.view_all_reports",
    "plan.assign_bodies",
)
grant(Role.ANALYST, "plan.view_all_reports")
grant(Role.AUDITOR, "plan.view_all_reports")
