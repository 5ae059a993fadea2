"""Who may see which person and case: one decision per request, one rule per line.

Three levels: no access; the pseudonymous record (code and the non-identifying fields,
what the coordinator and analysts work with); and the identity. Seeing the identity is
still a deliberate act: it opens only with a purpose (``ctis.cases.identity``), and the
decision says whether it is open and for what.

``access_person(user, person)`` decides once and returns a ``PersonAccess``: the level,
the parts of the record the user may see (``PersonPart``), whether that is the whole
record, and the grants it came from. Every grant is a ``Rule`` in ``RULES``: one
condition for one person, and the same condition as a filter for lists. Other modules
add rules without this module knowing them (``register_rule``; ``ctis.nrm.access`` adds
the notification to the police unit and the accepted referral). There is no other copy
of the policy: ``identity_scope`` and ``person_scope`` are the rules' filters, and
``person_access`` reads the decision.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import User
from ctis.cases.choices import PersonPart
from ctis.cases.identity import IdentityWindow, identity_open
from ctis.cases.models import BreakGlassGrant, CriminalCase, Person

# The sealed columns of a person: loaded only when a page or service asks for them.
SEALED_FIELDS = (
    "given_name",
    "family_name",
    "patronymic",
    "aliases",
    "birth_date",
    "address",
    "notes",
)
ALL_PARTS = frozenset(PersonPart.values)
NOTHING = Q(pk__in=[])


class Access(enum.IntEnum):
    NONE = 0
    CODE = 1
    IDENTITY = 2


class Grant(models.TextChoices):
    """Where a user's access to a person comes from."""

    OWNER = "owner", gettext_lazy("the agency holds the record")
    ENTERED = "entered", gettext_lazy("the agency entered the record")
    NOTIFICATION = "notification", gettext_lazy("notified to the police unit")
    REFERRAL = "referral", gettext_lazy("an accepted referral")
    BREAK_GLASS = "break_glass", gettext_lazy("emergency access")
    ROLE = "role", gettext_lazy("the role sees records by code")


# What a rule says of one person: False (it does not apply), True (the whole record), or
# the parts it opens, perhaps none (an accepted referral: the parts sent).
Opens = Callable[[User, Person], "bool | frozenset[str]"]


@dataclass(frozen=True)
class Rule:
    grant: str
    level: Access
    opens: Opens
    scope: Callable[[User], Q]  # the persons it opens to the user, as a filter
    # For a rule that opens some parts only: the persons whose ``part`` it opens, as a
    # filter (None: the rule opens the whole record, so ``scope`` serves every part).
    part_scope: Callable[[User, str], Q] | None = None


RULES: list[Rule] = []


def register_rule(
    grant: str,
    level: Access,
    opens: Opens,
    scope: Callable[[User], Q],
    part_scope: Callable[[User, str], Q] | None = None,
) -> None:
    """Let another module open persons to users (from its ``AppConfig.ready``)."""
    if any(rule.grant == grant for rule in RULES):
        return  # ready() may run twice in tests
    RULES.append(Rule(grant, level, opens, scope, part_scope))


# The unified database's own rules ------------------------------------------------------


def _holds(user: User, person: Person) -> bool:
    return user.has_perm("cases.view_identities") and user.agency_id == person.owner_agency_id


def _holds_scope(user: User) -> Q:
    return Q(owner_agency_id=user.agency_id) if user.has_perm("cases.view_identities") else NOTHING


def _entered(user: User, person: Person) -> bool:
    return user.has_perm("cases.edit_records") and user.agency_id == person.created_by_agency_id


def _entered_scope(user: User) -> Q:
    if not user.has_perm("cases.edit_records"):
        return NOTHING
    return Q(created_by_agency_id=user.agency_id)


def _break_glass(user: User, person: Person) -> bool:
    return user.has_perm("cases.break_glass") and break_glass_active(user, person)


def _break_glass_scope(user: User) -> Q:
    if not user.has_perm("cases.break_glass"):
        return NOTHING
    grants = BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now())
    return Q(pk__in=grants.values("person_id"))


def _by_code(user: User, person: Person) -> bool:
    return user.has_perm("cases.view_deidentified")


def _by_code_scope(user: User) -> Q:
    return Q() if user.has_perm("cases.view_deidentified") else NOTHING


