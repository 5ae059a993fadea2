"""How ctis.interop plugs in: who may register systems, and the audit log's words."""

from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions
from ctis.core import registry

AUDIT_ACTIONS = {
    "interop.client.register": _("API client registered"),
    "interop.client.revoke": _("API client revoked"),
    "interop.token.issue": _("API token issued"),
    "interop.token.revoke": _("API token revoked"),
    "interop.api.call": _("API called"),
    "interop.import": _("Records imported from a file"),
    "interop.import.request": _("File sent to be checked or imported"),
    "interop.import.discard": _("File sent for import discarded"),
    "interop.htcds.export": _("Records exported as HTCDS"),
    "interop.htcds.import": _("Records imported from an HTCDS workbook"),
}


def register() -> None:
    registry.declare("interop", "manage_clients")
    grant(Role.SYSTEM_ADMINISTRATOR, "interop.manage_clients")
    registry.navigation.register(
        registry.NavEntry(
            "api_clients",
            _("API clients"),
            "api_clients:list",
            86,
            visible=registry.any_perm("interop.manage_clients"),
            active="/api-clients/",
        )
    )
    describe_actions(AUDIT_ACTIONS)
