"""What the hotline puts on pages it does not own: the follow-ups due on the home page, a
person's contacts on the person page."""

from __future__ import annotations

from ctis.hotline import selectors
from ctis.hotline.access import contact_scope


def follow_ups(request) -> dict | None:
    user = request.user
    if not (user.has_perm("hotline.view_contacts") or user.has_perm("hotline.view_all_contacts")):
        return None
    if not user.has_perm("hotline.record_contact"):
        return None  # the police unit's investigators read contacts, but do not follow them up
    return {
        "due": list(selectors.follow_ups_due(user)[:20]),
        "may_record": True,
    }


def person_contacts(request, access) -> dict | None:
    """The person's contacts the user may see, for a user who sees the whole record."""
    user = request.user
    if not access.whole:
        return None
    if not (user.has_perm("hotline.view_contacts") or user.has_perm("hotline.view_all_contacts")):
        return None
    contacts = list(selectors.person_contacts(access.person).filter(contact_scope(user))[:50])
    return {"contacts": contacts}
