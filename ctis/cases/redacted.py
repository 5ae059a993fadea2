"""The redacted person: what one user may see of one person, and nothing else.

Pages (and the API) receive a ``PersonView`` built from the access decision. A part the
user may not see is absent from it: it is never read from the database, so never
decrypted, and a template cannot show it by mistake. The identity's columns are read in
one query, and only once the identity is open with a purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from ctis.cases.access import SEALED_FIELDS, PersonAccess
from ctis.cases.choices import PersonPart
from ctis.cases.models import ChildOfVictim, Person
from ctis.cases.selectors import identity_log, person_cases, person_prosecutions

# The identity's columns, by the part of the record they belong to, with their labels.
IDENTITY_COLUMNS: list[tuple[str, str, Any]] = [
    (PersonPart.NAMES, "family_name", _("Family name")),
    (PersonPart.NAMES, "given_name", _("Given name")),
    (PersonPart.NAMES, "patronymic", _("Patronymic")),
    (PersonPart.NAMES, "aliases", _("Other names")),
    (PersonPart.BIRTH_DATE, "birth_date", _("Date of birth")),
    (PersonPart.ADDRESS, "address", _("Addresses")),
]
# The holder's notes go with the whole record only: no referral sends them.
NOTES = "notes"
OPTIONAL = {"aliases", "address", NOTES}


class PersonView(Mapping):
    """A read-only mapping of the fields the user may see; templates read them as
    attributes (``view.given_name``), and an absent field reads as nothing."""

    def __init__(self, access: PersonAccess, fields: dict[str, Any]) -> None:
        self.access = access
        self._fields = fields

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def identity_rows(self) -> list[tuple[Any, Any, bool]]:
        """The identity's columns the user sees now, as (label, value, is a date), in the
        page's order; other names, addresses and notes only when there are any."""
        rows = []
        for _part, column, label in [*IDENTITY_COLUMNS, (None, NOTES, _("Notes"))]:
            if column not in self._fields:
                continue
            value = self._fields[column]
            if column in OPTIONAL and not value:
                continue
            rows.append((label, value, column == "birth_date"))
        return rows


def person_view(access: PersonAccess) -> PersonView:
    """What ``access.user`` may see of ``access.person`` now."""
    person = access.person
    fields: dict[str, Any] = {
        "pk": person.pk,
        "code": person.code,
        "sex": person.get_sex_display(),
        "birth_year": person.birth_year,
        "citizenships": list(person.citizenships.all()),
        "languages": person.language_labels(),
        "owner_agency": person.owner_agency,
        "created_at": person.created_at,
        "victim_status": person.victim_status,
        "victim_status_label": person.get_victim_status_display(),
    }
    if access.identity_open:
        columns = [column for part, column, _label in IDENTITY_COLUMNS if access.sees(part)]
        if access.whole:
            columns.append(NOTES)
        if columns:
            fields.update(Person.objects.filter(pk=person.pk).values(*columns).get())
        if fields.get("birth_date"):
            fields["birth_date"] = datetime.date.fromisoformat(fields["birth_date"])
        if access.sees(PersonPart.DOCUMENTS):
            fields["documents"] = list(person.documents.select_related("issuer"))
        if access.sees(PersonPart.CONTACTS):
            fields["contacts"] = list(person.contacts.all())
    # What no referral sends is not shown through one; the rest only when it was sent.
    # The free text beside the identity (events' places and descriptions, child links'
    # notes) is sealed and deferred: read with the rows once the identity is open, else
    # never read, and the page says it is shown then (``sealed_shown``).
    fields["sealed_shown"] = access.identity_open
    if not access.limited or access.sees(PersonPart.VICTIM_PROFILE):
        victim = getattr(person, "victim", None)
        fields["victim"] = victim
        events = victim.events.select_related("country") if victim else None
        if events is not None and access.identity_open:
            events = events.with_sealed()
        fields["events"] = list(events) if events is not None else []
    if not access.limited or access.sees(PersonPart.CHILDREN):
        links = (
            ChildOfVictim.objects.with_sealed() if access.identity_open else ChildOfVictim.objects
        )
        # The linked persons by code: their sealed columns are not read.
        fields["children"] = list(
            links.filter(parent=person)
            .select_related("child")
            .defer(*(f"child__{name}" for name in SEALED_FIELDS))
        )
        fields["parents"] = list(
            links.filter(child=person)
            .select_related("parent")
            .defer(*(f"parent__{name}" for name in SEALED_FIELDS))
        )
    if not access.limited:
        fields["case_parts"] = person_cases(person)
        fields["prosecutions"] = person_prosecutions(person)
        if access.user.has_perm("cases.view_identity_log"):
            fields["identity_log"] = identity_log(person)
    return PersonView(access, fields)
