"""How agencies and users plug into the pages they share: the module bar, the home page,
and the audit log's words (``ctis.core.registry``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import grant_audit
from ctis.audit.actions import describe_actions
from ctis.core import registry

AUDIT_ACTIONS = {
    "accounts.agency.create": _("Agency added"),
    "accounts.agency.update": _("Agency changed"),
    "accounts.login": _("Logged in"),
    "accounts.user.language": _("Language chosen"),
    "accounts.login.failed": _("Log-in refused: wrong password"),
    "accounts.login.failed_code": _("Log-in refused: wrong code"),
    "accounts.login.locked": _("Account locked after failed attempts"),
    "accounts.login.address_limited": _("Log-ins refused from an address after failed attempts"),
    "accounts.user.create": _("User created"),
    "accounts.user.update": _("User changed"),
    "accounts.user.reset_password": _("Password reset"),
    "accounts.user.reset_two_factor": _("Two-factor authentication reset"),
    "accounts.user.begin_two_factor": _("Two-factor enrolment started"),
    "accounts.user.enrol_two_factor": _("Two-factor authentication set up"),
    "accounts.user.unlock": _("Account unlocked"),
}


def _agencies_card(request) -> dict:
    return {
        "title": _("Agencies"),
        "url": reverse("accounts:agency_list"),
        "text": _("The bodies that carry out the plan."),
    }


def register() -> None:
    registry.navigation.register(
        registry.NavEntry(
            "agencies", _("Agencies"), "accounts:agency_list", 80, active="/agencies/"
        )
    )
    registry.navigation.register(
        registry.NavEntry(
            "users",
            _("Users"),
            "accounts:user_list",
            85,
            visible=registry.any_perm("accounts.manage_users"),
            active="/users/",
        )
    )
    registry.home_items.register(
        registry.Panel("agencies", "core/_home_card.html", 80, _agencies_card)
    )
    describe_actions(AUDIT_ACTIONS)
    grant_audit()
