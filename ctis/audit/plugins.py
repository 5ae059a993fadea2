"""How the audit log plugs into the pages it shares (``ctis.core.registry``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctis.core import registry


def _log_card(request) -> dict | None:
    if not request.user.has_perm("audit.view_log"):
        return None
    return {
        "title": _("Audit log"),
        "url": reverse("audit:log"),
        "text": _("Who did what, when, and from where."),
    }


def register() -> None:
    registry.declare("audit", "view_log")  # granted to roles by ctis.accounts.roles
    registry.navigation.register(
        registry.NavEntry(
            "audit",
            _("Audit log"),
            "audit:log",
            90,
            visible=registry.any_perm("audit.view_log"),
            active="/audit/",
        )
    )
    registry.home_items.register(registry.Panel("audit", "core/_home_card.html", 90, _log_card))
