"""Why an identity was opened reads as words in the reader's language, on the person's
page and in the audit log (issue 11)."""

from django.test import Client
from django.utils import translation

from ctis.audit.actions import purpose_label
from ctis.audit.models import AuditEntry
from ctis.cases.choices import AccessPurpose
from tests.personas import log_in


def _open(victim, investigator, purpose, note=""):
    client = log_in(Client(), investigator)
    client.post(f"/cases/persons/{victim.pk}/identity/", {"purpose": purpose, "note": note})


def test_the_person_page_names_the_purpose(victim, investigator, supervisor):
    _open(victim, investigator, "assistance")
    page = log_in(Client(), supervisor).get(victim.get_absolute_url()).content.decode()
    assert "<td>Assistance to the person</td>" in page  # the row, not the form's choice


def test_the_purpose_is_in_the_readers_language(victim, investigator, auditor):
    _open(victim, investigator, "court", "Hearing on 3 June")
    client = log_in(Client(), auditor)
    client.cookies["ctis_language"] = "az"
    with translation.override("az"):
        expected = str(AccessPurpose.COURT.label)
    assert expected != "Court proceedings"
    person_page = client.get(victim.get_absolute_url()).content
    assert f"<td>{expected}: Hearing on 3 June</td>" in person_page.decode()
    entry = AuditEntry.objects.filter(action="cases.person.identity_view").latest("id")
    assert entry.purpose == "court: Hearing on 3 June"  # the log keeps the code
    log = client.get("/audit/").content.decode()
    detail = client.get(f"/audit/{entry.pk}/").content.decode()
    for page in (log, detail):
        assert f"{expected}: Hearing on 3 June" in page
        assert "court: Hearing" not in page


def test_a_free_text_purpose_is_shown_as_written(db):
    assert purpose_label("assistance") == "Assistance to the person"
    assert purpose_label("courtyard visit") == "courtyard visit"
    assert purpose_label("") == ""
