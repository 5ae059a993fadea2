"""The exports that leave the system: GLOTIP (with "<5" and its round trip through the
series reader), GRETA, the US TIP report's period, the k-anonymised CTDC dataset, the audit
entry, the command and the page."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings

from ctis.audit.models import AuditEntry
from ctis.cases.models import VictimProfile
from ctis.stats import exports
from ctis.stats.exports import ExportRefused, Spec, ctdc
from ctis.stats.series import read
from ctis.stats.services import export_make
from tests.personas import log_in
from tests.queries import assert_calls_constant
from tests.stats import builders

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def known(investigator):
    """Six victims of 2020 (four women, one man, one of unknown sex; one child; one
    foreigner), one presumed victim; two persons convicted, three sent to court."""
    v = builders.victim
    v(investigator, forms=("SexualExploitation", "ForcedLabour"), exploited_in=("TR", "AE"))
    v(investigator, exploited_in=("TR",))
    v(investigator, sex="Masculine", forms=("ForcedLabour",), exploited_in=("AZ",))
    v(investigator, birth_year=2005, exploited_in=("AZ",), forms=("ForcedLabour",))
    v(investigator, citizenships=("UZ",), exploited_in=())
    v(investigator, birth_year=None, citizenships=(), sex="NonSpecifiedUnknown", exploited_in=())
    v(investigator, identified_on=datetime.date(2019, 12, 31))
    v(investigator, status="PossibleVictimOfTrafficking", sex="Masculine")
    case = builders.case(investigator, registered_on=datetime.date(2020, 2, 1))
    convicted = {"verdict_on": datetime.date(2020, 11, 1), "outcome": "Convicted"}
    for sex in ("Feminine", "Masculine"):
        builders.prosecute(
            investigator,
            case,
            builders.accused(investigator, sex=sex),
            sentence="Imprisonment",
            term_months=60,
            **convicted,
        )
    builders.prosecute(investigator, case, builders.accused(investigator))


def _sheet_rows(content: bytes, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


def _glotip(content: bytes) -> dict[tuple, str]:
    rows = _sheet_rows(content, "data_glotip")
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Iso3_code")
    return {(r[4], r[5], r[6], r[7], r[8], r[9]): r[11] for r in rows[start + 1 :] if r[0]}


# -- GLOTIP ---------------------------------------------------------------------------


def test_glotip_writes_the_figures_with_small_counts_hidden(known, analyst):
    made = export_make(actor=analyst, spec=Spec("glotip", 2020, 2020))
    cells = _glotip(made.content)
    victims = "Detected trafficking victims"
    assert cells[(victims, "Total", "Total", "Total", "Total", 2020)] == "6"
    assert cells[(victims, "Total", "Total", "Female", "Total", 2020)] == "<5"  # 4
    assert cells[(victims, "Total", "Total", "Male", "Total", 2020)] == "<5"  # 1
    assert cells[(victims, "Total", "Total", "Total", "Minor", 2020)] == "<5"
    assert (
        cells[(victims, "by form of exploitation", "Sexual exploitation", "Total", "Total", 2020)]
        == "<5"
    )
    assert cells[(victims, "by citizenship", "Azerbaijan", "Total", "Total", 2020)] == "<5"
    assert cells[(victims, "by citizenship", "Uzbekistan", "Total", "Total", 2020)] == "<5"
    assert cells[("Persons prosecuted", "Total", "Total", "Total", "Total", 2020)] == "<5"
    assert cells[("Persons convicted", "Total", "Total", "Male", "Total", 2020)] == "<5"
    # A zero is written: that nobody was counted reveals no one.
    assert cells[(victims, "Total", "Total", "Male", "Minor", 2020)] == "0"
    assert len(cells) == made.rows


@override_settings(CTIS_STATS_THRESHOLD=3)
def test_glotip_threshold_is_a_setting(known, analyst):
    cells = _glotip(export_make(actor=analyst, spec=Spec("glotip", 2020, 2020)).content)
    assert cells[("Detected trafficking victims", "Total", "Total", "Female", "Total", 2020)] == "4"
    assert cells[("Detected trafficking victims", "Total", "Total", "Male", "Total", 2020)] == "<3"


def test_glotip_reads_back_through_the_series_reader(known, analyst):
    made = export_make(actor=analyst, spec=Spec("glotip", 2019, 2020))
    reading = read(made.content, name=made.file_name)
    assert reading.layout == "glotip"
    assert reading.refused == []
    assert len(reading.rows) == made.rows
    totals = {
        (row.indicator, row.year): (row.value, row.below)
        for row in reading.rows
        if (row.dimension, row.category, row.sex, row.age) == ("Total",) * 4
    }
    assert totals[("victims_identified", 2020)] == (6, None)
    assert totals[("victims_identified", 2019)] == (None, 5)
    assert totals[("persons_convicted", 2020)] == (None, 5)
    assert totals[("persons_sent_to_court", 2019)] == (0, None)


# -- GRETA ----------------------------------------------------------------------------


def test_greta_tables_per_year(known, analyst):
    made = export_make(actor=analyst, spec=Spec("greta", 2019, 2020))
    book = openpyxl.load_workbook(io.BytesIO(made.content), read_only=True)
    assert book.sheetnames == [
        "About",
        "Identified victims",
        "Presumed victims",
        "Criminal justice",
    ]
    identified = {row[0]: row[1:] for row in _sheet_rows(made.content, "Identified victims")}
    assert identified["Identified victims"] == (2019, 2020)
    assert identified["Total"] == (1, 6)
    assert identified["Women and girls"] == (1, 4)
    assert identified["Children"] == (0, 1)
    assert identified["Girls"] == (0, 1)
    assert identified["Foreigners"] == (0, 1)
    assert identified["Form of exploitation: Forced labour"] == (0, 3)
    presumed = {row[0]: row[1:] for row in _sheet_rows(made.content, "Presumed victims")}
    assert presumed["Total"] == (0, 1)
    assert presumed["Men and boys"] == (0, 1)
    assert presumed["Form of exploitation: Forced labour"] == (None, None)  # not counted
    justice = {row[0]: row[1:] for row in _sheet_rows(made.content, "Criminal justice")}
    assert justice["Investigations: criminal cases registered"] == (0, 1)
    assert justice["Prosecutions: persons sent to court"] == (0, 3)
    assert justice["Convictions: persons convicted"] == (0, 2)


def test_greta_headers_in_the_chosen_language(known, analyst):
    made = export_make(actor=analyst, spec=Spec("greta", 2020, 2020, language="az"))
    book = openpyxl.load_workbook(io.BytesIO(made.content), read_only=True)
    assert "Müəyyən edilmiş qurbanlar" in book.sheetnames
    russian = export_make(actor=analyst, spec=Spec("greta", 2020, 2020, language="ru"))
    assert "Выявленные жертвы" in openpyxl.load_workbook(io.BytesIO(russian.content)).sheetnames


# -- US TIP ---------------------------------------------------------------------------


def test_tip_counts_from_1_april_to_31_march(investigator, analyst):
    for day in (
        datetime.date(2020, 3, 31),  # the year before
        datetime.date(2020, 4, 1),  # the first day
        datetime.date(2021, 3, 31),  # the last day
        datetime.date(2021, 4, 1),  # the year after
    ):
        builders.victim(investigator, identified_on=day)
    case = builders.case(investigator, registered_on=datetime.date(2020, 4, 1))
    builders.prosecute(
        investigator,
        case,
        builders.accused(investigator),
        sent_to_court_on=datetime.date(2021, 3, 31),
        verdict_on=datetime.date(2021, 3, 31),
        outcome="Convicted",
        sentence="Imprisonment",
        term_months=48,
    )
    made = export_make(actor=analyst, spec=Spec("tip", 2021, 2021, tip_year=2021))
    assert made.summary == {"start": "2020-04-01", "end": "2021-03-31"}
    protection = dict(r[:2] for r in _sheet_rows(made.content, "Protection"))
    assert protection["Protection"] == "2020-04-01 – 2021-03-31"
    assert protection["Victims identified"] == 2
    assert protection["Women and girls"] == 2
    prosecution = dict(r[:2] for r in _sheet_rows(made.content, "Prosecution"))
    assert prosecution["Investigations: criminal cases registered"] == 1
    assert prosecution["Prosecutions: persons sent to court"] == 1
    assert prosecution["Convictions: persons convicted"] == 1
    assert prosecution["Sentenced to imprisonment"] == 1
    prevention = dict(r[:2] for r in _sheet_rows(made.content, "Prevention"))
    assert prevention["Hotline contacts"] == 0
    assert prevention["Trainings"] == 0
    before = export_make(actor=analyst, spec=Spec("tip", 2020, 2020, tip_year=2020))
    assert dict(r[:2] for r in _sheet_rows(before.content, "Protection"))["Victims identified"] == 1


# -- CTDC -----------------------------------------------------------------------------


def _ctdc_victim(
    actor, *, birth_year, sex="Feminine", citizenships=("AZ",), exploited_in=("TR",), **profile
):
    person = builders.victim(
        actor,
        sex=sex,
        birth_year=birth_year,
        citizenships=citizenships,
        exploited_in=exploited_in,
        forms=profile.pop("forms", ("SexualExploitation",)),
    )
    if profile:
        VictimProfile.objects.filter(pk=person.pk).update(**profile)
    return person


@pytest.fixture
def ctdc_set(investigator):
    """Ten victims of 2020: four women of 25 and two of 23 (AZ, exploited in Türkiye),
    three men of 35 (AZ, forced labour inside the country) and one woman of 70 from
    Uzbekistan exploited in Russia, whom nobody else resembles."""
    for _ in range(4):
        _ctdc_victim(investigator, birth_year=1995, sexual_kinds=["Prostitution"])
    for _ in range(2):
        _ctdc_victim(investigator, birth_year=1997, recruiter_relationship="Familial")
    for _ in range(3):
        _ctdc_victim(
            investigator,
            birth_year=1985,
            sex="Masculine",
            exploited_in=("AZ",),
            forms=("ForcedLabour",),
            labour_sector="A_AgricultureForestryAndFishing",
            control_methods=["DebtBondage"],
        )
    _ctdc_victim(investigator, birth_year=1950, citizenships=("UZ",), exploited_in=("RU",))


def test_ctdc_bands_and_flags():
    assert [ctdc.age_band(age) for age in (0, 8, 9, 17, 18, 29, 30, 47, 48, 90, None)] == [
        "0--8",
        "0--8",
        "9--17",
        "9--17",
        "18--20",
        "27--29",
        "30--38",
        "39--47",
        "48+",
        "48+",
        "",
    ]


def test_ctdc_reads_rows_with_flags_and_no_identity(ctdc_set):
    rows = ctdc.read_rows(Spec("ctdc", 2020, 2020))
    assert len(rows) == 10
    man = next(row for row in rows if row["gender"] == "Male")
    assert man["ageBroad"] == "30--38" and man["majorityStatus"] == "Adult"
    assert man["isForcedLabour"] == 1 and man["isSexualExploit"] == 0
    assert man["typeOfLabourAgriculture"] == 1 and man["typeOfLabourNotSpecified"] == 0
    assert man["typeOfSexProstitution"] == ""  # not sexually exploited: not applicable
    assert man["meansOfControlDebtBondage"] == 1 and man["meansOfControlNotSpecified"] == 0
    assert man["CountryOfExploitation"] == "AZ" and man["citizenship"] == "AZ"
    woman = next(row for row in rows if row["ageBroad"] == "24--26")
    assert woman["typeOfSexProstitution"] == 1 and woman["isForcedLabour"] == 0
    assert woman["meansOfControlNotSpecified"] == 1 and woman["meansOfControlDebtBondage"] == ""
    family = next(row for row in rows if row["ageBroad"] == "21--23")
    assert family["recruiterRelationFamily"] == 1 and family["recruiterRelationUnknown"] == 0
    assert set(rows[0]) == set(ctdc.COLUMNS)


def test_ctdc_generalises_and_suppresses_until_k(ctdc_set, analyst):
    made = export_make(actor=analyst, spec=Spec("ctdc", 2020, 2020, k=3))
    manifest = made.summary
    assert manifest["k_achieved"] >= 3 and manifest["k_requested"] == 3
    # The two women of 23 join those of 25 in the broader band 18--29; the woman from
    # Uzbekistan resembles no one even with everything generalised: her row is removed.
    assert manifest["levels"]["ageBroad"] == 1
    assert manifest["rows_removed"] == 1
    assert made.rows == 9
    rows = _sheet_rows(made.content, "data")
    columns, data = rows[0], rows[1:]
    assert list(columns) == ctdc.COLUMNS
    assert len(data) == 9
    at = {name: columns.index(name) for name in ctdc.QUASI_IDENTIFIERS}
    assert {row[at["ageBroad"]] for row in data} == {"18--29", "30--47"}
    assert "UZ" not in {row[at["citizenship"]] for row in data}
    # pycanon on the file's own cells.
    import pandas as pd
    from pycanon import anonymity

    frame = pd.DataFrame(data, columns=columns).fillna("").astype(str)
    assert anonymity.k_anonymity(frame, ctdc.QUASI_IDENTIFIERS) >= 3
    # No identity leaves: no name, no year of birth.
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    assert "Statistika" not in text and "Victim" not in text
    assert "1995" not in text and "1985" not in text
    manifest_sheet = dict(r[:2] for r in _sheet_rows(made.content, "manifest"))
    assert manifest_sheet["k_achieved"] == manifest["k_achieved"]
    assert "CountryOfExploitation" in manifest_sheet["quasi_identifiers"]


def test_ctdc_with_too_few_victims_for_k_is_refused_and_the_refusal_audited(ctdc_set, analyst):
    with pytest.raises(ExportRefused, match="No row can be released"):
        export_make(actor=analyst, spec=Spec("ctdc", 2020, 2020))  # k = 11 > 10 victims
    entry = AuditEntry.objects.get(action="stats.export.refused")
    assert entry.changes == {
        "kind": "ctdc",
        "language": "en",
        "years": [2020, 2020],
        "k_requested": 11,
    }
    assert not AuditEntry.objects.filter(action="stats.export").exists()


def test_ctdc_is_refused_when_pycanon_finds_a_lower_k(ctdc_set, analyst, monkeypatch):
    monkeypatch.setattr(ctdc, "k_achieved", lambda rows: 2)
    with pytest.raises(ExportRefused, match="2-anonymous, not 3"):
        export_make(actor=analyst, spec=Spec("ctdc", 2020, 2020, k=3))


def test_ctdc_reads_in_a_fixed_number_of_queries(investigator):
    def add(n):
        for i in range(n):
            _ctdc_victim(investigator, birth_year=1990 + i, citizenships=("AZ", "UZ"))

    assert_calls_constant(
        {"ctdc": lambda: ctdc.read_rows(Spec("ctdc", 2020, 2020))}, add, ceiling=3
    )


# -- the service, the audit, the command, the page ------------------------------------


def test_the_export_is_audited_without_a_value_of_a_person(known, analyst):
    made = export_make(actor=analyst, spec=Spec("glotip", 2020, 2020))
    entry = AuditEntry.objects.get(action="stats.export")
    assert entry.actor == analyst
    assert entry.object_repr == made.file_name
    assert entry.changes == {
        "kind": "glotip",
        "language": "en",
        "years": [2020, 2020],
        "file": made.file_name,
        "rows": made.rows,
        "threshold": 5,
        "cells_below_threshold": made.summary["cells_below_threshold"],
    }


def test_the_service_checks_the_permission_and_the_request(investigator, analyst):
    with pytest.raises(PermissionDenied):
        export_make(actor=investigator, spec=Spec("glotip", 2020, 2020))
    with pytest.raises(ValidationError) as refused:
        export_make(actor=analyst, spec=Spec("glotip", 2021, 2020, k=1, language="fr"))
    assert set(refused.value.message_dict) == {"last", "k", "language"}
    with pytest.raises(ValidationError, match="report's year"):
        export_make(actor=analyst, spec=Spec("tip", 2020, 2020))
    assert not AuditEntry.objects.filter(action__startswith="stats.export").exists()


def test_a_file_that_cannot_be_written_leaves_no_audit_entry(known, analyst, tmp_path):
    with pytest.raises(OSError):
        export_make(
            actor=analyst, spec=Spec("glotip", 2020, 2020), output=tmp_path / "no" / "g.xlsx"
        )
    assert not AuditEntry.objects.filter(action="stats.export").exists()


def test_the_command_writes_every_kind(known, tmp_path):
    for kind, args in (
        ("glotip", ["--year", "2019", "--to", "2020"]),
        ("greta", ["--year", "2020", "--language", "ru"]),
        ("tip", ["--tip-year", "2021"]),
    ):
        out = io.StringIO()
        target = tmp_path / f"{kind}.xlsx"
        call_command("stats", "export", kind, *args, "--output", str(target), stdout=out)
        assert target.read_bytes()[:2] == b"PK"
        assert f"{kind}, " in out.getvalue()
    assert AuditEntry.objects.filter(action="stats.export").count() == 3


def test_the_command_writes_ctdc_and_says_the_k(ctdc_set, tmp_path):
    out = io.StringIO()
    target = tmp_path / "ctdc.xlsx"
    call_command(
        "stats", "export", "ctdc", "--year", "2020", "--k", "3", "--output", str(target), stdout=out
    )
    assert "9 rows, k = " in out.getvalue()
    with pytest.raises(CommandError, match="Not exported"):
        call_command("stats", "export", "ctdc", "--year", "2020", "--output", str(target))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tip", "--year", "2020"], "--tip-year"),
        (["glotip"], "--year"),
        (["glotip", "--year", "2021", "--to", "2020"], "after the first"),
    ],
)
def test_the_command_refuses_a_wrong_request(args, message, tmp_path):
    with pytest.raises(CommandError, match=message):
        call_command("stats", "export", *args, "--output", str(tmp_path / "x.xlsx"))


def test_the_command_as_a_user_checks_their_permission(investigator, tmp_path):
    with pytest.raises(CommandError, match="Not exported"):
        call_command(
            "stats",
            "export",
            "glotip",
            "--year",
            "2020",
            "--user",
            investigator.username,
            "--output",
            str(tmp_path / "g.xlsx"),
        )


def test_the_page_gives_the_analyst_the_file(client, known, analyst):
    log_in(client, analyst)
    assert client.get("/stats/exports/").status_code == 200
    response = client.post(
        "/stats/exports/", {"kind": "greta", "year": "2020", "k": "11", "language": "en"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "greta-2020-en.xlsx" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="stats.export", actor=analyst).count() == 1


def test_the_page_says_why_a_ctdc_file_is_refused(client, ctdc_set, analyst):
    log_in(client, analyst)
    response = client.post(
        "/stats/exports/", {"kind": "ctdc", "year": "2020", "k": "11", "language": "en"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "The file was not made" in response.content.decode()


def test_the_page_asks_for_the_tip_year(client, analyst):
    log_in(client, analyst)
    response = client.post("/stats/exports/", {"kind": "tip", "k": "11", "language": "en"})
    assert response.status_code == 200
    assert "Give the TIP report" in response.content.decode()


def test_the_page_is_refused_to_an_investigator_and_to_the_anonymous(client, investigator):
    response = client.get("/stats/exports/")
    assert response.status_code == 302 and "login" in response["Location"]
    log_in(client, investigator)
    assert client.get("/stats/exports/").status_code == 403
    response = client.post("/stats/exports/", {"kind": "glotip", "year": "2020", "k": "11"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="stats.export").exists()


def test_every_kind_is_offered():
    assert set(exports.KINDS) == {"glotip", "greta", "tip", "ctdc"}