register_rule(Grant.OWNER, Access.IDENTITY, _holds, _holds_scope)
register_rule(Grant.ENTERED, Access.IDENTITY, _entered, _entered_scope)
register_rule(Grant.BREAK_GLASS, Access.IDENTITY, _break_glass, _break_glass_scope)
register_rule(Grant.ROLE, Access.CODE, _by_code, _by_code_scope)


def break_glass_active(user: User, person: Person) -> bool:
    return BreakGlassGrant.objects.filter(
        user=user, person=person, expires_at__gt=timezone.now()
    ).exists()


# The decision --------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonAccess:
    """What one user may see of one person, decided once.

    ``parts`` are the parts of the identity the user may see (all of them when ``whole``);
    ``purpose`` is what the identity is open for, or None while it is closed."""

    user: User
    person: Person
    level: Access
    whole: bool = False
    parts: frozenset[str] = frozenset()
    grants: tuple[str, ...] = ()
    purpose: str | None = None

    @property
    def identity(self) -> bool:
        """The user may open the identity (with a purpose)."""
        return self.level == Access.IDENTITY

    @property
    def identity_open(self) -> bool:
        return self.identity and self.purpose is not None

    @property
    def limited(self) -> bool:
        """Seen through a grant that opens some parts only (an accepted referral)."""
        return self.identity and not self.whole

    def sees(self, part: str) -> bool:
        """May see this part once the identity is open."""
        return self.identity and (self.whole or part in self.parts)

    def shows(self, part: str) -> bool:
        """Sees this part now."""
        return self.identity_open and self.sees(part)

    @property
    def may_change(self) -> bool:
        """May change the record: its holder (or who entered it) with the right to edit."""
        return self.identity and self.whole and self.user.has_perm("cases.edit_records")


def decide(user: User, person: Person, *, window: IdentityWindow | None = None) -> PersonAccess:
    """Apply every rule to this user and person (each at most one query)."""
    if not user.is_authenticated or not user.is_active:
        return PersonAccess(user, person, Access.NONE)
    level, whole = Access.NONE, False
    parts: set[str] = set()
    grants: list[str] = []
    for rule in RULES:
        opened = rule.opens(user, person)
        if opened is False or opened is None:
            continue  # (an empty set of parts still opens the record's identity level)
        grants.append(rule.grant)
        level = max(level, rule.level)
        if rule.level == Access.IDENTITY:
            if opened is True:
                whole = True
            else:
                parts |= opened  # type: ignore[arg-type]
    purpose = window.purpose(person) if window is not None and level == Access.IDENTITY else None
    return PersonAccess(
        user, person, level, whole, ALL_PARTS if whole else frozenset(parts), tuple(grants), purpose
    )


def access_person(
    user: User,
    person: Person | UUID | str,
    purpose: str | None = None,
    *,
    level: Access = Access.CODE,
    window: IdentityWindow | None = None,
    note: str = "",
    sealed: bool = False,
) -> PersonAccess:
    """The decision for this user and person (a Person or its key), or PermissionDenied
    when it does not reach ``level``.

    With a ``purpose``, the identity is opened for it (audited; ``window`` keeps it open
    for the browser session or API token). The person is loaded without its sealed
    columns unless ``sealed`` (a change form needs them)."""
    if not isinstance(person, Person):
        persons = Person.objects.select_related("owner_agency", "created_by_agency")
        if not sealed:
            persons = persons.defer(*SEALED_FIELDS)
        try:
            found = persons.filter(pk=person).first()
        except (ValidationError, ValueError):
            found = None  # not a key at all (``?parent=not-a-uuid``): no such person
        if found is None:
            raise PermissionDenied(_("There is no such person, or you may not see the record."))
        person = found
    decision = decide(user, person, window=window)
    if purpose is not None:
        level = Access.IDENTITY
    if decision.level == Access.NONE or decision.level < level:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    if purpose is not None:
        identity_open(user=user, person=person, purpose=purpose, note=note, window=window)
        decision = PersonAccess(
            user, person, decision.level, decision.whole, decision.parts, decision.grants, purpose
        )
    return decision


def person_access(user: User, person: Person) -> Access:
    return decide(user, person).level


def identity_scope(user: User) -> Q:
    """The persons whose identity this user may open: the identity rules, as a filter."""
    scope = NOTHING
    for rule in RULES:
        if rule.level == Access.IDENTITY:
            scope |= rule.scope(user)
    return scope


