"""Which of a person's fields a referral may carry to an agency, by the agency's function.

A referral's sender picks from the fields the receiver's function allows; the receiver
then sees only those (the access decision's ``parts``, ``ctis.cases.access``). The non-identifying fields
(sex, year of birth, citizenship, languages, trafficking status) go with every referral:
without them no service can be planned, and they identify nobody on their own.
"""

from __future__ import annotations

from ctis.cases.choices import PersonPart as SharedField
from ctis.nrm.models import AgencyFunction as F

S = SharedField
ALL = frozenset(S.values)
ALLOWED: dict[str, frozenset[str]] = {
    F.POLICE_UNIT: ALL,
    F.SHELTER: frozenset({S.NAMES, S.BIRTH_DATE, S.CONTACTS, S.VICTIM_PROFILE, S.CHILDREN}),
    F.ASSISTANCE_CENTRE: frozenset(
        {S.NAMES, S.BIRTH_DATE, S.ADDRESS, S.DOCUMENTS, S.CONTACTS, S.VICTIM_PROFILE, S.CHILDREN}
    ),
    F.NGO: frozenset({S.NAMES, S.CONTACTS, S.VICTIM_PROFILE}),
    # An international organisation (IOM) assists as an NGO does; what it may be sent is
    # the same until a rule of its own is agreed.
    F.INTERNATIONAL: frozenset({S.NAMES, S.CONTACTS, S.VICTIM_PROFILE}),
    F.HEALTH: frozenset({S.NAMES, S.BIRTH_DATE}),
    F.MIGRATION: frozenset({S.NAMES, S.BIRTH_DATE, S.ADDRESS, S.DOCUMENTS}),
    F.FOREIGN_AFFAIRS: frozenset({S.NAMES, S.BIRTH_DATE, S.ADDRESS, S.DOCUMENTS, S.CONTACTS}),
    F.LABOUR_INSPECTION: frozenset({S.NAMES, S.VICTIM_PROFILE}),
    F.EDUCATION: frozenset({S.NAMES, S.BIRTH_DATE, S.CHILDREN}),
    F.SOCIAL_PROTECTION: frozenset({S.NAMES, S.BIRTH_DATE, S.ADDRESS, S.DOCUMENTS, S.CHILDREN}),
    F.OTHER: frozenset({S.NAMES}),
}


def allowed_fields(function: str | None) -> list[str]:
    """The fields an agency of this function may receive, in the catalogue's order."""
    allowed = ALLOWED.get(function or F.OTHER, ALLOWED[F.OTHER])
    return [value for value in S.values if value in allowed]
