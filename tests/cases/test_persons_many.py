"""``persons_create_many`` (the bulk import's) enters persons exactly as ``person_create``
enters them one by one, and refuses a row with the same reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from ctis.audit.models import AuditEntry
from ctis.cases import services
from ctis.cases.inputs import VictimInput
from ctis.cases.models import DuplicateDecision, Person
from tests.cases.conftest import person_data


def _state(person: Person) -> dict:
    """Everything stored of a person but its key, code and times."""
    person = Person.objects.get(pk=person.pk)
    fields = {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.attname not in {"id", "code", "created_at", "updated_at"}
    }
    victim = getattr(person, "victim", None)
    return {
        **fields,
        "citizenships": sorted(c.code for c in person.citizenships.all()),
        "documents": sorted(
            (d.kind, d.number, d.number_index, d.issuer_id) for d in person.documents.all()
        ),
        "contacts": sorted((c.kind, c.value, c.value_index) for c in person.contacts.all()),
        "names": sorted(person.name_indexes.values_list("value", flat=True)),
        "victim": None
        if victim is None
        else {
            f.attname: getattr(victim, f.attname)
            for f in type(victim)._meta.concrete_fields
            if f.attname not in {"person_id", "created_at", "updated_at"}
        },
        "audit": [
            (e.action, e.changes)
            for e in AuditEntry.objects.filter(object_id=str(person.pk)).order_by("id")
        ],
    }


def _rows(countries):
    victim = VictimInput(identified_on=datetime.date(2026, 11, 2), forms=["SexualExploitation"])
    return [
        services.NewPerson(person_data(countries), victim, datetime.date(2026, 11, 2)),
        services.NewPerson(
            person_data(countries, given_name="Aysel", documents=[], contacts=[], birth_date=None)
        ),
    ]


def test_many_persons_are_entered_as_one_by_one(investigator, countries):
    rows = _rows(countries)
    one_by_one = [
        services.person_create(
            actor=investigator,
            data=row.data,
            prefix="V" if row.victim else "P",
            registered_on=row.registered_on,
            victim=row.victim,
        )
        for row in rows
    ]
    together = services.persons_create_many(actor=investigator, rows=rows)
    assert [_state(p) for p in together] == [_state(p) for p in one_by_one]
    assert [p.code for p in together] == ["V-2026-0002", f"P-{datetime.date.today().year}-0002"]
    # The next single entry continues the same sequence.
    after = services.person_create(
        actor=investigator,
        data=person_data(countries),
        prefix="V",
        registered_on=rows[0].registered_on,
    )
    assert after.code == "V-2026-0003"


def test_a_refused_row_gets_the_reason_one_by_one_gets_and_the_others_are_entered(
    investigator, countries
):
    future = person_data(countries, birth_date=datetime.date.today() + datetime.timedelta(days=3))
    rows = [services.NewPerson(future), *_rows(countries)]
    with pytest.raises(ValidationError) as alone:
        services.person_create(actor=investigator, data=future)
    results = services.persons_create_many(actor=investigator, rows=rows)
    assert isinstance(results[0], ValidationError)
    assert results[0].message_dict == alone.value.message_dict
    assert all(isinstance(p, Person) for p in results[1:]) and Person.objects.count() == 2


def test_the_duplicates_seen_are_recorded_as_the_entry_form_records_them(investigator, countries):
    first = services.person_create(actor=investigator, data=person_data(countries))
    (second,) = services.persons_create_many(
        actor=investigator,
        rows=[services.NewPerson(person_data(countries), duplicates_seen=[first])],
    )
    decision = DuplicateDecision.objects.get(created=second)
    assert list(decision.candidates.all()) == [first]
    assert decision.decision == DuplicateDecision.Decision.CONTINUED


def test_who_may_not_enter_persons_is_refused(coordinator, countries):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.persons_create_many(actor=coordinator, rows=_rows(countries))
    assert not Person.objects.exists()
