"""How the NRM opens persons to agencies, plugged into the unified database's gate
(``ctis.cases.access.register_grant``): a notification opens the notified person to the
special police unit's staff who may see identities; an accepted referral opens the person
to the receiving agency's staff, with only the fields it was sent, until it is completed or
withdrawn."""

from __future__ import annotations

from django.db.models import Q

from ctis.accounts.models import User
from ctis.cases.access import register_grant
from ctis.cases.models import Person
from ctis.nrm.models import Notification, Referral, ReferralState


def notified_to_unit(user: User, person: Person) -> bool:
    if not user.has_perm("cases.view_identities") or user.agency_id is None:
        return False
    return Notification.objects.filter(person=person, to_agency_id=user.agency_id).exists()


def notified_scope(user: User) -> Q:
    if not user.has_perm("cases.view_identities") or user.agency_id is None:
        return Q(pk__in=[])
    return Q(pk__in=Notification.objects.filter(to_agency_id=user.agency_id).values("person_id"))


# Accepted referrals open the person to the receiving agency's staff, with the fields sent.


def _accepted(user: User):
    return Referral.objects.filter(to_agency_id=user.agency_id, state=ReferralState.ACCEPTED)


def referred_to_agency(user: User, person: Person) -> bool:
    if user.agency_id is None or not user.has_perm("nrm.receive_referrals"):
        return False
    return _accepted(user).filter(person=person).exists()


def referred_scope(user: User) -> Q:
    if user.agency_id is None or not user.has_perm("nrm.receive_referrals"):
        return Q(pk__in=[])
    return Q(pk__in=_accepted(user).values("person_id"))


def referred_fields(user: User, person: Person) -> frozenset[str]:
    fields: set[str] = set()
    for sent in _accepted(user).filter(person=person).values_list("fields", flat=True):
        fields.update(sent)
    return frozenset(fields)


def register() -> None:
    register_grant(notified_to_unit, notified_scope)
    register_grant(referred_to_agency, referred_scope, referred_fields)
