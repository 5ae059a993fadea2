"""Writes to the unified database. Each runs in one transaction, validates before it
saves, and writes its audit entry in the same transaction; identity values never reach
the audit log (only the names of the fields that changed)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.audit.selectors import audit_entries, field_label
from ctis.audit.services import audit_record, diff, snapshot
from ctis.cases.access import Access, person_access, require_case_change, require_person_change
from ctis.cases.choices import (
    AccessPurpose,
    CaseStatus,
    ChildMeasure,
    ControlMethod,
    EventKind,
    ExploitationForm,
    ParticipantRole,
    PerpetratorRole,
    Scope,
    SentenceKind,
    SexualExploitationKind,
    TraffickingStatus,
    VerdictOutcome,
)
from ctis.cases.models import (
    BreakGlassGrant,
    CaseParticipant,
    ChildOfVictim,
    CodeSequence,
    CriminalCase,
    CriminalCodeArticle,
    DuplicateDecision,
    IdentityAccess,
    Person,
    PersonContact,
    PersonDocument,
    PersonNameIndex,
    Prosecution,
    TraffickingEvent,
    VictimProfile,
)
from ctis.core import crypto
from ctis.core.errors import require_permission
from ctis.core.models import Country
from ctis.core.names import normalise

HOME_COUNTRY = "AZ"
IDENTITY_FIELDS = [
    "given_name",
    "family_name",
    "patronymic",
    "aliases",
    "birth_date",
    "address",
    "notes",
]
PLAIN_FIELDS = ["birth_year", "sex", "languages"]
BREAK_GLASS_HOURS = 4


class StaleEdit(ValidationError):
    """The record changed after the user opened it; their save is refused."""


# Codes and indexes ---------------------------------------------------------------------


def code_numbers_take(prefix: str, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers of one prefix and year; returns the first.
    The sequence row is locked, so two entries never get one code."""
    sequence, _created = CodeSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    CodeSequence.objects.filter(pk=sequence.pk).update(last=sequence.last + count)
    return sequence.last + 1


def person_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def _next_code(prefix: str, year: int) -> str:
    return person_code(prefix, year, code_numbers_take(prefix, year))


def name_index_values(*names: str | None) -> set[str]:
    """Blind indexes of every word key of the given names (aliases one a line).

    A feminine surname (-ova, -yeva) is indexed under the family's form too, so that a
    search for Məmmədov finds Məmmədova, as people searching a family expect.
    """
    keys: set[str] = set()
    for name in names:
        keys.update(normalise(name or "").split())
    keys |= {key[:-1] for key in keys if key.endswith("ova") and len(key) > 4}
    return {crypto.blind_index(key, purpose="person.name") for key in keys if len(key) > 1}


