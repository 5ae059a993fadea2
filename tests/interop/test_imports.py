"""Bulk import of persons (issue 14): a spreadsheet with headers in any of the three
languages, codes as HTCDS values or labels, local dates; every refused row listed with its
line, column, value and reason; all rows saved, or the valid ones when asked, or nothing;
the file checked as a whole first (empty, too big, not a table, unknown columns)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctis.audit.models import AuditEntry
from ctis.cases import selectors
from ctis.cases.models import Person
from ctis.core.tables import TableFileError, open_table
from ctis.interop import imports
from tests.interop.files import run_import

AZ_HEADER = "adı;soyadı;doğum tarixi;cinsi;vətəndaşlığı;victim_status;müəyyən edilmə tarixi\n"
GOOD = AZ_HEADER + (
    "Leyla;Məmmədova;12.04.1998;Qadın;AZ;PossibleVictimOfTrafficking;02.11.2026\n"
    "Aysel;Quliyeva;1999-01-30;Feminine;Azərbaycan;;\n"
    "Nigar;Həsənova;;Female;AZE;Ehtimal olunan qurban;\n"
)


def test_a_file_of_persons_is_saved_and_the_persons_are_found_by_name(investigator):
    result = run_import(investigator, "persons", GOOD)
    assert result.errors == [] and result.committed and len(result.saved) == 3
    leyla = Person.objects.get(code=result.saved[0])
    assert leyla.code.startswith("V-2026-") and leyla.sex == "Feminine"
    assert leyla.victim.identified_on.isoformat() == "2026-11-02"
    assert [c.code for c in leyla.citizenships.all()] == ["AZ"]
    assert result.saved[1].startswith("P-")  # no victim status: no victim profile
    found = selectors.search(investigator, "Məmmədova").persons
    assert [p.code for p in found] == [leyla.code]
    assert AuditEntry.objects.filter(action="cases.person.create").count() == 3
    assert AuditEntry.objects.get(action="interop.import").changes["saved"]["after"] == 3


def test_every_refused_row_is_listed_and_nothing_is_saved(investigator):
    content = AZ_HEADER + (
        "Leyla;Məmmədova;31.02.1998;Qadın;AZ;;\n"  # no such date
        "Aysel;Quliyeva;;Kişi-qadın;AZ;;\n"  # no such sex
        "Nigar;Həsənova;;Qadın;AZ;;\n"
    )
    result = run_import(investigator, "persons", content)
    assert [(e.line, e.column, e.value) for e in result.errors] == [
        (2, "doğum tarixi", "31.02.1998"),
        (3, "cinsi", "Kişi-qadın"),
    ]
    assert "03.12.2026" in result.errors[0].message
    assert "Feminine" in result.errors[1].message
    assert not result.committed and result.saved == []
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["cases.person.create", "interop.import"])


def test_the_valid_rows_are_kept_when_asked(investigator):
    content = AZ_HEADER + "Leyla;;31.02.1998;;;;\nNigar;Həsənova;;Qadın;AZ;;\n"
    result = run_import(investigator, "persons", content, keep_valid=True)
    assert result.refused_lines == {2} and len(result.saved) == 1 and result.committed
    assert Person.objects.count() == 1


def test_a_dry_run_saves_nothing(investigator):
    result = run_import(investigator, "persons", GOOD, commit=False)
    assert result.errors == [] and not result.committed and result.saved == []
    assert not Person.objects.exists()


def test_the_services_refusal_is_listed_beside_its_column(investigator):
    content = "given name,date of birth\nLeyla,03.12.2099\n,01.01.1990\n"
    result = run_import(investigator, "persons", content)
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "date of birth"),
        (3, "given name"),
    ]
    assert not Person.objects.exists()


def test_russian_headers_and_a_workbook(investigator):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Имя", "Фамилия", "Дата рождения", "Пол"])
    sheet.append(["Leyla", "Məmmədova", "12.04.1998", "Женский"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run_import(investigator, "persons", buffer.getvalue())
    assert result.errors == [] and len(result.saved) == 1
    assert Person.objects.get().sex == "Feminine"


def test_a_header_the_template_does_not_have_is_refused_with_what_it_takes(investigator):
    with pytest.raises(imports.HeaderError) as refused:
        run_import(investigator, "persons", "name,colour\nLeyla,blue\n")
    message = str(refused.value)
    assert "“name”" in message and "“colour”" in message and "given name" in message


@pytest.mark.parametrize(
    "content,words",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither a CSV"),
        (b"PK\x03\x04 not really a workbook", "cannot be opened"),
    ],
)
def test_a_file_that_is_no_table_is_refused(content, words):
    with pytest.raises(TableFileError) as refused:
        open_table(content)
    assert words in str(refused.value)


def test_a_file_too_big_is_refused_before_it_is_read(settings):
    settings.CTIS_IMPORT_MAX_MB = 1
    with pytest.raises(TableFileError) as refused:
        open_table(b"given_name\n" + b"Leyla\n" * 200_000)
    assert "1 MB" in str(refused.value)


def test_a_user_who_may_not_enter_persons_is_refused(coordinator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(coordinator, "persons", GOOD)


def test_the_command_lists_the_refused_rows_in_the_users_language(investigator, tmp_path, capsys):
    path = tmp_path / "persons.csv"
    path.write_text(AZ_HEADER + "Leyla;;31.02.1998;;;;\nNigar;;;;;;\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        call_command("import", "persons", str(path), "--by", investigator.username)
    assert stopped.value.code == 1
    out = capsys.readouterr().out
    assert "line 2" not in out and "sətir 2, doğum tarixi “31.02.1998”" in out
    assert not Person.objects.exists()
    call_command("import", "persons", str(path), "--by", investigator.username, "--keep-valid")
    assert Person.objects.count() == 1
    with pytest.raises(CommandError) as refused:
        call_command("import", "persons", str(tmp_path / "none.csv"), "--by", investigator.username)
    assert refused.value.returncode == 2


@pytest.mark.parametrize(
    ("content", "by"),
    [
        ("name,colour\nLeyla,blue\n", "investigator"),  # columns the template has not
        ("", "investigator"),  # an empty file
        ("given_name\nLeyla\n", "coordinator"),  # may not enter persons
        ("given_name\nLeyla\n", "nobody"),  # no such user
    ],
)
def test_the_command_exits_with_2_for_a_file_or_a_command_refused(
    investigator, coordinator, tmp_path, capsys, monkeypatch, content, by
):
    """1 is for refused rows; the file or the command refused: 2, as the command's help
    says, and nothing saved."""
    from django.core.management import base, execute_from_command_line

    # The command line closes the database connections when it ends: on PostgreSQL that
    # would close the test's own, inside its transaction.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    path = tmp_path / "persons.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        execute_from_command_line(["ctis", "import", "persons", str(path), "--by", by])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.startswith("CommandError:")
    assert not Person.objects.exists()


def test_the_template_names_the_columns_in_the_users_language_and_lists_the_codes(
    investigator,
):
    from django.test import Client

    from tests.personas import log_in

    client = log_in(Client(), investigator)
    client.cookies["ctis_language"] = "az"
    response = client.get("/import/persons/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    records, codes = book.worksheets
    header = [cell.value for cell in records[1]]
    assert header[0] == "adı" and "qurban statusu" in header
    rows = {(row[0], row[1]) for row in codes.iter_rows(min_row=2, values_only=True)}
    assert ("cinsi", "Feminine") in rows and (
        "qurban statusu",
        "PossibleVictimOfTrafficking",
    ) in rows
    # The template, filled in, is a file the import takes.
    records.append(["Leyla"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert run_import(investigator, "persons", buffer.getvalue()).saved


def test_the_template_is_refused_to_who_may_not_enter_persons(coordinator):
    from django.test import Client

    from tests.personas import log_in

    client = log_in(Client(), coordinator)
    assert client.get("/import/persons/template.xlsx").status_code == 403


def test_a_person_who_may_already_be_stored_is_held_until_the_user_decides(investigator):
    from ctis.cases.models import DuplicateDecision

    first = run_import(investigator, "persons", GOOD)
    leyla = first.saved[0]
    again = AZ_HEADER + "Leila;Mammadova;12.04.1998;Qadın;AZ;;\nSevinc;Əliyeva;;Qadın;AZ;;\n"
    held = run_import(investigator, "persons", again)
    assert [(d.line, d.codes) for d in held.duplicates] == [(2, [leyla])]
    assert held.errors == [] and not held.committed and Person.objects.count() == 3
    # The likely duplicate left out:
    kept = run_import(investigator, "persons", again, keep_valid=True)
    assert len(kept.saved) == 1 and Person.objects.count() == 4
    entered = run_import(
        investigator,
        "persons",
        AZ_HEADER + "Leila;Mammadova;12.04.1998;Qadın;AZ;;\n",
        enter_anyway={2},
    )
    assert entered.committed and entered.duplicates == [] and len(entered.saved) == 1
    decision = DuplicateDecision.objects.get(created__code=entered.saved[0])
    assert decision.decision == DuplicateDecision.Decision.CONTINUED


def test_the_page_holds_a_likely_duplicate_until_its_row_is_ticked(investigator):
    """The file is sent once: the worker holds the row, the user ticks it and imports the
    same file (tests/interop/test_import_jobs.py follows the rest of the flow)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.personas import log_in

    run_import(investigator, "persons", GOOD)
    client = log_in(Client(), investigator)
    row = AZ_HEADER + "Leila;Mammadova;12.04.1998;Qadın;AZ;;\n"
    upload = SimpleUploadedFile("p.csv", row.encode(), content_type="text/csv")
    sent = client.post("/import/persons/", {"file": upload, "action": "import"})
    assert sent.status_code == 302 and sent.url.startswith("/import/jobs/")
    call_command("worker", "--batch", "--no-periodic", verbosity=0)

    held = client.get(sent.url)
    page = held.content.decode()
    assert held.status_code == 200 and 'name="enter_anyway" value="2"' in page
    assert Person.objects.count() == 3
    entered = client.post(f"{sent.url}import/", {"enter_anyway": "2"})
    assert entered.status_code == 302 and entered.url.startswith("/import/jobs/")
    assert entered.url != sent.url
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    done = client.get(entered.url).content.decode()
    assert "Persons imported" in done
    assert Person.objects.latest("created_at").code in done
    assert Person.objects.count() == 4


