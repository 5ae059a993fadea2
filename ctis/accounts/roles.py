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
    # Migration and border officers, labour inspectors, consular staff: they meet possible
    # victims, enter them, screen them and tell the police unit (ctis.nrm).
    FRONTLINE_OFFICER = "frontline_officer", _("Frontline officer")
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
# Unified database (ctis.cases.access says how each permission opens records)
grant(
    Role.POLICE_INVESTIGATOR,
    "cases.view_identities",
    "cases.edit_records",
    "cases.create_person",
)
grant(
    Role.POLICE_SUPERVISOR,
    "cases.view_identities",
    "cases.edit_records",
    "cases.create_person",
    "cases.break_glass",
    "cases.view_identity_log",
)
grant(Role.SERVICE_PROVIDER, "cases.edit_records", "cases.create_person")
grant(Role.COORDINATOR, "cases.view_deidentified")
grant(Role.ANALYST, "cases.view_deidentified")
grant(
    Role.AUDITOR, "cases.view_deidentified", "cases.view_identity_log", "cases.review_break_glass"
)
# The administrator runs the retention procedure, so finds records by code (never names).
grant(
    Role.SYSTEM_ADMINISTRATOR,
    "cases.manage_articles",
    "cases.erase_records",
    "cases.view_deidentified",
)
