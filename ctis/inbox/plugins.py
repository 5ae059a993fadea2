"""How the alert centre plugs into the pages it shares: its unread count in the header
(one query a page) and the audit log's words. The kinds of alert are declared by the apps
that send them (``ctis.inbox.kinds.declare``, from their own ``plugins.py``)."""

import datetime

from django.utils.translation import gettext_lazy as _

from ctis.audit.actions import describe_actions
from ctis.core import periodic, registry
from ctis.inbox.selectors import unread_count

AUDIT_ACTIONS = {
    "inbox.preferences.save": _("Alert settings changed"),
    "inbox.reminders.send": _("Reminders sent"),
}


def header(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    return {"unread": unread_count(request.user)}


def register() -> None:
    registry.header_items.register(registry.Panel("inbox", "inbox/_header.html", 10, header))
    describe_actions(AUDIT_ACTIONS)
    # Deadline reminders come from the worker, never from a page view; each is sent once.
    periodic.register(
        "inbox.reminders", "ctis.inbox.services.send_reminders", every=datetime.timedelta(hours=1)
    )
