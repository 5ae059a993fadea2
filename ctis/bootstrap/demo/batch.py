"""The batch writer of the demonstration persons: rows built without ``Model(**kwargs)``,
gathered a whole cluster at a time, and written with ``bulk_create`` in one transaction
and one audit entry a batch.

It writes through the same helpers the cases services use (person codes from
``code_numbers_take``, so that the next ``person_create`` continues the sequence), so the
rows are indistinguishable from entered ones.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import connection, models, transaction

from ctis.audit.services import audit_record
from ctis.cases.keys import person_code
from ctis.cases.models import (
    CaseParticipant,
    ChildOfVictim,
    Crime,
    CriminalCase,
    CriminalGroup,
    GroupMember,
    Person,
    PersonContact,
    PersonDocument,
    PersonNameIndex,
    Prosecution,
    TraffickingEvent,
    VictimProfile,
    WantedChange,
)
from ctis.cases.services import code_numbers_take
from ctis.nrm.models import Consent, Referral, ServiceDelivery, Stay

M = TypeVar("M", bound=models.Model)


class Rows(Generic[M]):
    """Builds unsaved instances of one model from attribute names (``person_id``, not
    ``person``), passing every column positionally: Django's fast path, about twice as
    quick as keyword arguments, which matters at a million persons. Columns not given take
    the field's default as ``Model()`` would (a fresh one for callables such as
    ``uuid4`` or ``list``)."""

    def __init__(self, model: type[M]):
        self.model = model
        fields = model._meta.concrete_fields
        self.position = {f.attname: i for i, f in enumerate(fields)}
        self.template: list[Any] = []
        self.fresh: list[tuple[int, Any]] = []
        for index, f in enumerate(fields):
            if f.has_default() and callable(f.default):
                self.fresh.append((index, f.default))
                self.template.append(None)
            else:
                self.template.append(f.get_default())

    def __call__(self, **values: Any) -> M:
        args = self.template.copy()
        for index, make in self.fresh:
            args[index] = make()
        position = self.position
        for name, value in values.items():
            args[position[name]] = value
        return self.model(*args)


@dataclass
class Batch:
    """The rows of whole clusters (one case with its people, or one victim alone) waiting
    to be written together."""

    persons: list[tuple[Person, str, datetime.date]] = field(default_factory=list)
    names: list[PersonNameIndex] = field(default_factory=list)
    citizenships: list[Any] = field(default_factory=list)
    documents: list[PersonDocument] = field(default_factory=list)
    contacts: list[PersonContact] = field(default_factory=list)
    victims: list[VictimProfile] = field(default_factory=list)
    events: list[TraffickingEvent] = field(default_factory=list)
    children: list[ChildOfVictim] = field(default_factory=list)
    cases: list[CriminalCase] = field(default_factory=list)
    case_articles: list[Any] = field(default_factory=list)
    participants: list[CaseParticipant] = field(default_factory=list)
    prosecutions: list[Prosecution] = field(default_factory=list)
    crimes: list[Crime] = field(default_factory=list)
    # Rows keyed by a row not written yet (its number is known once it is): a group with
    # its case and members, a participant's wanted history as (status, since) pairs.
    groups: list[tuple[CriminalGroup, CriminalCase, list[Person]]] = field(default_factory=list)
    wanted: list[tuple[CaseParticipant, list[tuple[str, datetime.date]]]] = field(
        default_factory=list
    )
    recorded_by: int | None = None  # the user the wanted history is recorded by
    # The referral mechanism's history (``ctis.bootstrap.demo.protection``): each referral
    # with the consent it was sent under (numbered on writing), stays, services.
    referrals: list[tuple[Any, Any]] = field(default_factory=list)
    stays: list[Any] = field(default_factory=list)
    services: list[Any] = field(default_factory=list)


def batch_write(batch: Batch, *, seed: int, number: int) -> int:
    """Write the batch in one transaction with one audit entry; returns its persons."""
    if not batch.persons:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Synthetic rows need not wait for the WAL flush at commit (a crash loses at
            # most the last batch, never consistency); only this transaction is affected.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        codes_assign(batch)
        Person.objects.bulk_create([person for person, _prefix, _day in batch.persons])
        Person.citizenships.through.objects.bulk_create(batch.citizenships)
        PersonNameIndex.objects.bulk_create(batch.names)
        PersonDocument.objects.bulk_create(batch.documents)
        PersonContact.objects.bulk_create(batch.contacts)
        VictimProfile.objects.bulk_create(batch.victims)
        TraffickingEvent.objects.bulk_create(batch.events)
        ChildOfVictim.objects.bulk_create(batch.children)
        CriminalCase.objects.bulk_create(batch.cases)
        CriminalCase.articles.through.objects.bulk_create(batch.case_articles)
        CaseParticipant.objects.bulk_create(batch.participants)
        Prosecution.objects.bulk_create(batch.prosecutions)
        Crime.objects.bulk_create(batch.crimes)
        CriminalGroup.objects.bulk_create([group for group, _case, _people in batch.groups])
        CriminalGroup.cases.through.objects.bulk_create(
            CriminalGroup.cases.through(criminalgroup_id=group.pk, criminalcase_id=case.pk)
            for group, case, _people in batch.groups
        )
        GroupMember.objects.bulk_create(
            GroupMember(group_id=group.pk, person_id=person.pk)
            for group, _case, people in batch.groups
            for person in people
        )
        WantedChange.objects.bulk_create(
            WantedChange(
                participant_id=part.pk, status=status, on=on, recorded_by_id=batch.recorded_by
            )
            for part, history in batch.wanted
            for status, on in history
        )
        consents = Consent.objects.bulk_create(consent for _referral, consent in batch.referrals)
        for (referral, _consent), consent in zip(batch.referrals, consents, strict=True):
            referral.consent_id = consent.pk
        Referral.objects.bulk_create(referral for referral, _consent in batch.referrals)
        Stay.objects.bulk_create(batch.stays)
        ServiceDelivery.objects.bulk_create(batch.services)
        audit_record(
            actor=None,
            action="cases.demo.generate",
            object_type="cases.person",
            changes={
                "persons": len(batch.persons),
                "referrals": len(batch.referrals),
                "seed": seed,
                "batch": number,
            },
        )
    return len(batch.persons)


def codes_assign(batch: Batch) -> None:
    """Take a run of numbers for each prefix and year, as entry does, and give them out in
    order of registration."""
    groups: dict[tuple[str, int], list[tuple[datetime.date, int, Person]]] = defaultdict(list)
    for order, (person, prefix, day) in enumerate(batch.persons):
        groups[(prefix, day.year)].append((day, order, person))
    for prefix, year in sorted(groups):
        members = sorted(groups[(prefix, year)], key=lambda row: (row[0], row[1]))
        first = code_numbers_take(prefix, year, len(members))
        for offset, (_day, _order, person) in enumerate(members):
            person.code = person_code(prefix, year, first + offset)