def document_number_key(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", number.upper())


def phone_key(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[-9:] if len(digits) >= 9 else digits


def contact_key(kind: str, value: str) -> str:
    return phone_key(value) if kind == "Phone" else value.strip().casefold()


def _index_names(person: Person) -> None:
    wanted = name_index_values(
        person.given_name, person.family_name, person.patronymic, person.aliases
    )
    have = set(person.name_indexes.values_list("value", flat=True))
    person.name_indexes.filter(value__in=have - wanted).delete()
    PersonNameIndex.objects.bulk_create(
        [PersonNameIndex(person=person, value=value) for value in sorted(wanted - have)]
    )


# Persons -------------------------------------------------------------------------------


@dataclass
class DocumentInput:
    kind: str
    number: str
    issuer: Country | None = None


@dataclass
class ContactInput:
    kind: str
    value: str


@dataclass
class PersonInput:
    given_name: str
    family_name: str = ""
    patronymic: str = ""
    aliases: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    sex: str = "NonSpecifiedUnknown"
    citizenships: list[Country] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    address: str = ""
    notes: str = ""
    documents: list[DocumentInput] = field(default_factory=list)
    contacts: list[ContactInput] = field(default_factory=list)


def _validate_person(data: PersonInput) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not (data.given_name or "").strip():
        errors.setdefault("given_name", []).append(
            _("Enter the given name, or a placeholder such as 'unknown'.")
        )
    if data.birth_date and data.birth_date > today:
        errors.setdefault("birth_date", []).append(_("The date of birth is in the future."))
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
        if contact.kind == "Phone" and len(phone_key(contact.value)) < 5:
            errors.setdefault("contacts", []).append(
                _("Contact %(n)d: a phone number needs at least five digits.") % {"n": index}
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


def person_birth_date(person: Person) -> datetime.date | None:
    return datetime.date.fromisoformat(person.birth_date) if person.birth_date else None


@transaction.atomic
def person_create(
    *,
    actor: User,
    data: PersonInput,
    prefix: str = "P",
    registered_on: datetime.date | None = None,
    victim: VictimInput | None = None,
    duplicates_seen: Sequence[Person] = (),
) -> Person:
    """A new person owned by the actor's agency; ``prefix`` starts the code: V victim,
    P perpetrator or other person, C a victim's child. With ``victim`` the victim profile
    is made in the same transaction; ``duplicates_seen`` are the likely duplicates the user
    was shown and decided against, recorded with the new person."""
    require_permission(actor, "cases.create_person")
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


def _lock_checked(model, pk, version: int, *, label: str):
    """Lock the row and refuse the save if someone saved it after ``version`` was read."""
    row = model.objects.select_for_update().get(pk=pk)
    if row.version != version:
        label_lower = model._meta.label_lower
        later = audit_entries({"object_type": label_lower, "object_id": str(pk)}).filter(
            action__endswith=".update"
        )[: max(1, row.version - version)]
        changes = []
        for entry in reversed(list(later)):
            fields = entry.changes.get("fields", {}).get("after") or list(entry.changes)
            changes.append(
                _("%(who)s at %(when)s changed: %(fields)s")
                % {
                    "who": entry.actor_username or _("the system"),
                    "when": date_format(timezone.localtime(entry.created_at), "DATETIME_FORMAT"),
                    "fields": ", ".join(field_label(label_lower, name) for name in fields),
                }
            )
        raise StaleEdit(
            _(
                "Someone saved this %(record)s after you opened it, so your changes were not saved. "
                "Reload the page to see the current values, then make your changes again. %(changes)s"
            )
            % {"record": label, "changes": " ".join(changes)},
            code="stale",
        )
    return row


@transaction.atomic
def person_update(*, actor: User, person: Person, version: int, data: PersonInput) -> Person:
    require_person_change(actor, person)
    _validate_person(data)
    locked = _lock_checked(Person, person.pk, version, label=_("person"))
    before = snapshot(locked, IDENTITY_FIELDS + PLAIN_FIELDS)
    before["citizenships"] = sorted(locked.citizenships.values_list("code", flat=True))
    before["documents"] = sorted((d.kind, d.number, d.issuer_id) for d in locked.documents.all())
    before["contacts"] = sorted((c.kind, c.value) for c in locked.contacts.all())
    _apply_person(locked, data)
    locked.full_clean()
    after = snapshot(locked, IDENTITY_FIELDS + PLAIN_FIELDS)
    after["citizenships"] = sorted(c.code for c in data.citizenships)
    after["documents"] = sorted(
        (d.kind, d.number.strip(), d.issuer.code if d.issuer else None) for d in data.documents
    )
    after["contacts"] = sorted((c.kind, c.value.strip()) for c in data.contacts)
    changed = sorted(diff(before, after))
    if not changed:
        return locked
    locked.version += 1
    locked.save()
    locked.citizenships.set(data.citizenships)
    if "documents" in changed or "contacts" in changed:
        _replace_documents_and_contacts(locked, data)
    _index_names(locked)
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


# Victim profiles and events ------------------------------------------------------------


@dataclass
class VictimInput:
    status: str = TraffickingStatus.POSSIBLE
    status_decided_by: Agency | None = None
    status_decided_on: datetime.date | None = None
    identified_on: datetime.date | None = None
    forms: list[str] = field(default_factory=list)
    labour_sector: str = ""
    sexual_kinds: list[str] = field(default_factory=list)
    control_methods: list[str] = field(default_factory=list)
    recruitment_method: str = ""
    recruiter_relationship: str = ""
    age_when_trafficked: int | None = None


VICTIM_INPUT_FIELDS = [f.name for f in dataclasses.fields(VictimInput)]
VICTIM_FIELDS = [
    "status",
    "status_decided_by",
    "status_decided_on",
    "identified_on",
    "forms",
    "labour_sector",
    "sexual_kinds",
    "control_methods",
    "recruitment_method",
    "recruiter_relationship",
    "age_when_trafficked",
    "scope",
]


def _validate_victim(person: Person, data: VictimInput) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for name, values, allowed in (
        ("forms", data.forms, ExploitationForm.values),
        ("sexual_kinds", data.sexual_kinds, SexualExploitationKind.values),
        ("control_methods", data.control_methods, ControlMethod.values),
    ):
        unknown = [v for v in values if v not in allowed]
        if unknown:
            errors.setdefault(name, []).append(
                _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
    if data.status != TraffickingStatus.POSSIBLE:
        if data.status_decided_by is None:
            errors.setdefault("status_decided_by", []).append(
                _("Say which body decided the status.")
            )
        if data.status_decided_on is None:
            errors.setdefault("status_decided_on", []).append(
                _("Give the date of the status decision.")
            )
    if data.status_decided_on and data.status_decided_on > today:
        errors.setdefault("status_decided_on", []).append(_("The decision date is in the future."))
    if data.identified_on and data.identified_on > today:
        errors.setdefault("identified_on", []).append(
            _("The identification date is in the future.")
        )
    if data.sexual_kinds and ExploitationForm.SEXUAL not in data.forms:
        errors.setdefault("sexual_kinds", []).append(
            _("Kinds of sexual exploitation need sexual exploitation among the forms.")
        )
    if data.labour_sector and ExploitationForm.FORCED_LABOUR not in data.forms:
        errors.setdefault("labour_sector", []).append(
            _("A labour sector needs forced labour among the forms.")
        )
    born = person_birth_date(person)
    if born and data.identified_on and data.identified_on < born:
        errors.setdefault("identified_on", []).append(
            _("The identification date is before the date of birth.")
        )
    if data.age_when_trafficked is not None and person.birth_year and data.identified_on:
        if data.age_when_trafficked > data.identified_on.year - person.birth_year + 1:
            errors.setdefault("age_when_trafficked", []).append(
                _("The age when trafficked is more than the person's age when identified.")
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def victim_profile_save(
    *, actor: User, person: Person, data: VictimInput, version: int | None = None
) -> VictimProfile:
    """Create or change a person's victim profile. Changes count against the person's
    version, since the profile is edited on the person's page. Deciding the status (or
    changing a decision) is the police unit's alone."""
    require_person_change(actor, person)
    profile = VictimProfile.objects.filter(person=person).first()
    creating = profile is None
    if creating and data.identified_on is None:
        data = dataclasses.replace(data, identified_on=timezone.localdate())
    decision = (data.status, getattr(data.status_decided_by, "pk", None), data.status_decided_on)
    if profile is None:
        decides = data.status != TraffickingStatus.POSSIBLE
    else:
        decides = decision != (
            profile.status,
            profile.status_decided_by_id,
            profile.status_decided_on,
        )
    if decides:
        _require_police_decision(actor)
    _validate_victim(person, data)
    locked = (
        _lock_checked(Person, person.pk, version, label=_("person"))
        if version is not None
        else Person.objects.select_for_update().get(pk=person.pk)
    )
    profile = profile or VictimProfile(person=locked)
    before = {} if creating else snapshot(profile, VICTIM_FIELDS)
    for name in VICTIM_INPUT_FIELDS:
        value = getattr(data, name)
        if not (name == "identified_on" and value is None):
            setattr(profile, name, value)
    profile.forms = sorted(set(profile.forms))
    profile.scope = "" if creating else _scope(profile)
    profile.full_clean()
    profile.save()
    locked.mirror_victim(profile)
    locked.save(update_fields=Person.MIRRORED)
    changes = diff(before, snapshot(profile, VICTIM_FIELDS))
    if creating or changes:
        _bump(locked)
        audit_record(
            actor=actor,
            action="cases.victim.create" if creating else "cases.victim.update",
            obj=locked,
            changes=changes,
        )
    return profile


def _require_police_decision(actor: User) -> None:
    if not actor.has_perm("cases.view_identities"):
        raise PermissionDenied(
            _("Only the police unit decides whether a person is a victim of trafficking.")
        )


def _scope(profile: VictimProfile) -> str:
    countries = set(profile.events.values_list("country_id", flat=True))
    if not countries:
        return ""
    return Scope.INTERNAL if countries == {HOME_COUNTRY} else Scope.TRANSNATIONAL


@dataclass
class EventInput:
    kind: str
    country: Country | None
    place: str = ""
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    description: str = ""


@transaction.atomic
def event_add(*, actor: User, victim: VictimProfile, data: EventInput) -> TraffickingEvent:
    person = victim.person
    require_person_change(actor, person)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if data.kind not in EventKind.values:
        errors.setdefault("kind", []).append(_("Choose recruitment, transit or exploitation."))
    if data.country is None:
        errors.setdefault("country", []).append(_("Choose the country."))
    born = person_birth_date(person)
    for name, value in (("started_on", data.started_on), ("ended_on", data.ended_on)):
        if value and value > today:
            errors.setdefault(name, []).append(_("The date is in the future."))
        if value and born and value < born:
            errors.setdefault(name, []).append(
                _("The date (%(date)s) is before the person's date of birth (%(born)s).")
                % {"date": date_format(value), "born": date_format(born)}
            )
        elif value and person.birth_year and value.year < person.birth_year:
            errors.setdefault(name, []).append(
                _("The date is before the person's year of birth (%(year)d).")
                % {"year": person.birth_year}
            )
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        errors.setdefault("ended_on", []).append(_("The end is before the start."))
    if errors:
        raise ValidationError(errors)
    event = TraffickingEvent(
        victim=victim,
        kind=data.kind,
        country=data.country,
        place=data.place.strip(),
        started_on=data.started_on,
        ended_on=data.ended_on,
        description=data.description.strip(),
    )
    event.full_clean()
    event.save()
    victim.scope = _scope(victim)
    victim.save(update_fields=["scope", "updated_at"])
    _bump(person)
    audit_record(
        actor=actor,
        action="cases.event.create",
        obj=person,
        changes=snapshot(event, ["kind", "country", "place", "started_on", "ended_on"]),
    )
    return event


@transaction.atomic
def event_remove(*, actor: User, event: TraffickingEvent) -> None:
    victim = event.victim
    require_person_change(actor, victim.person)
    record = snapshot(event, ["kind", "country", "place", "started_on", "ended_on"])
    event.delete()
    victim.scope = _scope(victim)
    victim.save(update_fields=["scope", "updated_at"])
    _bump(victim.person)
    audit_record(
        actor=actor,
        action="cases.event.delete",
        obj=victim.person,
        changes={name: {"before": value, "after": None} for name, value in record.items()},
    )


# Children of victims ---------------------------------------------------------------------


@transaction.atomic
def child_link(
    *, actor: User, parent: Person, child: Person, measures: list[str], note: str = ""
) -> ChildOfVictim:
    require_person_change(actor, parent)
    require_person_change(actor, child)
    unknown = [m for m in measures if m not in ChildMeasure.values]
    if unknown:
        raise ValidationError(
            {"measures": _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if parent.pk == child.pk:
        raise ValidationError(_("A person cannot be their own child."))
    link, _created = ChildOfVictim.objects.get_or_create(parent=parent, child=child)
    before = snapshot(link, ["measures", "note"])
    link.measures = sorted(set(measures))
    link.note = note.strip()
    link.full_clean()
    link.save()
    audit_record(
        actor=actor,
        action="cases.child.link",
        obj=parent,
        changes={
            "child": {"before": None, "after": child.code},
            **diff(before, snapshot(link, ["measures", "note"])),
        },
    )
    return link


# Criminal cases ----------------------------------------------------------------------------


@dataclass
class CaseInput:
    number: str
    registered_on: datetime.date | None
    articles: list[CriminalCodeArticle]
    registering_agency: Agency | None = None
    status: str = CaseStatus.INVESTIGATION
    solved: bool = False
    criminal_group: str = ""
    summary: str = ""


CASE_FIELDS = [
    "number",
    "registered_on",
    "registering_agency",
    "status",
    "solved",
    "criminal_group",
    "summary",
]


def _validate_case(data: CaseInput, case: CriminalCase | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not data.number.strip():
        errors.setdefault("number", []).append(_("Enter the case number."))
    if data.registered_on is None:
        errors.setdefault("registered_on", []).append(_("Enter the date the case was registered."))
    elif data.registered_on > timezone.localdate():
        errors.setdefault("registered_on", []).append(_("The registration date is in the future."))
    if not data.articles:
        errors.setdefault("articles", []).append(
            _("Choose at least one article of the Criminal Code.")
        )
    if case is not None and data.registered_on:
        verdict = case.prosecutions.filter(verdict_on__lt=data.registered_on).first()
        if verdict and verdict.verdict_on:
            errors.setdefault("registered_on", []).append(
                _("A verdict in this case (%(date)s) is before this registration date.")
                % {"date": date_format(verdict.verdict_on)}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(*, actor: User, data: CaseInput) -> CriminalCase:
    require_permission(actor, "cases.view_identities")
    require_permission(actor, "cases.edit_records")
    _validate_case(data)
    registering = data.registering_agency or actor.agency
    if CriminalCase.objects.filter(
        registering_agency=registering, number=data.number.strip()
    ).exists():
        raise ValidationError(
            {
                "number": _("%(agency)s already registered a case with this number.")
                % {"agency": registering.short_name if registering else ""}
            }
        )
    case = CriminalCase(owner_agency=actor.agency, registering_agency=registering)
    _apply_case(case, data)
    case.full_clean()
    case.save()
    case.articles.set(data.articles)
    audit_record(
        actor=actor,
        action="cases.case.create",
        obj=case,
        changes={
            **diff({}, snapshot(case, CASE_FIELDS)),
            "articles": {"before": None, "after": [a.code for a in data.articles]},
        },
    )
    return case


def _apply_case(case: CriminalCase, data: CaseInput) -> None:
    case.number = data.number.strip()
    if data.registered_on is not None:
        case.registered_on = data.registered_on
    if data.registering_agency is not None:
        case.registering_agency = data.registering_agency
    case.status = data.status
    case.solved = data.solved
    case.criminal_group = data.criminal_group.strip()
    case.summary = data.summary.strip()


@transaction.atomic
def case_update(*, actor: User, case: CriminalCase, version: int, data: CaseInput) -> CriminalCase:
    require_case_change(actor, case)
    _validate_case(data, case)
    locked = _lock_checked(CriminalCase, case.pk, version, label=_("criminal case"))
    before = snapshot(locked, CASE_FIELDS)
    before["articles"] = sorted(locked.articles.values_list("code", flat=True))
    _apply_case(locked, data)
    after = snapshot(locked, CASE_FIELDS)
    after["articles"] = sorted(a.code for a in data.articles)
    changes = diff(before, after)
    if not changes:
        return locked
    locked.version += 1
    locked.full_clean()
    locked.save()
    locked.articles.set(data.articles)
    audit_record(
        actor=actor,
        action="cases.case.update",
        obj=locked,
        changes={
            **changes,
            "fields": {"before": None, "after": sorted(changes)},
            "version": {"before": version, "after": locked.version},
        },
    )
    return locked


@transaction.atomic
def participant_add(
    *,
    actor: User,
    case: CriminalCase,
    person: Person,
    role: str,
    perpetrator_roles: list[str] | None = None,
    group_member: bool = False,
    wanted: str = "",
    caught_on: datetime.date | None = None,
    extradition: str = "",
) -> CaseParticipant:
    require_case_change(actor, case)
    if person_access(actor, person) < Access.IDENTITY:
        raise PermissionDenied(_("You may not link a person whose record you cannot open."))
    perpetrator_roles = perpetrator_roles or []
    errors: dict[str, list[str]] = {}
    if role not in ParticipantRole.values:
        errors.setdefault("role", []).append(_("Choose victim or perpetrator."))
    if role == ParticipantRole.VICTIM and (perpetrator_roles or group_member or wanted):
        errors.setdefault("role", []).append(
            _("Roles in the crime, group membership and search apply to perpetrators only.")
        )
    unknown = [r for r in perpetrator_roles if r not in PerpetratorRole.values]
    if unknown:
        errors.setdefault("perpetrator_roles", []).append(
            _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if caught_on and caught_on < case.registered_on:
        errors.setdefault("caught_on", []).append(
            _("The person was caught before the case was registered.")
        )
    if caught_on and caught_on > timezone.localdate():
        errors.setdefault("caught_on", []).append(_("The date is in the future."))
    if CaseParticipant.objects.filter(case=case, person=person, role=role).exists():
        errors.setdefault("person", []).append(
            _("This person is already linked to the case in this part.")
        )
    if errors:
        raise ValidationError(errors)
    part = CaseParticipant(
        case=case,
        person=person,
        role=role,
        perpetrator_roles=sorted(set(perpetrator_roles)),
        group_member=group_member,
        wanted=wanted,
        caught_on=caught_on,
        extradition=extradition,
    )
    part.full_clean()
    part.save()
    _bump(case)
    audit_record(
        actor=actor,
        action="cases.participant.add",
        obj=case,
        changes={
            "person": {"before": None, "after": person.code},
            "role": {"before": None, "after": role},
        },
    )
    return part


@transaction.atomic
def participant_remove(*, actor: User, participant: CaseParticipant) -> None:
    case = participant.case
    require_case_change(actor, case)
    if (
        participant.role == ParticipantRole.PERPETRATOR
        and case.prosecutions.filter(accused=participant.person).exists()
    ):
        raise ValidationError(_("This person has a prosecution in the case; it stays linked."))
    code = participant.person.code
    participant.delete()
    _bump(case)
    audit_record(
        actor=actor,
        action="cases.participant.remove",
        obj=case,
        changes={"person": {"before": code, "after": None}},
    )


def _bump(record: Person | CriminalCase) -> None:
    """A change to a record's parts (events, parties, prosecutions) is a new version of the
    record, so that a form opened before it is refused; counted in the database, not from
    the copy in memory, which may be stale."""
    type(record).objects.filter(pk=record.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    record.refresh_from_db(fields=["version"])


@dataclass
class ProsecutionInput:
    court: str
    sent_to_court_on: datetime.date | None = None
    verdict_on: datetime.date | None = None
    outcome: str = ""
    sentence: str = ""
    term_months: int | None = None
    fine_azn: Decimal | None = None
    confiscation: bool = False
    confiscation_note: str = ""


PROSECUTION_FIELDS = [
    "court",
    "sent_to_court_on",
    "verdict_on",
    "outcome",
    "sentence",
    "term_months",
    "fine_azn",
    "confiscation",
    "confiscation_note",
]


def _validate_prosecution(case: CriminalCase, data: ProsecutionInput) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not data.court.strip():
        errors.setdefault("court", []).append(_("Name the court."))
    for name in ("sent_to_court_on", "verdict_on"):
        value = getattr(data, name)
        if value and value < case.registered_on:
            errors.setdefault(name, []).append(
                _("The date (%(date)s) is before the case was registered (%(registered)s).")
                % {"date": date_format(value), "registered": date_format(case.registered_on)}
            )
        if value and value > today:
            errors.setdefault(name, []).append(_("The date is in the future."))
    if data.sent_to_court_on and data.verdict_on and data.verdict_on < data.sent_to_court_on:
        errors.setdefault("verdict_on", []).append(
            _("The verdict is before the case was sent to court.")
        )
    if data.outcome and not data.verdict_on:
        errors.setdefault("verdict_on", []).append(_("Give the date of the verdict."))
    if data.verdict_on and not data.outcome:
        errors.setdefault("outcome", []).append(_("Choose the outcome of the verdict."))
    if data.sentence and data.outcome != VerdictOutcome.CONVICTED:
        errors.setdefault("sentence", []).append(_("A sentence needs a conviction."))
    if data.outcome == VerdictOutcome.CONVICTED and not data.sentence:
        errors.setdefault("sentence", []).append(_("Choose the sentence."))
    if (
        data.sentence
        in (SentenceKind.IMPRISONMENT, SentenceKind.CONDITIONAL, SentenceKind.DEFERRED)
        and not data.term_months
    ):
        errors.setdefault("term_months", []).append(_("Give the term in months."))
    if data.sentence == SentenceKind.FINE and not data.fine_azn:
        errors.setdefault("fine_azn", []).append(_("Give the amount of the fine."))
    if data.confiscation_note and not data.confiscation:
        errors.setdefault("confiscation", []).append(
            _("Tick confiscation, or clear what was confiscated.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def prosecution_save(
    *,
    actor: User,
    case: CriminalCase,
    accused: Person,
    data: ProsecutionInput,
    version: int | None = None,
) -> Prosecution:
    """Record or change one accused person's trial; the person becomes a perpetrator in the
    case if they were not one yet. ``version`` is the one the user's form was opened at, 0
    for a new prosecution: a form for a new one never overwrites one that exists."""
    require_case_change(actor, case)
    if person_access(actor, accused) < Access.IDENTITY:
        raise PermissionDenied(_("You may not link a person whose record you cannot open."))
    _validate_prosecution(case, data)
    prosecution = Prosecution.objects.select_for_update().filter(case=case, accused=accused).first()
    creating = prosecution is None
    if prosecution is not None and version == 0:
        raise StaleEdit(
            _(
                "%(code)s already has a prosecution in this case; open it from the case's page "
                "to change it."
            )
            % {"code": accused.code},
            code="stale",
        )
    if prosecution is not None and version is not None and prosecution.version != version:
        raise StaleEdit(
            _(
                "Someone saved this prosecution after you opened it, so your changes "
                "were not saved. Reload the page and make your changes again."
            ),
            code="stale",
        )
    prosecution = prosecution or Prosecution(case=case, accused=accused)
    before = snapshot(prosecution, PROSECUTION_FIELDS) if not creating else {}
    for name in PROSECUTION_FIELDS:
        setattr(prosecution, name, getattr(data, name))
    prosecution.court = prosecution.court.strip()
    if not creating:
        prosecution.version += 1
    prosecution.full_clean()
    prosecution.save()
    if not CaseParticipant.objects.filter(
        case=case, person=accused, role=ParticipantRole.PERPETRATOR
    ).exists():
        CaseParticipant.objects.create(case=case, person=accused, role=ParticipantRole.PERPETRATOR)
    if case.status == CaseStatus.INVESTIGATION and (data.sent_to_court_on or data.verdict_on):
        CriminalCase.objects.filter(pk=case.pk).update(status=CaseStatus.IN_COURT)
    _bump(case)
    audit_record(
        actor=actor,
        action="cases.prosecution.create" if creating else "cases.prosecution.update",
        obj=case,
        changes={
            "accused": {"before": None, "after": accused.code},
            **diff(before, snapshot(prosecution, PROSECUTION_FIELDS)),
        },
    )
    return prosecution


# Identity access, break-the-glass, duplicates, retention ---------------------------------


@transaction.atomic
def identity_open(*, actor: User, person: Person, purpose: str, note: str = "") -> IdentityAccess:
    """Record that the actor opens the person's identity, and why."""
    if purpose not in AccessPurpose.values:
        raise ValidationError({"purpose": _("Choose why you open this record.")})
    if purpose == AccessPurpose.OTHER and len(note.strip()) < 10:
        raise ValidationError({"note": _("Explain the purpose in a few words.")})
    if person_access(actor, person) < Access.IDENTITY:
        raise PermissionDenied(_("You may not open this person's identity."))
    glass = BreakGlassGrant.objects.filter(
        user=actor, person=person, expires_at__gt=timezone.now()
    ).exists()
    in_scope = actor.agency_id in (person.owner_agency_id, person.created_by_agency_id)
    access = IdentityAccess.objects.create(
        person=person,
        user=actor,
        agency_id=actor.agency_id,
        purpose=purpose,
        note=note.strip()[:300],
        break_glass=glass and not in_scope,
    )
    audit_record(
        actor=actor,
        action="cases.person.identity_view",
        obj=person,
        purpose=f"{purpose}: {note.strip()}" if note.strip() else purpose,
        changes={"break_glass": access.break_glass} if access.break_glass else {},
    )
    return access


@transaction.atomic
def break_glass_open(*, actor: User, person: Person, reason: str) -> BreakGlassGrant:
    require_permission(actor, "cases.break_glass")
    if len(reason.strip()) < 20:
        raise ValidationError(
            {"reason": _("Write the reason in at least 20 characters: it is read in review.")}
        )
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        person=person,
        user=actor,
        reason=reason.strip(),
        expires_at=now + datetime.timedelta(hours=BREAK_GLASS_HOURS),
    )
    audit_record(
        actor=actor,
        action="cases.break_glass.open",
        obj=person,
        purpose=reason.strip(),
        changes={"expires_at": {"before": None, "after": grant.expires_at}},
    )
    return grant


@transaction.atomic
def break_glass_review(*, actor: User, grant: BreakGlassGrant, note: str) -> BreakGlassGrant:
    require_permission(actor, "cases.review_break_glass")
    if grant.reviewed_at is not None:
        raise ValidationError(_("This access has already been reviewed."))
    if grant.user_id == actor.pk:
        raise PermissionDenied(_("Nobody reviews their own emergency access."))
    grant.reviewed_by = actor
    grant.reviewed_at = timezone.now()
    grant.review_note = note.strip()
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=actor,
        action="cases.break_glass.review",
        obj=grant.person,
        changes={"grant": grant.pk, "note": note.strip()},
    )
    return grant


@transaction.atomic
def person_name_search_record(*, actor: User, results: int) -> None:
    """A search by name is a look into identities: logged, without the name searched."""
    audit_record(
        actor=actor,
        action="cases.person.name_search",
        object_type="cases.person",
        changes={"results": results},
    )


@transaction.atomic
def duplicate_decision_record(
    *,
    actor: User,
    decision: str,
    candidates: list[Person],
    chosen: Person | None = None,
    created: Person | None = None,
) -> DuplicateDecision:
    record = DuplicateDecision.objects.create(
        user=actor, decision=decision, chosen=chosen, created=created
    )
    record.candidates.set(candidates)
    audit_record(
        actor=actor,
        action="cases.person.duplicate_decision",
        obj=chosen or created,
        changes={"decision": decision, "candidates": [p.code for p in candidates]},
    )
    return record


@transaction.atomic
def person_erase(*, actor: User, person: Person, reason: str) -> None:
    """The retention procedure: the only way a person leaves the database."""
    require_permission(actor, "cases.erase_records")
    if len(reason.strip()) < 20:
        raise ValidationError(
            {"reason": _("Give the legal ground for erasure in at least 20 characters.")}
        )
    if person.prosecutions.exists() or person.case_parts.exists():
        raise ValidationError(
            _("This person is part of a criminal case; unlink them from the case first.")
        )
    code, pk = person.code, person.pk
    person.delete()  # cascades to its profile, events, documents, indexes and child links
    audit_record(
        actor=actor,
        action="cases.person.erase",
        object_type="cases.person",
        object_id=str(pk),
        object_repr=code,
        purpose=reason.strip(),
    )


# Reference data ----------------------------------------------------------------------------

REFERENCE_ARTICLES = Path(__file__).resolve().parent / "data" / "articles.json"
ARTICLE_FIELDS = ["title_az", "title_en", "title_ru", "is_trafficking", "position"]


@transaction.atomic
def articles_load_reference(*, path: Path = REFERENCE_ARTICLES) -> int:
    """Create the Criminal Code articles the system ships with; articles administrators
    added are left alone, and a shipped article they retitled is not overwritten."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    existing = set(CriminalCodeArticle.objects.values_list("code", flat=True))
    created = []
    for row in rows:
        if row["code"] in existing:
            continue
        article = CriminalCodeArticle(code=row["code"], **{k: row[k] for k in ARTICLE_FIELDS})
        article.full_clean()
        created.append(article)
    CriminalCodeArticle.objects.bulk_create(created)
    if created:
        audit_record(
            actor=None,
            action="cases.articles.load",
            object_type="cases.criminalcodearticle",
            changes={"created": [a.code for a in created]},
        )
    return len(created)


ARTICLE_EDIT_FIELDS = ["title_az", "title_en", "title_ru", "is_trafficking", "is_active"]


@transaction.atomic
def article_save(
    *,
    actor: User,
    code: str,
    title_az: str,
    title_en: str = "",
    title_ru: str = "",
    is_trafficking: bool = False,
    is_active: bool = True,
) -> CriminalCodeArticle:
    """Add an article of the Criminal Code to the list cases choose from, or change one.
    Articles are never deleted (cases refer to them); one no longer used is switched off."""
    require_permission(actor, "cases.manage_articles")
    code = code.strip()
    if not re.fullmatch(r"\d{1,3}(-\d{1,2})?(\.\d{1,2}){0,2}", code):
        raise ValidationError({"code": _("Write the article as in the Code, e.g. 144-1 or 243.2.")})
    article = CriminalCodeArticle.objects.select_for_update().filter(code=code).first()
    creating = article is None
    article = article or CriminalCodeArticle(code=code)
    before = snapshot(article, ARTICLE_EDIT_FIELDS) if not creating else {}
    article.title_az, article.title_en, article.title_ru = (
        title_az.strip(),
        title_en.strip(),
        title_ru.strip(),
    )
    article.is_trafficking, article.is_active = is_trafficking, is_active
    if creating:
        article.position = (CriminalCodeArticle.objects.aggregate(m=Max("position"))["m"] or 0) + 1
    article.full_clean()
    article.save()
    audit_record(
        actor=actor,
        action="cases.article.create" if creating else "cases.article.update",
        obj=article,
        changes=diff(before, snapshot(article, ARTICLE_EDIT_FIELDS)),
    )
    return article