def whole_scope(user: User) -> Q:
    """The persons whose whole record this user sees (``PersonAccess.whole``): the
    identity rules that open every part, as a filter; not those seen through a grant of
    some parts only (an accepted referral)."""
    scope = NOTHING
    for rule in RULES:
        if rule.level == Access.IDENTITY and rule.part_scope is None:
            scope |= rule.scope(user)
    return scope


def part_scope(user: User, part: str) -> Q:
    """The persons in whose record this user may see ``part`` (a ``PersonPart``): what a
    search or a duplicate check may compare that part against, so that neither tells the
    user a part they were not given."""
    scope = NOTHING
    for rule in RULES:
        if rule.level == Access.IDENTITY:
            scope |= rule.part_scope(user, part) if rule.part_scope else rule.scope(user)
    return scope


def persons_seeing(user: User, part: str) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(part_scope(user, part))


class PartScopes:
    """``part_scope`` of one user, each part built once: a check run for many rows (an
    import's thousands of duplicate checks) compares them all against the same filters,
    which depend on the user alone (a rule may read the user's grants to build its own)."""

    def __init__(self, user: User):
        self.user = user
        self._built: dict[str, Q] = {}

    def scope(self, part: str) -> Q:
        if part not in self._built:
            self._built[part] = part_scope(self.user, part)
        return self._built[part]

    def seeing(self, part: str) -> QuerySet[Person]:
        if not self.user.is_authenticated:
            return Person.objects.none()
        return Person.objects.filter(self.scope(part))

    def seen_whole(self, persons: QuerySet[Person]) -> QuerySet[Person]:
        """Those of ``persons`` whose documents, contacts and date of birth the user sees:
        the parts a duplicate check may withhold, so nothing of theirs can be."""
        if not self.user.is_authenticated:
            return Person.objects.none()
        for part in (PersonPart.DOCUMENTS, PersonPart.CONTACTS, PersonPart.BIRTH_DATE):
            persons = persons.filter(self.scope(part))
        return persons


def person_scope(user: User) -> Q:
    """The persons a list may show this user (by code): every rule, as a filter."""
    scope = NOTHING
    for rule in RULES:
        opened = rule.scope(user)
        if opened == Q():
            return opened  # one rule shows every record
        scope |= opened
    return scope


def visible_persons(user: User) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(person_scope(user))


def identity_persons(user: User) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(identity_scope(user))


def require_person_change(user: User, person: Person | PersonAccess) -> None:
    """Changing a record needs the right to edit and the whole record's identity."""
    decision = person if isinstance(person, PersonAccess) else decide(user, person)
    if not user.has_perm("cases.edit_records"):
        raise PermissionDenied(_("You may not change records of the unified database."))
    if not decision.identity:
        raise PermissionDenied(_("Only the agency that holds this record may change it."))
    if not decision.whole:
        raise PermissionDenied(
            _(
                "You see this record through a referral; only the agency "
                "that holds it may change it."
            )
        )


def person_by_code(user: User, code: str) -> Person | None:
    """The person with this code if the user may open their identity, else None; for
    forms that link a person by code (the form says which field is wrong)."""
    person = Person.objects.filter(code=code.strip().upper()).defer(*SEALED_FIELDS).first()
    if person is None or person_access(user, person) < Access.IDENTITY:
        return None
    return person


# Criminal cases ------------------------------------------------------------------------


def case_access(user: User, case: CriminalCase) -> Access:
    if not user.is_authenticated or not user.is_active:
        return Access.NONE
    if user.has_perm("cases.view_identities") and user.agency_id == case.owner_agency_id:
        return Access.IDENTITY
    if user.has_perm("cases.view_deidentified"):
        return Access.CODE
    return Access.NONE


def case_summary_shown(user: User, case: CriminalCase, *, window: IdentityWindow | None) -> bool:
    """The summary may name anyone on the case, so it follows their identities: shown to
    the unit holding the case while the identity of every person on it (its parties and
    the accused) is open to the user; a case with nobody linked yet, to the holder. Until
    then it is not read."""
    if case_access(user, case) < Access.IDENTITY:
        return False
    persons = Person.objects.filter(
        Q(case_parts__case=case) | Q(prosecutions__case=case)
    ).distinct()
    return all(
        decide(user, person, window=window).identity_open
        for person in persons.defer(*SEALED_FIELDS)
    )


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
