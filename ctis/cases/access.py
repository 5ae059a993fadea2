"""Who may see which person and case: one gate per entity, one condition per line.

Three levels: no access; the pseudonymous record (code and the non-identifying fields,
what the coordinator and analysts work with); and the identity. Seeing the identity is
still a deliberate act (``identity_open`` asks for a purpose and logs it); the gate says
only whether the user may.

Other modules widen access without this module knowing them: the referral module
registers a grant (``register_grant``) that says whether an accepted referral opens a
person to the user's agency, and the matching queryset filter for lists.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.cases.models import BreakGlassGrant, CriminalCase, Person


class Access(enum.IntEnum):
    NONE = 0
    CODE = 1
    IDENTITY = 2


# Each grant: (does it open this person to this user?, which persons does it open?, which
# identity fields does it show: None for all, or a set of ``nrm.referral_fields`` names).
FieldsOf = Callable[[User, Person], "frozenset[str] | None"]
Grant = tuple[Callable[[User, Person], bool], Callable[[User], Q], FieldsOf | None]
ACCESS_GRANTS: list[Grant] = []


def register_grant(
    check: Callable[[User, Person], bool],
    scope: Callable[[User], Q],
    fields: FieldsOf | None = None,
) -> None:
    """Let another module open persons to agencies (e.g. accepted referrals), showing all
    identity fields or only ``fields(user, person)``."""
    ACCESS_GRANTS.append((check, scope, fields))


def break_glass_active(user: User, person: Person) -> bool:
    return BreakGlassGrant.objects.filter(
        user=user, person=person, expires_at__gt=timezone.now()
    ).exists()


def person_access(user: User, person: Person) -> Access:
    if not user.is_authenticated or not user.is_active:
        return Access.NONE
    if user.has_perm("cases.view_identities") and user.agency_id == person.owner_agency_id:
        return Access.IDENTITY
    if user.has_perm("cases.edit_records") and user.agency_id == person.created_by_agency_id:
        return Access.IDENTITY
    if any(check(user, person) for check, _scope, _fields in ACCESS_GRANTS):
        return Access.IDENTITY
    if user.has_perm("cases.break_glass") and break_glass_active(user, person):
        return Access.IDENTITY
    if user.has_perm("cases.view_deidentified"):
        return Access.CODE
    return Access.NONE


def person_fields(user: User, person: Person) -> frozenset[str] | None:
    """Which identity fields the user sees when they see the identity: None for all (the
    agency that holds the record, the unit it was notified to, break-the-glass), else only
    what the grants that open it allow (an accepted referral: the fields it was sent)."""
    if user.has_perm("cases.view_identities") and user.agency_id == person.owner_agency_id:
        return None
    if user.has_perm("cases.edit_records") and user.agency_id == person.created_by_agency_id:
        return None
    if user.has_perm("cases.break_glass") and break_glass_active(user, person):
        return None
    allowed: set[str] = set()
    for check, _scope, fields in ACCESS_GRANTS:
        if check(user, person):
            if fields is None:
                return None
            allowed |= fields(user, person) or set()
    return frozenset(allowed)


def access_person(user: User, person_id, *, level: Access = Access.CODE) -> tuple[Person, Access]:
    """The person and the user's level, or PermissionDenied if the level is not reached."""
    person = (
        Person.objects.select_related("owner_agency", "created_by_agency")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    granted = person_access(user, person)
    if granted == Access.NONE or granted < level:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    return person, granted


def person_scope(user: User) -> Q:
    """The persons a list may show this user (by code)."""
    if user.has_perm("cases.view_deidentified"):
        return Q()
    return identity_scope(user)


def identity_scope(user: User) -> Q:
    """The persons whose identity this user may open: the same conditions as
    ``person_access`` at the identity level, as a filter."""
    scope = Q(pk__in=[])
    if user.has_perm("cases.view_identities"):
        scope |= Q(owner_agency_id=user.agency_id)
    if user.has_perm("cases.edit_records"):
        scope |= Q(created_by_agency_id=user.agency_id)
    for _check, grant_scope, _fields in ACCESS_GRANTS:
        scope |= grant_scope(user)
    if user.has_perm("cases.break_glass"):
        grants = BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now())
        scope |= Q(pk__in=grants.values("person_id"))
    return scope


def visible_persons(user: User) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(person_scope(user))


def identity_persons(user: User) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(identity_scope(user))


def case_access(user: User, case: CriminalCase) -> Access:
    if not user.is_authenticated or not user.is_active:
        return Access.NONE
    if user.has_perm("cases.view_identities") and user.agency_id == case.owner_agency_id:
        return Access.IDENTITY
    if user.has_perm("cases.view_deidentified"):
        return Access.CODE
    return Access.NONE


def access_case(user: User, case_id, *, for_change: bool = False) -> tuple[CriminalCase, Access]:
    case = (
        CriminalCase.objects.select_related("owner_agency", "registering_agency")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise PermissionDenied(_("There is no such criminal case, or you may not see it."))
    granted = case_access(user, case)
    if granted == Access.NONE:
        raise PermissionDenied(_("There is no such criminal case, or you may not see it."))
    if for_change:
        require_case_change(user, case)
    return case, granted


def require_case_change(user: User, case: CriminalCase) -> None:
    """Changing a case, its parties or its prosecutions: the police unit that owns it."""
    if not user.has_perm("cases.edit_records"):
        raise PermissionDenied(_("Only the police unit that owns the case may change it."))
    if case_access(user, case) < Access.IDENTITY:
        raise PermissionDenied(_("Only the police unit that owns the case may change it."))


def visible_cases(user: User) -> QuerySet[CriminalCase]:
    if user.has_perm("cases.view_deidentified"):
        return CriminalCase.objects.all()
    if user.has_perm("cases.view_identities"):
        return CriminalCase.objects.filter(owner_agency_id=user.agency_id)
    return CriminalCase.objects.none()


def require_person_change(user: User, person: Person) -> None:
    """Changing a record needs the identity level and the right to edit."""
    if not user.has_perm("cases.edit_records"):
        raise PermissionDenied(_("You may not change records of the unified database."))
    if person_access(user, person) < Access.IDENTITY:
        raise PermissionDenied(_("Only the agency that holds this record may change it."))
    if person_fields(user, person) is not None:
        raise PermissionDenied(
            _(
                "You see this record through a referral; only the agency "
                "that holds it may change it."
            )
        )


def person_by_code(user: User, code: str) -> Person | None:
    """The person with this code if the user may open their identity, else None; for
    forms that link a person by code (the form says which field is wrong)."""
    person = Person.objects.filter(code=code.strip().upper()).first()
    if person is None or person_access(user, person) < Access.IDENTITY:
        return None
    return person
