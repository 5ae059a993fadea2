"""Free text beside identities is sealed (issue 10): an event's place and description, a
child link's note, a criminal case's summary and a break-glass reason are encrypted at
rest, re-sealed by key rotation, kept out of the audit entries, never read while the
identity is closed, and shown once it is open (ADR 0008, "Free text beside identities")."""

import datetime
import importlib
import io
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.cases import services
from ctis.cases.inputs import EventInput
from ctis.cases.models import (
    BreakGlassGrant,
    ChildOfVictim,
    CriminalCase,
    TraffickingEvent,
)
from ctis.core.crypto import sealed_fields
from tests.cases.conftest import person_data
from tests.core.test_crypto import K1, K2, use_env_keys
from tests.factories import CaseInputFactory, CriminalCaseFactory
from tests.personas import log_in

PLACE = "Antalya, Lara otelinin zirzəmisi"
DESCRIPTION = "Pasportu götürüldü, gecə klubunda saxlanıldı"
NOTE = "Uşaq nənəsinin yanında, Sumqayıt"
SUMMARY = "Zərərçəkmiş Leyla M. Türkiyəyə aparılıb"
REASON = "Child reported missing by the school tonight; checking the family"
TEXTS = [PLACE, DESCRIPTION, NOTE, SUMMARY, REASON]
# (table, column) of every sealed free text, as the migration names them.
COLUMNS = [
    ("cases_traffickingevent", "place"),
    ("cases_traffickingevent", "description"),
    ("cases_childofvictim", "note"),
    ("cases_criminalcase", "summary"),
    ("cases_breakglassgrant", "reason"),
]
HINT_EVENTS = "Places and descriptions of the events are shown when the identity is opened."
HINT_CHILDREN = "Notes on the children are shown when the identity is opened."
HINT_SUMMARY = "The summary is shown when the identities of the persons on the case are open."


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def records(victim, investigator, provider, supervisor, countries):
    """The victim with an event, a child with a note, a case with a summary on which the
    victim is a party, and a break-glass grant with its reason."""
    services.event_add(
        actor=investigator,
        victim=victim.victim,
        data=EventInput(
            kind="Exploitation",
            country=countries["TR"],
            place=PLACE,
            started_on=datetime.date(2023, 6, 1),
            description=DESCRIPTION,
        ),
    )
    child = services.person_create(
        actor=investigator, data=person_data(countries, given_name="Aysel"), prefix="C"
    )
    services.child_link(
        actor=investigator, parent=victim, child=child, measures=["School"], note=NOTE
    )
    case = CriminalCaseFactory(actor=investigator, data=CaseInputFactory(summary=SUMMARY))
    services.participant_add(actor=investigator, case=case, person=victim, role="Victim")
    held = services.person_create(actor=provider, data=person_data(countries), prefix="V")
    services.break_glass_open(actor=supervisor, person=held, reason=REASON)
    return {"victim": victim, "child": child, "case": case, "held": held}


def test_the_database_holds_no_plaintext_of_the_free_texts(records):
    for table, column in COLUMNS:
        stored = _raw(table, column)
        assert stored and all(value.startswith("v1:") for value in stored), (table, column)
        assert not any(text in value for value in stored for text in TEXTS), (table, column)
    # The application reads them back.
    event = TraffickingEvent.objects.with_sealed().get()
    assert (event.place, event.description) == (PLACE, DESCRIPTION)
    assert ChildOfVictim.objects.with_sealed().get().note == NOTE
    assert CriminalCase.objects.with_sealed().get().summary == SUMMARY
    assert BreakGlassGrant.objects.with_sealed().get().reason == REASON


def test_no_audit_entry_holds_the_free_texts(records, investigator):
    # Changing and removing write their entries too.
    case = records["case"]
    services.case_update(
        actor=investigator,
        case=case,
        version=CriminalCase.objects.get(pk=case.pk).version,
        data=CaseInputFactory(number=case.number, summary="Başqa mətn: Leyla M."),
    )
    services.child_link(
        actor=investigator,
        parent=records["victim"],
        child=records["child"],
        measures=["School"],
        note="Yeni qeyd: Sumqayıt",
    )
    services.event_remove(actor=investigator, event=TraffickingEvent.objects.get())
    entries = list(AuditEntry.objects.values("action", "changes", "purpose", "object_repr"))
    dumped = json.dumps(entries, ensure_ascii=False, default=str)
    for text in [*TEXTS, "Başqa mətn", "Yeni qeyd"]:
        assert text not in dumped
    by_action = {entry["action"]: entry["changes"] for entry in entries}
    # That they were written is recorded, by name.
    assert by_action["cases.event.create"]["fields"]["after"] == ["description", "place"]
    assert by_action["cases.event.delete"]["fields"]["after"] == ["description", "place"]
    assert by_action["cases.child.link"]["fields"]["after"] == ["note"]
    assert by_action["cases.case.create"]["fields"]["after"] == ["summary"]
    assert "summary" in by_action["cases.case.update"]["fields"]["after"]
    assert by_action["cases.break_glass.open"]["fields"]["after"] == ["reason"]


