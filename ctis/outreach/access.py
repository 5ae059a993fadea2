"""Who may see and change which awareness events: one gate, one condition per line.

The organiser's own staff (reporters and heads) record and change its events; a partner
agency's staff see them; the coordinator and analysts read every event. The public
feedback form reaches an event by its token, through no gate (it shows only the title and
the dates)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.outreach.models import Event


def may_change(user: User, event: Event) -> bool:
    return (
        user is not None
        and user.has_perm("outreach.record_events")
        and user.agency_id is not None
        and user.agency_id == event.organiser_id
    )


def require_event_reader(user: User) -> None:
    """Refuse a user who may see no event at all (the list's and summary's gate)."""
    if user.has_perm("outreach.view_all_events"):
        return
    if user.has_perm("outreach.record_events"):
        return
    raise PermissionDenied(_("Only agency staff, the coordinator and analysts see events."))


def access_event(user: User, event_id, *, for_change: bool = False) -> Event:
    event = (
        Event.objects.select_related("organiser", "created_by")
        .prefetch_related("partners")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise PermissionDenied(_("There is no such event, or you may not see it."))
    if for_change:
        if may_change(user, event):
            return event
        raise PermissionDenied(_("Only the organising agency's own staff may change its events."))
    if user.has_perm("outreach.view_all_events"):
        return event
    if may_change(user, event):
        return event
    if user.has_perm("outreach.record_events") and any(
        partner.pk == user.agency_id for partner in event.partners.all()
    ):
        return event
    raise PermissionDenied(_("There is no such event, or you may not see it."))
