"""Persons: entering and changing a person, with their documents, contacts and the blind
indexes of their names; codes are taken from a locked sequence."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.cases.access import require_person_change
from ctis.cases.inputs import PersonInput, VictimInput
from ctis.cases.keys import (
    contact_key,
    document_number_key,
    name_index_values,
    person_code,
    phone_e164,
)
from ctis.cases.models import (
    CodeSequence,
    DuplicateDecision,
    Person,
    PersonContact,
    PersonDocument,
    PersonNameIndex,
    Prosecution,
)
from ctis.cases.selectors import IDENTITY_FIELDS
from ctis.cases.services.identity import duplicate_decision_record
from ctis.cases.services.victims import victim_profile_save
from ctis.core import bounds, crypto
from ctis.core.errors import require_permission
from ctis.core.locking import bump, lock_version

PLAIN_FIELDS = ["birth_year", "sex", "languages"]


def code_numbers_take(prefix: str, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers of one prefix and year; returns the first.
    The sequence row is locked, so two entries never get one code."""
    sequence, _created = CodeSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    CodeSequence.objects.filter(pk=sequence.pk).update(last=sequence.last + count)
    return sequence.last + 1


def _next_code(prefix: str, year: int) -> str:
    return person_code(prefix, year, code_numbers_take(prefix, year))


def _index_names(person: Person) -> None:
    wanted = name_index_values(
        person.given_name, person.family_name, person.patronymic, person.aliases
    )
    have = set(person.name_indexes.values_list("value", flat=True))
    person.name_indexes.filter(value__in=have - wanted).delete()
    PersonNameIndex.objects.bulk_create(
        [PersonNameIndex(person=person, value=value) for value in sorted(wanted - have)]
    )


def _validate_person(data: PersonInput) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not (data.given_name or "").strip():
        errors.setdefault("given_name", []).append(
            _("Enter the given name, or a placeholder such as 'unknown'.")
        )
    if data.birth_date and data.birth_date > today:
        errors.setdefault("birth_date", []).append(_("The date of birth is in the future."))
    elif data.birth_date and (problems := bounds.date_problems(data.birth_date, bounds.BIRTH)):
        errors.setdefault("birth_date", []).extend(problems)
    if data.birth_date and data.birth_year and data.birth_date.year != data.birth_year:
        errors.setdefault("birth_year", []).append(
            _("The year of birth does not match the date of birth.")
        )
    if data.birth_year and not (1900 <= data.birth_year <= today.year):
        errors.setdefault("birth_year", []).append(
            _("The year of birth must be between 1900 and this year.")
        )
    for index, document in enumerate(data.documents, start=1):
        if not document_number_key(document.number):
            errors.setdefault("documents", []).append(
                _("Document %(n)d has no number.") % {"n": index}
            )
    for index, contact in enumerate(data.contacts, start=1):
        if contact.kind == "Phone" and phone_e164(contact.value) is None:
            errors.setdefault("contacts", []).append(
                _(
                    "Contact %(n)d is not a valid phone number. Write it with its area or "
                    "mobile code (050 123 45 67), or a foreign number with its country code "
                    "(+90 532 123 45 67)."
                )
                % {"n": index}
            )
    if errors:
        raise ValidationError(errors)


def _apply_person(person: Person, data: PersonInput) -> None:
    person.given_name = data.given_name.strip()
    person.family_name = data.family_name.strip() or None
    person.patronymic = data.patronymic.strip() or None
    person.aliases = data.aliases.strip() or None
    person.birth_date = data.birth_date.isoformat() if data.birth_date else None
    person.birth_year = data.birth_date.year if data.birth_date else data.birth_year
    person.sex = data.sex
    person.languages = list(data.languages)
    person.address = data.address.strip() or None
    person.notes = data.notes.strip() or None
    person.mirror_citizenships(country.code for country in data.citizenships)


def _replace_documents_and_contacts(person: Person, data: PersonInput) -> None:
    person.documents.all().delete()
    person.contacts.all().delete()
    for document in data.documents:
        row = PersonDocument(
            person=person,
            kind=document.kind,
            number=document.number.strip(),
            number_index=crypto.blind_index(
                document_number_key(document.number), purpose="person.document"
            ),
            issuer=document.issuer,
        )
        row.full_clean(exclude=["person"])
        row.save()
    for contact in data.contacts:
        row_contact = PersonContact(
            person=person,
            kind=contact.kind,
            value=contact.value.strip(),
            value_index=crypto.blind_index(
                contact_key(contact.kind, contact.value), purpose="person.contact"
            ),
        )
        row_contact.full_clean(exclude=["person"])
        row_contact.save()


