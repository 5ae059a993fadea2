"""Persons: entering and changing a person, with their documents, contacts and the blind
indexes of their names; codes are taken from a locked sequence."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import changes_since
from ctis.audit.services import Event, audit_record, audit_record_many, diff, snapshot
from ctis.cases.access import require_person_change
from ctis.cases.choices import TraffickingStatus
from ctis.cases.inputs import VICTIM_INPUT_FIELDS, PersonInput, VictimInput
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
    VictimProfile,
)
from ctis.cases.selectors import IDENTITY_FIELDS
from ctis.cases.services.identity import duplicate_decision_record
from ctis.cases.services.victims import (
    PERSON_VERSIONS,
    VICTIM_FIELDS,
    require_police_decision,
    victim_profile_save,
    victim_validate,
)
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
        row = _document_row(person, document)
        row.full_clean(exclude=["person"])
        row.save()
    for contact in data.contacts:
        row_contact = _contact_row(person, contact)
        row_contact.full_clean(exclude=["person"])
        row_contact.save()


def _document_row(person: Person, document) -> PersonDocument:
    return PersonDocument(
        person=person,
        kind=document.kind,
        number=document.number.strip(),
        number_index=crypto.blind_index(
            document_number_key(document.number), purpose="person.document"
        ),
        issuer=document.issuer,
    )


def _contact_row(person: Person, contact) -> PersonContact:
    return PersonContact(
        person=person,
        kind=contact.kind,
        value=contact.value.strip(),
        value_index=crypto.blind_index(
            contact_key(contact.kind, contact.value), purpose="person.contact"
        ),
    )


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


@dataclass(frozen=True)
class NewPerson:
    """One person of ``persons_create_many``: what ``person_create`` takes for one."""

    data: PersonInput
    victim: VictimInput | None = None
    registered_on: datetime.date | None = None
    duplicates_seen: Sequence[Person] = ()


def persons_create_many(
    *, actor: User, rows: Sequence[NewPerson]
) -> list[Person | ValidationError]:
    """Enter many persons at once (a bulk import), each as ``person_create`` with a victim
    profile enters it, in one transaction: for each row, the person saved or why it was
    refused (the same checks, the same messages). Each person ends exactly as
    ``person_create`` leaves one: the code from the same sequence (in the rows' order),
    documents, contacts and name index, the victim profile, the version, the same audit
    entries (written together by ``audit_record_many``) and the decision on duplicates seen.

    The rows are written with ``bulk_create``. The database's own checks are not asked
    row by row (``full_clean`` without the constraint queries, each of which the services'
    checks above already make); should one still refuse, the batch is entered again row
    by row through ``person_create``, which names the row and the reason."""
    require_permission(actor, "cases.create_person")
    if actor.agency_id is None:
        raise PermissionDenied(_("Only a member of an agency can enter persons."))
    agency = actor.agency_id
    today = timezone.localdate()
    results: list[Person | ValidationError] = []
    built: list[tuple[int, Person, VictimProfile | None, NewPerson]] = []
    for index, row in enumerate(rows):
        try:
            person, profile = _person_built(actor, agency, row, today)
        except ValidationError as refused:
            results.append(refused)
            continue
        results.append(person)
        built.append((index, person, profile, row))
    if not built:
        return results
    if any(profile is not None for _i, _p, profile, _row in built):
        first = next(person for _i, person, profile, _row in built if profile is not None)
        require_person_change(actor, first)  # as victim_profile_save asks, for the agency
    if any(p is not None and p.status != TraffickingStatus.POSSIBLE for _i, _x, p, _r in built):
        require_police_decision(actor)
    try:
        with transaction.atomic():
            _persons_write(actor, built, today)
    except IntegrityError:  # a database check the services' did not foresee: one by one
        return [
            _person_create_alone(actor, row) if isinstance(result, Person) else result
            for result, row in zip(results, rows, strict=True)
        ]
    return results


def _person_create_alone(actor: User, row: NewPerson) -> Person | ValidationError:
    try:
        with transaction.atomic():
            return person_create(
                actor=actor,
                data=row.data,
                prefix="V" if row.victim is not None else "P",
                registered_on=row.registered_on,
                victim=row.victim,
                duplicates_seen=row.duplicates_seen,
            )
    except ValidationError as refused:
        return refused


KNOWN_TO_EXIST = ["code", "owner_agency", "created_by_agency", "created_by"]


def _person_built(
    actor: User, agency: int, row: NewPerson, today: datetime.date
) -> tuple[Person, VictimProfile | None]:
    """The unsaved person (and victim profile) of one row, checked as ``person_create`` and
    ``victim_profile_save`` check them; ``ValidationError`` as they raise it."""
    data = row.data
    _validate_person(data)
    person = Person(owner_agency_id=agency, created_by_agency_id=agency, created_by=actor)
    _apply_person(person, data)
    # The agency and user are the actor's own: their rows exist, so the three queries
    # ``full_clean`` would make to look them up for every row are left out.
    person.full_clean(exclude=KNOWN_TO_EXIST, validate_unique=False, validate_constraints=False)
    for document in data.documents:
        _document_row(person, document).full_clean(exclude=["person"], validate_constraints=False)
    for contact in data.contacts:
        _contact_row(person, contact).full_clean(exclude=["person"], validate_constraints=False)
    if row.victim is None:
        return person, None
    victim = row.victim
    if victim.identified_on is None:
        victim = dataclasses.replace(victim, identified_on=today)
    victim_validate(person, victim)
    profile = VictimProfile(person=person)
    for name in VICTIM_INPUT_FIELDS:
        setattr(profile, name, getattr(victim, name))
    profile.forms = sorted(set(profile.forms))
    profile.scope = ""
    profile.full_clean(exclude=["person"], validate_unique=False, validate_constraints=False)
    person.mirror_victim(profile)
    person.version = 2  # the profile's creation counts against the person's version
    return person, profile


def _persons_write(actor: User, built, today: datetime.date) -> None:
    """Write the checked rows of ``persons_create_many`` in a few statements."""
    groups: dict[tuple[str, int], list[Person]] = {}
    for _index, person, profile, row in built:
        prefix = "V" if profile is not None else "P"
        groups.setdefault((prefix, (row.registered_on or today).year), []).append(person)
    for (prefix, year), members in groups.items():
        first = code_numbers_take(prefix, year, len(members))
        for offset, person in enumerate(members):
            person.code = person_code(prefix, year, first + offset)
    persons = [person for _index, person, _profile, _row in built]
    Person.objects.bulk_create(persons)
    Through = Person.citizenships.through
    Through.objects.bulk_create(
        Through(person_id=person.pk, country_id=country.pk)
        for _index, person, _profile, row in built
        for country in dict.fromkeys(row.data.citizenships)
    )
    PersonDocument.objects.bulk_create(
        _document_row(person, document)
        for _index, person, _profile, row in built
        for document in row.data.documents
    )
    PersonContact.objects.bulk_create(
        _contact_row(person, contact)
        for _index, person, _profile, row in built
        for contact in row.data.contacts
    )
    PersonNameIndex.objects.bulk_create(
        PersonNameIndex(person=person, value=value)
        for person in persons
        for value in sorted(
            name_index_values(
                person.given_name, person.family_name, person.patronymic, person.aliases
            )
        )
    )
    VictimProfile.objects.bulk_create(
        profile for _index, _person, profile, _row in built if profile is not None
    )
    events = []
    for _index, person, profile, row in built:
        events.append(
            Event(
                "cases.person.create",
                person,
                {"fields": {"before": None, "after": _filled_fields(person, row.data)}},
            )
        )
        if profile is not None:
            events.append(
                Event("cases.victim.create", person, diff({}, snapshot(profile, VICTIM_FIELDS)))
            )
    audit_record_many(actor=actor, events=events)
    for _index, person, _profile, row in built:
        if row.duplicates_seen:
            duplicate_decision_record(
                actor=actor,
                decision=DuplicateDecision.Decision.CONTINUED,
                candidates=list(row.duplicates_seen),
                created=person,
            )


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
        Person.objects,
        person.pk,
        version,
        explain=partial(changes_since, label=_("person"), bumping=PERSON_VERSIONS),
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
