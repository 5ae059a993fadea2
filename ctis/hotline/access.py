"""Who may see which hotline contact and caller: one gate per entity, one condition a line.

A contact is seen by its agency's staff who view contacts (``hotline.view_contacts``), or
by a role that reads every agency's contacts (``hotline.view_all_contacts``). A caller's
identifiers and flags are protected like an identity: only roles with
``hotline.view_callers`` see them, and only on contacts they may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.hotline.models import Contact

NOTHING = Q(pk__in=[])


def contact_scope(user: User) -> Q:
    """The contacts this user may see, as a filter."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.has_perm("hotline.view_all_contacts"):
        return Q()
    if not user.has_perm("hotline.view_contacts") or user.agency_id is None:
        return NOTHING
    return Q(agency_id=user.agency_id)


def may_see_contact(user: User, contact: Contact) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("hotline.view_all_contacts"):
        return True
    return user.has_perm("hotline.view_contacts") and contact.agency_id == user.agency_id


def may_see_callers(user: User) -> bool:
    """May see callers' identifiers, their earlier contacts and their flags."""
    return user.is_authenticated and user.has_perm("hotline.view_callers")


def access_contact(user: User, pk) -> Contact:
    """The contact, or PermissionDenied that reads the same whether it exists or not."""
    try:
        contact = (
            Contact.objects.select_related("agency", "operator", "caller", "person")
            .filter(pk=pk)
            .first()
        )
    except (ValidationError, ValueError):
        contact = None
    if contact is None or not may_see_contact(user, contact):
        raise PermissionDenied(_("There is no such contact, or you may not see it."))
    return contact