def test_a_cell_of_a_million_characters_is_refused_with_its_line_and_nothing_is_saved(
    investigator,
):
    content = AZ_HEADER + "Leyla;Məmmədova;;;;;\n" + "Aysel;" + "Q" * 1_000_000 + ";;;;;\n"
    with pytest.raises(TableFileError) as refused:
        run_import(investigator, "persons", content)
    assert "Line 3" in str(refused.value)
    assert not Person.objects.exists()


def test_a_row_that_repeats_an_earlier_row_of_the_file_is_held_by_that_line(
    investigator, tmp_path, capsys
):
    """In a check nothing is stored, so the earlier row's person has no code anyone could
    open: the held row names the line it may repeat, on the page and in the command."""
    twice = AZ_HEADER + (
        "Leyla;Məmmədova;12.04.1998;Qadın;AZ;;\nLeila;Mammadova;12.04.1998;Qadın;AZ;;\n"
    )
    checked = run_import(investigator, "persons", twice, commit=False)
    assert [(d.line, d.codes, d.lines) for d in checked.duplicates] == [(3, [], [2])]
    assert Person.objects.count() == 0
    path = tmp_path / "twice.csv"
    path.write_text(twice, encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", "persons", str(path), "--by", investigator.username, "--dry-run")
    assert "bu fayldakı 2 nömrəli sətir" in capsys.readouterr().out


def test_the_command_shows_its_progress_as_lines_in_a_log_and_as_a_bar_on_a_terminal(
    investigator, tmp_path, capsys
):
    import importlib
    import io

    ProgressBar = importlib.import_module("ctis.interop.management.commands.import").ProgressBar

    given = (
        "Aygün Bahar Cəmilə Dilarə Elnarə Fidan Gülnar Həcər İlahə Jalə Kəmalə Lalə Mehriban "
        "Nərgiz Ofelya Pərvin Qönçə Rəna Səbinə Təranə Ülviyyə Vüsalə Xədicə Yasəmən Zümrüd"
    ).split()
    family = (
        "Abbasova Bağırova Cəfərova Dadaşova Eyvazova Fərzəliyeva Qasımova Hüseynova İsmayılova "
        "Kazımova Ləzgiyeva Mirzəyeva Nəsirova Orucova Paşayeva Rüstəmova Səfərova Tağıyeva "
        "Umudova Vəliyeva Xəlilova Yusifova Zeynalova Şükürova Çələbiyeva"
    ).split()
    rows = "".join(
        f"{name};{surname};01.01.{1960 + n};Qadın;AZ;;\n"
        for n, (name, surname) in enumerate(zip(given, family, strict=True))
    )
    path = tmp_path / "persons.csv"
    path.write_text(AZ_HEADER + rows, encoding="utf-8")
    call_command("import", "persons", str(path), "--by", investigator.username, "--dry-run")
    log = capsys.readouterr().err.splitlines()
    # in the command's language (--language, az unless told), as the rest of its output
    assert log[0] == "25 sətirdən 3 sətir yoxlanıldı" and log[-1].startswith("25 sətirdən 25 ")
    assert len(log) == 9 and "\r" not in "".join(log)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    bar = ProgressBar(1_200, terminal)
    for done in range(1, 1_201):
        bar.show(done)
    bar.end()
    drawn = terminal.getvalue().split("\r")[1:]
    assert drawn[0] == "[" + "#" * 12 + "." * 18 + "] 500 of 1,200 rows checked"
    assert drawn[-1] == "[" + "#" * 30 + "] 1,200 of 1,200 rows checked\n"
    assert len(drawn) == 3
