"""Bulk import of trafficking events (issue 14): victims already in the database, named by
their code; each row added through ``event_add`` as the person page adds one, so only the
agency holding the record adds events, and a refused row is listed beside its column."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from ctis.audit.models import AuditEntry
from ctis.cases.models import TraffickingEvent
from ctis.interop import imports
from tests.factories import PersonFactory, VictimFactory
from tests.interop.files import run_import

HEADER = "person;mərhələ;ölkə;yer;başlanğıc tarixi;son tarix\n"


def test_the_events_of_victims_are_added_and_audited(investigator):
    first = VictimFactory(actor=investigator)
    second = VictimFactory(actor=investigator)
    content = HEADER + (
        f"{first.code};Cəlbetmə;AZ;Bakı;03.02.2024;10.02.2024\n"
        f"{first.code.lower()};Exploitation;Türkiyə;İstanbul;12.02.2024;\n"
        f"{second.code};Транзит;GEO;;2024-05-01;\n"
    )
    result = run_import(investigator, "events", content)
    assert result.errors == [] and result.committed
    assert result.saved == [first.code, first.code, second.code]
    events = TraffickingEvent.objects.filter(victim__person=first).order_by("started_on")
    assert [(e.kind, e.country_id, e.place) for e in events] == [
        ("Recruitment", "AZ", "Bakı"),
        ("Exploitation", "TR", "İstanbul"),
    ]
    assert events[0].ended_on.isoformat() == "2024-02-10"
    assert events[0].victim.scope == "Transnational"
    assert AuditEntry.objects.filter(action="cases.event.create").count() == 3
    assert AuditEntry.objects.get(action="interop.import").object_repr == "events"


def test_a_row_the_service_refuses_is_listed_beside_its_column_and_nothing_is_saved(
    investigator,
):
    victim = VictimFactory(actor=investigator)
    not_a_victim = PersonFactory(actor=investigator, victim=None, prefix="P")
    content = HEADER + (
        f"{victim.code};Recruitment;AZ;;10.02.2024;03.02.2024\n"  # ends before it starts
        f"V-2020-9999;Recruitment;AZ;;;\n"  # nobody
        f"{not_a_victim.code};Recruitment;AZ;;;\n"  # no victim profile
        f"{victim.code};Recruitment;Atlantis;;;\n"  # no such country
        f"{victim.code};Exploitation;AZ;;01.01.2024;\n"
    )
    result = run_import(investigator, "events", content)
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "son tarix"),
        (3, "person"),
        (4, "person"),
        (5, "ölkə"),
    ]
    assert "before the start" in result.errors[0].message
    assert "No person you may open" in result.errors[1].message
    assert "no victim profile" in result.errors[2].message
    assert not result.committed and not TraffickingEvent.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["cases.event.create", "interop.import"])
    kept = run_import(investigator, "events", content, keep_valid=True)
    assert kept.committed and kept.saved == [victim.code]
    assert TraffickingEvent.objects.count() == 1


def test_only_the_holder_adds_events(investigator, shelter_worker, coordinator):
    victim = VictimFactory(actor=investigator)
    content = HEADER + f"{victim.code};Recruitment;AZ;;;\n"
    with pytest.raises(PermissionDenied):
        run_import(coordinator, "events", content)  # may not change records at all
    result = run_import(shelter_worker, "events", content)  # may change records, but not this one
    assert [(e.line, e.column) for e in result.errors] == [(2, "person")]
    assert not TraffickingEvent.objects.exists()


def test_the_command_imports_events(investigator, tmp_path):
    victim = VictimFactory(actor=investigator)
    path = tmp_path / "events.csv"
    path.write_text(HEADER + f"{victim.code};Recruitment;AZ;;;\n", encoding="utf-8")
    call_command("import", "events", str(path), "--by", investigator.username)
    assert TraffickingEvent.objects.filter(victim__person=victim).count() == 1


def test_the_events_template_names_its_columns(investigator):
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(imports.template_workbook("events")))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[0] == "person's code" and "stage" in header
    codes = {row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert {"Recruitment", "Transit", "Exploitation"} <= codes
