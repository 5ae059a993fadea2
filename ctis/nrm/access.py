"""How the NRM opens persons to agencies, as rules of the unified database's access
decision (``ctis.cases.access.register_rule``): a notification opens the whole record of
the notified person to the special police unit's staff who may see identities; an
accepted referral opens the person to the receiving agency's staff, with only the parts
it was sent, until it is completed or withdrawn."""

from __future__ import annotations

from django.db.models import Q

from ctis.accounts.models import User
from ctis.cases.access import NOTHING, Access, Grant, register_rule
from ctis.cases.models import Person
from ctis.nrm.models import Notification, Referral, ReferralState


def _may_be_notified(user: User) -> bool:
    return user.agency_id is not None and user.has_perm("cases.view_identities")


def notified_to_unit(user: User, person: Person) -> bool:
    if not _may_be_notified(user):
        return False
    return Notification.objects.filter(person=person, to_agency_id=user.agency_id).exists()


def notified_scope(user: User) -> Q:
    if not _may_be_notified(user):
        return NOTHING
    return Q(pk__in=Notification.objects.filter(to_agency_id=user.agency_id).values("person_id"))


def _may_receive(user: User) -> bool:
    return user.agency_id is not None and user.has_perm("nrm.receive_referrals")


def _accepted(user: User):
    return Referral.objects.filter(to_agency_id=user.agency_id, state=ReferralState.ACCEPTED)


def referred_parts(user: User, person: Person) -> frozenset[str] | bool:
    """The parts the accepted referrals to the user's agency sent (one query), or False."""
    if not _may_receive(user):
        return False
    sent = list(_accepted(user).filter(person=person).values_list("fields", flat=True))
    if not sent:
        return False
    return frozenset(part for parts in sent for part in parts)


def referred_scope(user: User) -> Q:
    if not _may_receive(user):
        return NOTHING
    return Q(pk__in=_accepted(user).values("person_id"))


def referred_part_scope(user: User, part: str) -> Q:
    """The persons whose ``part`` an accepted referral sent to the user's agency (the
    agency's accepted referrals are few: their parts are read here, in Python, which every
    database answers alike)."""
    if not _may_receive(user):
        return NOTHING
    sent = _accepted(user).values_list("person_id", "fields")
    return Q(pk__in=[person for person, parts in sent if part in parts])


def register() -> None:
    register_rule(Grant.NOTIFICATION, Access.IDENTITY, notified_to_unit, notified_scope)
    register_rule(
        Grant.REFERRAL, Access.IDENTITY, referred_parts, referred_scope, referred_part_scope
    )


# Who may see a referral: the sending agency's staff who refer, the receiving agency's
# staff who receive. Membership of the agency alone is not enough (a hotline operator of
# the police unit does not read its referrals).


def referral_scope(user: User) -> Q:
    scope = Q(pk__in=[])
    if user.agency_id is None:
        return scope
    if user.has_perm("nrm.refer"):
        scope |= Q(from_agency_id=user.agency_id)
    if user.has_perm("nrm.receive_referrals"):
        scope |= Q(to_agency_id=user.agency_id)
    return scope


def may_see_referral(user: User, referral: Referral) -> bool:
    if user.agency_id is None:
        return False
    if user.has_perm("nrm.refer") and referral.from_agency_id == user.agency_id:
        return True
    if user.has_perm("nrm.receive_referrals") and referral.to_agency_id == user.agency_id:
        return True
    return False
