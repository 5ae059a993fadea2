"""Who may see which monitoring item: one gate, one condition a line.

Monitoring officers (``monitoring.view_items``) see every item. The police unit's staff
who receive monitoring referrals (``monitoring.receive_referrals``) see the items referred
to their unit (and keep seeing them once blocking is requested), and nothing else;
everyone else sees none. A missing item and one the user may not see answer alike (403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.monitoring.models import Action, Item, TriageState
from ctis.nrm.selectors import police_unit

NOTHING = Q(pk__in=[])


def _unit_receiver(user: User) -> bool:
    return (
        user.has_perm("monitoring.receive_referrals")
        and user.agency_id is not None
        and user.agency_id == police_unit().pk
    )


def item_scope(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.has_perm("monitoring.view_items"):
        return Q()
    if _unit_receiver(user):
        return _referred()
    return NOTHING


def _referred() -> Q:
    """Items referred to the police unit: in that state now (a group's copies too), or
    referred once and moved on (blocking requested)."""
    ever = Action.objects.filter(step="refer").values("item_id")
    return Q(state=TriageState.REFERRED) | Q(pk__in=ever) | Q(group_id__in=ever)


def may_see_item(user: User, item: Item) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("monitoring.view_items"):
        return True
    if not _unit_receiver(user):
        return False
    return Item.objects.filter(_referred(), pk=item.pk).exists()


def access_item(user: User, pk) -> Item:
    """The item, or PermissionDenied that reads the same whether it exists or not."""
    try:
        item = Item.objects.select_related("group").filter(pk=pk).first()
    except (ValidationError, ValueError):
        item = None
    if item is None or not may_see_item(user, item):
        raise PermissionDenied(_("There is no such item, or you may not see it."))
    return item
