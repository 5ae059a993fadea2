"""How ctis.interop plugs in: who may register systems, the HTCDS pages' menu entry, and
the audit log's words."""

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


def _htcds_visible(user) -> bool:
    from ctis.interop import htcds

    return htcds.may_export(user) or htcds.may_import(user)


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
    # The HTCDS exchange: whoever may read the unified database exports what they see;
    # whoever may enter persons imports a workbook (ctis.interop.htcds decides both).
    registry.navigation.register(
        registry.NavEntry(
            "htcds",
            _("HTCDS"),
            "htcds:home",
            22,
            visible=_htcds_visible,
            active="/htcds/",
            subnav="interop/_htcds_subnav.html",
        )
    )
    describe_actions(AUDIT_ACTIONS)