def test_the_person_page_by_code_shows_none_of_them(records, analyst, investigator):
    victim = records["victim"]
    for user in (analyst, investigator):  # by code; the holder before opening the identity
        page = log_in(Client(), user).get(victim.get_absolute_url()).content.decode()
        assert victim.code in page
        for text in (PLACE, DESCRIPTION, NOTE):
            assert text not in page, user
        assert HINT_EVENTS in page and HINT_CHILDREN in page


def test_the_person_page_shows_them_with_the_identity_open(records, investigator):
    victim = records["victim"]
    client = log_in(Client(), investigator)
    client.post(f"/cases/persons/{victim.pk}/identity/", {"purpose": "investigation"})
    page = client.get(victim.get_absolute_url()).content.decode()
    for text in (PLACE, DESCRIPTION, NOTE):
        assert text in page
    assert HINT_EVENTS not in page and HINT_CHILDREN not in page


def test_the_case_summary_follows_the_identities_on_the_case(records, analyst, investigator):
    case, victim = records["case"], records["victim"]
    page = log_in(Client(), analyst).get(case.get_absolute_url()).content.decode()
    assert SUMMARY not in page and HINT_SUMMARY in page
    holder = log_in(Client(), investigator)
    page = holder.get(case.get_absolute_url()).content.decode()
    assert SUMMARY not in page and HINT_SUMMARY in page
    holder.post(f"/cases/persons/{victim.pk}/identity/", {"purpose": "investigation"})
    page = holder.get(case.get_absolute_url()).content.decode()
    assert SUMMARY in page and HINT_SUMMARY not in page


def test_the_break_glass_reason_is_read_by_its_reviewers(records, auditor, supervisor):
    for user in (auditor, supervisor):  # the reviewer; the holder of the grant, their own
        page = log_in(Client(), user).get("/cases/break-glass/").content.decode()
        assert REASON in page, user


def test_every_model_with_a_sealed_text_defers_it():
    for model in apps.get_app_config("cases").get_models():
        if model._meta.model_name == "person":
            continue  # deferred at the gate (SEALED_FIELDS)
        sealed = sealed_fields(model)
        if sealed and model._meta.model_name not in {"persondocument", "personcontact"}:
            deferred = model.objects.all().query.deferred_loading
            assert set(sealed) <= set(deferred[0]) and deferred[1] is True, model


@pytest.fixture
def under_k1(settings):
    use_env_keys(settings, ("k1", K1))


def test_key_rotation_reseals_the_free_texts(settings, under_k1, records):
    use_env_keys(settings, ("k2", K2), ("k1", K1))
    call_command("keys", "rotate", stdout=io.StringIO())
    for table, column in COLUMNS:
        stored = _raw(table, column)
        assert stored and all(value.startswith("v1:k2:") for value in stored), (table, column)
    use_env_keys(settings, ("k2", K2))  # the old key can go
    event = TraffickingEvent.objects.with_sealed().get()
    assert (event.place, event.description) == (PLACE, DESCRIPTION)
    assert CriminalCase.objects.with_sealed().get().summary == SUMMARY
    assert BreakGlassGrant.objects.with_sealed().get().reason == REASON


def test_the_data_migration_seals_rows_stored_in_plain_text(records):
    migration = importlib.import_module("ctis.cases.migrations.0008_seal_existing_free_text")
    with connection.cursor() as cursor:  # rows as they were before the migration
        cursor.execute("UPDATE cases_criminalcase SET summary = %s", [SUMMARY])
        cursor.execute("UPDATE cases_childofvictim SET note = %s", [NOTE])
    # What the migration uses of its schema editor (SQLite's cannot open in a transaction).
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.seal(apps, editor)
    migration.seal(apps, editor)  # again: the sealed rows are left as they are
    for table, column in COLUMNS:
        assert not any(text in value for value in _raw(table, column) for text in TEXTS)
    assert CriminalCase.objects.with_sealed().get().summary == SUMMARY
    assert ChildOfVictim.objects.with_sealed().get().note == NOTE
    migration.unseal(apps, editor)
    assert _raw("cases_criminalcase", "summary") == [SUMMARY]
    assert _raw("cases_traffickingevent", "place") == [PLACE]


def test_the_case_change_form_keeps_the_summary_it_may_not_show(records, investigator):
    case, victim = records["case"], records["victim"]
    holder = log_in(Client(), investigator)
    page = holder.get(f"/cases/criminal-cases/{case.pk}/edit/")
    assert page.status_code == 200
    assert SUMMARY not in page.content.decode() and HINT_SUMMARY in page.content.decode()
    saved = holder.post(
        f"/cases/criminal-cases/{case.pk}/edit/",
        {
            "number": case.number,
            "registered_on": "2024-01-01",
            "articles": [a.pk for a in case.articles.all()],
            "status": case.status,
            "solved": "on",
            "version": CriminalCase.objects.get(pk=case.pk).version,
        },
    )
    assert saved.status_code == 302
    case = CriminalCase.objects.with_sealed().get(pk=case.pk)
    assert (case.solved, case.summary) == (True, SUMMARY)
    holder.post(f"/cases/persons/{victim.pk}/identity/", {"purpose": "investigation"})
    assert SUMMARY in holder.get(f"/cases/criminal-cases/{case.pk}/edit/").content.decode()