@transaction.atomic
def person_create(
    *,
    actor: User,
    data: PersonInput,
    prefix: str = "P",
    registered_on: datetime.date | None = None,
    victim: VictimInput | None = None,
    duplicates_seen: Sequence[Person] = (),
    permission: str = "cases.create_person",
) -> Person:
    """A new person owned by the actor's agency; ``prefix`` starts the code: V victim,
    P perpetrator or other person, C a victim's child. With ``victim`` the victim profile
    is made in the same transaction; ``duplicates_seen`` are the likely duplicates the user
    was shown and decided against, recorded with the new person. ``permission`` is what
    entitles the actor (another module's step that makes a record, e.g. the hotline's tip
    to the police unit, names its own)."""
    require_permission(actor, permission)
    if actor.agency_id is None:
        raise PermissionDenied(_("Only a member of an agency can enter persons."))
    _validate_person(data)
    year = (registered_on or timezone.localdate()).year
    person = Person(
        owner_agency_id=actor.agency_id, created_by_agency_id=actor.agency_id, created_by=actor
    )
    _apply_person(person, data)
    person.code = _next_code(prefix, year)
    person.full_clean(exclude=["code"])
    person.save()
    person.citizenships.set(data.citizenships)
    _replace_documents_and_contacts(person, data)
    _index_names(person)
    audit_record(
        actor=actor,
        action="cases.person.create",
        obj=person,
        changes={"fields": {"before": None, "after": _filled_fields(person, data)}},
    )
    if victim is not None:
        victim_profile_save(actor=actor, person=person, data=victim)
        person.refresh_from_db(fields=["version"])
    if duplicates_seen:
        duplicate_decision_record(
            actor=actor,
            decision=DuplicateDecision.Decision.CONTINUED,
            candidates=list(duplicates_seen),
            created=person,
        )
    return person


def _filled_fields(person: Person, data: PersonInput) -> list[str]:
    names = [name for name in IDENTITY_FIELDS if getattr(person, name)]
    names += [name for name in PLAIN_FIELDS if getattr(person, name)]
    if data.citizenships:
        names.append("citizenships")
    if data.documents:
        names.append("documents")
    if data.contacts:
        names.append("contacts")
    return names


@transaction.atomic
def person_update(*, actor: User, person: Person, version: int, data: PersonInput) -> Person:
    require_person_change(actor, person)
    _validate_person(data)
    locked = lock_version(
        Person.objects, person.pk, version, explain=partial(changes_since, label=_("person"))
    )
    before = snapshot(locked, [*IDENTITY_FIELDS, *PLAIN_FIELDS])
    before["citizenships"] = sorted(locked.citizenships.values_list("code", flat=True))
    before["documents"] = sorted((d.kind, d.number, d.issuer_id) for d in locked.documents.all())
    before["contacts"] = sorted((c.kind, c.value) for c in locked.contacts.all())
    _apply_person(locked, data)
    locked.full_clean()
    after = snapshot(locked, [*IDENTITY_FIELDS, *PLAIN_FIELDS])
    after["citizenships"] = sorted(c.code for c in data.citizenships)
    after["documents"] = sorted(
        (d.kind, d.number.strip(), d.issuer.code if d.issuer else None) for d in data.documents
    )
    after["contacts"] = sorted((c.kind, c.value.strip()) for c in data.contacts)
    changed = sorted(diff(before, after))
    if not changed:
        return locked
    bump(locked)
    locked.save()
    locked.citizenships.set(data.citizenships)
    if "documents" in changed or "contacts" in changed:
        _replace_documents_and_contacts(locked, data)
    _index_names(locked)
    if "sex" in changed:  # the prosecutions' copy (``Prosecution.accused_sex``)
        Prosecution.objects.filter(accused=locked).update(accused_sex=locked.sex)
    # The plain fields' values may be logged; identity fields only by name.
    plain = {
        name: value
        for name, value in diff(before, after).items()
        if name in PLAIN_FIELDS or name == "citizenships"
    }
    audit_record(
        actor=actor,
        action="cases.person.update",
        obj=locked,
        changes={
            "fields": {"before": None, "after": changed},
            "version": {"before": version, "after": locked.version},
            **plain,
        },
    )
    return locked
