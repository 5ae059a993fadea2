"""Monitoring's alert (``ctis.inbox``): an item referred to the police unit reaches the
unit's staff who receive monitoring referrals. The subject names the item by its short
code and category only, never its text or its address."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import User
from ctis.accounts.selectors import users_holding
from ctis.inbox import kinds
from ctis.inbox.kinds import Kind, subject
from ctis.inbox.services import alert_send
from ctis.nrm.selectors import police_unit

ITEM_REFERRED = "monitoring.item_referred"

KINDS = [
    Kind(
        ITEM_REFERRED,
        _("A monitoring item referred to the police unit"),
        _("The police unit's staff who receive monitoring referrals"),
        order=50,
        held_by=("monitoring.receive_referrals",),
    )
]


def item_referred(*, item, actor: User) -> None:
    alert_send(
        kind=ITEM_REFERRED,
        recipients=users_holding("monitoring.receive_referrals", agency_ids=[police_unit().pk]),
        subject=subject(
            _("Monitoring item %(code)s (%(category)s) referred to the police unit"),
            code=item.short_id,
            category=lambda: str(item.get_category_display()),
        ),
        link=item.get_absolute_url(),
        actor=actor,
    )


def register() -> None:
    kinds.declare(*KINDS)
