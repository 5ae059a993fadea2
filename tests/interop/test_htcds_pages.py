"""The HTCDS pages (issue 14): the export answers the file itself (a workbook of codes, or
with identities an archive that opens with the recipient's password only), audited as the
command's; a refused export is said beside the form and writes nothing. The import page
checks a workbook and lists every refusal, or imports it whole, once."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import py7zr
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.cases.models import IdentityAccess, Person
from ctis.core.formtokens import FIELD
from ctis.interop import htcds
from tests.factories import PersonInputFactory, VictimFactory
from tests.personas import log_in

PASSWORD = "correct horse battery staple"
EXPORT, IMPORT, DONE = "/htcds/export/", "/htcds/import/", "/htcds/import/done/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def leyla(investigator):
    return VictimFactory(actor=investigator, data=PersonInputFactory(given_name="Leyla"))


def _client(user) -> Client:
    return log_in(Client(), user)


def _cells(workbook: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    return str([list(row) for sheet in book for row in sheet.iter_rows(values_only=True)])


def _unpack(archive: bytes, password: str | None, into: Path) -> bytes:
    with py7zr.SevenZipFile(io.BytesIO(archive), "r", password=password) as opened:
        opened.extractall(path=into)
    return (into / htcds.ARCHIVE_MEMBER).read_bytes()


def _with_identities(**changes) -> dict:
    return {
        "content": "identities",
        "purpose": "court",
        "note": "",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **changes,
    }


def _nothing_exported() -> bool:
    exported = AuditEntry.objects.filter(action="interop.htcds.export").exists()
    return not exported and not IdentityAccess.objects.exists()


# --- who reaches the pages -------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in():
    for url in ("/htcds/", EXPORT, IMPORT, DONE):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_a_role_without_the_rights_is_refused_and_not_offered_the_link(reporter):
    client = _client(reporter)
    for url in ("/htcds/", EXPORT, IMPORT, DONE):
        assert client.get(url).status_code == 403, url
    assert client.post(EXPORT, {"content": "codes"}).status_code == 403
    assert "/htcds/" not in client.get("/", follow=True).content.decode()
    assert _nothing_exported()


def test_the_menu_takes_each_user_to_what_they_may_do(analyst, shelter_worker, investigator):
    analysing = _client(analyst)
    assert 'href="/htcds/"' in analysing.get("/", follow=True).content.decode()
    assert analysing.get("/htcds/").url == EXPORT
    assert analysing.get(IMPORT).status_code == 403  # may not enter persons
    page = analysing.get(EXPORT).content.decode()
    assert f'href="{IMPORT}"' not in page
    sheltering = _client(shelter_worker)
    assert sheltering.get("/htcds/").url == IMPORT
    assert sheltering.get(EXPORT).status_code == 403  # may not read the database
    page = _client(investigator).get(EXPORT).content.decode()
    assert f'href="{EXPORT}"' in page and f'href="{IMPORT}"' in page


# --- the export ------------------------------------------------------------------------


def test_an_export_of_codes_is_the_workbook_itself_without_names_and_audited(investigator, leyla):
    response = _client(investigator).post(EXPORT, {"content": "codes"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in response["Cache-Control"]
    cells = _cells(response.content)
    assert leyla.code in cells and "Leyla" not in cells
    entry = AuditEntry.objects.get(action="interop.htcds.export", actor=investigator)
    assert entry.changes["identities"]["after"] is False
    assert not IdentityAccess.objects.exists()


def test_an_export_with_identities_opens_with_the_password_only_and_holds_the_name(
    investigator, leyla, tmp_path
):
    response = _client(investigator).post(EXPORT, _with_identities())
    assert response.status_code == 200 and response["Content-Type"] == "application/x-7z-compressed"
    assert response["Content-Disposition"].endswith('.7z"')
    archive = response.content
    assert b"Leyla" not in archive
    assert "Leyla" in _cells(_unpack(archive, PASSWORD, tmp_path / "right"))
    with pytest.raises(Exception):  # noqa: B017 (py7zr's error differs by version)
        _unpack(archive, "a wrong password here", tmp_path / "wrong")
    entry = AuditEntry.objects.get(action="interop.htcds.export", actor=investigator)
    assert entry.purpose == "court" and entry.changes["identities"]["after"] is True
    assert IdentityAccess.objects.filter(person=leyla, purpose="court").exists()
    assert PASSWORD not in str(list(AuditEntry.objects.values_list("changes", "purpose")))


def test_an_export_with_identities_without_the_right_is_a_form_error(analyst, leyla):
    client = _client(analyst)
    page = client.get(EXPORT).content.decode()
    assert 'name="password"' not in page  # not offered
    response = client.post(EXPORT, _with_identities())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "needs the right to see identities" in response.content.decode()
    assert _nothing_exported()


@pytest.mark.parametrize(
    "changes, field, says",
    [
        ({"password_again": PASSWORD + "!"}, "password_again", "The two passwords differ"),
        ({"password": "too short", "password_again": "too short"}, "password", "at least 12"),
        ({"purpose": ""}, "purpose", "Choose the purpose"),
        ({"purpose": "curiosity"}, "purpose", "Select a valid choice"),
        ({"purpose": "other"}, "note", "Explain the purpose"),
        ({"purpose": "other", "note": "for IOM"}, "note", "Explain the purpose"),
    ],
)
def test_a_refused_export_with_identities_is_said_beside_its_field_and_writes_nothing(
    investigator, leyla, changes, field, says
):
    response = _client(investigator).post(EXPORT, _with_identities(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(says in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert PASSWORD not in page and "too short" not in page  # never written back
    assert _nothing_exported()


def test_a_purpose_explained_as_other_is_exported(investigator, leyla):
    note = "asked by IOM for the regional report"
    response = _client(investigator).post(EXPORT, _with_identities(purpose="other", note=note))
    assert response["Content-Type"] == "application/x-7z-compressed"
    assert IdentityAccess.objects.get(person=leyla).note == note


def test_the_page_says_what_the_file_holds_and_what_is_left_out(investigator):
    page = _client(investigator).get(EXPORT).content.decode()
    assert "break-the-glass" in page and "exported with codes only" in page
    assert "left out" in page and "not kept on the server" in page


# --- the import ------------------------------------------------------------------------


def _book(rows: dict[str, list[dict[str, str]]]) -> bytes:
    return htcds.workbook_bytes(htcds.Export({name: rows.get(name, []) for name in htcds.SHEETS}))


def _victim(**cells: str) -> dict[str, str]:
    return {
        "prs_FirstName": "Aysel",
        "prs_Gender": "Feminine",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "ctis_IdentifiedOn": "2024-05-02",
        **cells,
    }


def _upload(content: bytes, name: str = "htcds.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def _key(client: Client) -> str:
    found = re.search(r'name="%s" value="([^"]+)"' % FIELD, client.get(IMPORT).content.decode())
    assert found, "the import form carries no form token"
    return found.group(1)


def test_a_check_lists_every_refusal_and_saves_nothing(investigator):
    content = _book(
        {
            "Sheet1": [_victim(ctis_Code="A"), _victim(ctis_Code="B", prs_Gender="Femenine")],
            "hte_Events": [{"ctis_Code": "Z", "hte_Type": "Transit", "hte_Country": "TR"}],
        }
    )
    client = _client(investigator)
    response = client.post(IMPORT, {"file": _upload(content), "action": "check"})
    assert response.status_code == 200
    refusals = [(e.sheet, e.row, e.column, e.value) for e in response.context["result"].errors]
    assert refusals == [
        ("Sheet1", 4, "prs_Gender", "Femenine"),
        ("hte_Events", 3, "ctis_Code", "Z"),
    ]
    page = response.content.decode()
    assert "2 refusals" in page and "Femenine" in page and "hte_Events" in page
    assert "Nothing was saved." in page
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action="interop.htcds.import").exists()


def test_a_good_workbook_checked_is_not_saved(investigator):
    content = _book({"Sheet1": [_victim(ctis_Code="A")]})
    response = _client(investigator).post(IMPORT, {"file": _upload(content), "action": "check"})
    assert "Every record can be imported" in response.content.decode()
    assert not Person.objects.exists()


def test_an_import_with_a_refusal_saves_nothing(investigator):
    content = _book({"Sheet1": [_victim(ctis_Code="A"), _victim(ctis_Code="B", prs_Gender="?")]})
    response = _client(investigator).post(IMPORT, {"file": _upload(content), "action": "import"})
    assert response.status_code == 200 and response.context["result"].errors
    assert not Person.objects.exists()


def test_an_import_saves_once_and_says_the_new_codes(investigator):
    content = _book(
        {"Sheet1": [_victim(ctis_Code="A"), _victim(ctis_Code="B", prs_FirstName="Nigar")]}
    )
    client = _client(investigator)
    key = _key(client)
    first = client.post(IMPORT, {"file": _upload(content), "action": "import", FIELD: key})
    assert first.status_code == 302 and first.url == DONE
    assert Person.objects.count() == 2
    assert AuditEntry.objects.filter(action="interop.htcds.import").count() == 1
    codes = sorted(Person.objects.values_list("code", flat=True))
    done = client.get(DONE).content.decode()
    assert all(code in done for code in codes) and "Aysel" not in done
    note = client.session["ctis_htcds_done"]
    assert "Aysel" not in str(note) and "Nigar" not in str(note)
    again = client.post(IMPORT, {"file": _upload(content), "action": "import", FIELD: key})
    assert again.status_code == 302 and again.url == DONE
    assert Person.objects.count() == 2
    assert AuditEntry.objects.filter(action="interop.htcds.import").count() == 1
    assert "already sent" in client.get(DONE).content.decode()


@pytest.mark.parametrize(
    "content, says",
    [
        (b"", "The submitted file is empty."),
        (b"prs_FirstName;prs_Gender\nAysel;Feminine\n", "not an Excel workbook"),
        (None, "has no sheet Sheet1"),
    ],
)
def test_a_file_that_is_not_an_htcds_workbook_is_refused_beside_the_field(
    investigator, content, says
):
    if content is None:  # a workbook, but not the template's
        book = openpyxl.Workbook()
        book.active.title = "Persons"
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    response = _client(investigator).post(IMPORT, {"file": _upload(content), "action": "check"})
    assert response.status_code == 200
    assert any(says in error for error in response.context["form"].errors["file"])
    assert not Person.objects.exists()


def test_a_file_over_the_limit_is_refused(investigator, settings):
    settings.CTIS_IMPORT_MAX_MB = 0
    content = _book({"Sheet1": [_victim(ctis_Code="A")]})
    response = _client(investigator).post(IMPORT, {"file": _upload(content), "action": "import"})
    assert "larger than" in str(response.context["form"].errors["file"])
    assert not Person.objects.exists()


def test_the_done_page_without_an_import_goes_back_to_the_form(investigator):
    assert _client(investigator).get(DONE).url == IMPORT
