"""How ctis.monitoring plugs into the pages and roles it shares (``ctis.core.registry``):
its permissions and who holds them, the module bar, the police unit's work list on the
home page, the audit log's words and its alert."""

from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions
from ctis.core import registry

AUDIT_ACTIONS = {
    "monitoring.signals.load": _("Risk signals loaded"),
    "monitoring.signal.save": _("Risk signal saved"),
    "monitoring.item.create": _("Monitoring item recorded"),
    "monitoring.item.edit": _("Monitoring item corrected"),
    "monitoring.item.review": _("Monitoring item taken under review"),
    "monitoring.item.refer": _("Monitoring item referred to the police unit"),
    "monitoring.item.block": _("Blocking of a monitoring item requested"),
    "monitoring.item.close": _("Monitoring item closed without action"),
    "monitoring.item.reopen": _("Monitoring item reopened"),
    "monitoring.item.action": _("Action on a monitoring item recorded"),
    "monitoring.items.rescreen": _("Open monitoring items screened again"),
}


def referred_work(request):
    """The police unit's work list: items referred to it by monitoring."""
    user = request.user
    if not user.has_perm("monitoring.receive_referrals"):
        return None
    from ctis.monitoring import selectors

    items = selectors.referred_to_unit(user)
    return {"items": items} if items else None


def register() -> None:
    from ctis.monitoring import alerts

    registry.declare(
        "monitoring",
        "view_items",
        "record_items",
        "triage_items",
        "manage_signals",
        "receive_referrals",
        "view_statistics",
    )
    grant(
        Role.MONITORING_OFFICER,
        "monitoring.view_items",
        "monitoring.record_items",
        "monitoring.triage_items",
        "monitoring.view_statistics",
    )
    # Links an advertisement's number to the hotline's contacts of the officer's agency.
    grant(Role.MONITORING_OFFICER, "hotline.view_contacts")
    grant(Role.ANALYST, "monitoring.manage_signals", "monitoring.view_statistics")
    grant(Role.POLICE_INVESTIGATOR, "monitoring.receive_referrals")
    grant(Role.POLICE_SUPERVISOR, "monitoring.receive_referrals")

    registry.navigation.register(
        registry.NavEntry(
            "monitoring",
            _("Monitoring"),
            "monitoring:queue",
            30,
            active="/monitoring/items/",
            visible=registry.any_perm("monitoring.view_items"),
        )
    )
    registry.navigation.register(
        registry.NavEntry(
            "monitoring-signals",
            _("Risk signals"),
            "monitoring:signal_list",
            31,
            active="/monitoring/signals/",
            visible=registry.any_perm("monitoring.manage_signals"),
        )
    )
    registry.home_items.register(
        registry.Panel("monitoring-referred", "monitoring/_referred.html", 25, referred_work)
    )
    describe_actions(AUDIT_ACTIONS)
    alerts.register()
