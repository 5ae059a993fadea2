"""How the NRM opens persons to agencies, plugged into the unified database's gate
(``ctis.cases.access.register_grant``): a notification opens the notified person to the
special police unit's staff who may see identities."""

from __future__ import annotations

from django.db.models import Q

from ctis.accounts.models import User
from ctis.cases.models import Person


def notified_to_unit(user: User, person: Person) -> bool:
    from ctis.nrm.models import Notification

    if not user.has_perm("cases.view_identities") or user.agency_id is None:
        return False
    return Notification.objects.filter(person=person, to_agency_id=user.agency_id).exists()


def notified_scope(user: User) -> Q:
    from ctis.nrm.models import Notification

    if not user.has_perm("cases.view_identities") or user.agency_id is None:
        return Q(pk__in=[])
    return Q(pk__in=Notification.objects.filter(to_agency_id=user.agency_id).values("person_id"))


def register() -> None:
    from ctis.cases.access import register_grant

    register_grant(notified_to_unit, notified_scope)
