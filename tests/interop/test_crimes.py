"""Criminal cases through the API: the police unit's case system registers a case, links
its victims and accused by code, records and changes their prosecutions, and adds and
removes a victim's trafficking events; another unit's system neither sees nor changes
the case; a system whose roles do not reach cases is refused; the sealed summary is sent
only where the case's page shows it; a change at an old version is refused naming who
changed the record; a retried creation makes one record; bad input is refused beside the
field, nothing saved."""

from __future__ import annotations

import pytest

from ctis.audit.models import AuditEntry
from ctis.cases.models import CaseParticipant, CriminalCase, Prosecution, TraffickingEvent
from tests.factories import PersonFactory, VictimFactory
from tests.interop.calls import api
from tests.interop.calls import system as _client

URL = "/api/v1/cases/"
CASE = {
    "number": "2026/117",
    "registered_on": "2026-03-02",
    "articles": ["144-1"],
    "summary": "Recruited in Baku with a promise of work in a hotel.",
}
TRIAL = {"court": "Bakı Ağır Cinayətlər Məhkəməsi", "charged_on": "2026-04-01"}
EVENT = {
    "kind": "Exploitation",
    "country": "TR",
    "place": "Antalya, a hotel on the coast",
    "started_on": "2025-06-01",
    "description": "Kept without her passport.",
}


@pytest.fixture
def police(admin, agencies):
    return _client(admin, "mia-ctd", "police_investigator", "Police case system")


@pytest.fixture
def colleague(admin, agencies):
    """A second system of the same unit, to change what the first one read."""
    return _client(admin, "mia-ctd", "police_investigator", "Police records system")


@pytest.fixture
def border(admin, agencies):
    """Another agency's police system: it holds its own cases, not the unit's."""
    return _client(admin, "sbs", "police_investigator", "Border service system")


@pytest.fixture
def coordinator(admin, agencies):
    return _client(admin, "national-coordinator", "coordinator", "Coordinator's system")


@pytest.fixture
def shelter(admin, agencies):
    return _client(admin, "shelter-mia", "service_provider", "Shelter system")


@pytest.fixture
def case(police):
    created = api(police[1], "post", URL, data=CASE)
    assert created.status_code == 201, created.content
    return created.json()


@pytest.fixture
def victim(police):
    return VictimFactory(actor=police[0].user)


@pytest.fixture
def accused(police):
    return PersonFactory(actor=police[0].user, prefix="P")


def _case_url(case) -> str:
    return f"{URL}{case['id']}/"


# Cases ----------------------------------------------------------------------------------


def test_the_unit_registers_a_case_and_reads_it_back(police, case):
    client, token = police
    assert case["number"] == "2026/117" and case["articles"] == ["144-1"]
    assert case["owner_agency"] == "mia-ctd" and case["status"] == "UnderInvestigation"
    # Nobody is linked yet: the holder sees the summary, as on the case's page.
    assert case["summary"] == CASE["summary"]
    assert case["participants"] == [] and case["prosecutions"] == []
    stored = CriminalCase.objects.get(pk=case["id"])
    assert stored.owner_agency.code == "mia-ctd"
    assert AuditEntry.objects.filter(action="cases.case.create", actor=client.user).exists()
    read = api(token, url=_case_url(case))
    assert read.status_code == 200, read.content
    assert read.json()["number"] == "2026/117" and read.json()["version"] == case["version"]


def test_the_list_gives_cases_without_summaries_and_filters_them(police, case):
    listed = api(police[1], url=f"{URL}?status=UnderInvestigation&year=2026")
    assert listed.status_code == 200, listed.content
    rows = listed.json()["results"]
    assert [row["id"] for row in rows] == [case["id"]]
    assert "summary" not in rows[0] and "participants" not in rows[0]
    assert rows[0]["articles"] == ["144-1"]
    assert api(police[1], url=f"{URL}?status=Closed").json()["results"] == []
    assert api(police[1], url=f"{URL}?year=2025").json()["results"] == []
    refused = api(police[1], url=f"{URL}?status=nonsense")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "status"


def test_a_retried_creation_makes_one_case(police):
    key = {"HTTP_IDEMPOTENCY_KEY": "unit-case-2026-117"}
    first = api(police[1], "post", URL, data=CASE, headers=key)
    again = api(police[1], "post", URL, data=CASE, headers=key)
    assert first.status_code == again.status_code == 201, again.content
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert CriminalCase.objects.count() == 1


@pytest.mark.parametrize(
    "change,field",
    [
        ({"articles": ["999-9"]}, "articles"),
        ({"articles": []}, "articles"),
        ({"registered_on": "2099-01-01"}, "registered_on"),
        ({"registering_agency": "no-such-agency"}, "registering_agency"),
        ({"number": "N" * 41}, "number"),
        ({"status": "Forgotten"}, "status"),
    ],
)
def test_a_bad_case_is_refused_beside_the_field_and_nothing_is_saved(police, change, field):
    sent = api(police[1], "post", URL, data={**CASE, **change})
    assert sent.status_code == 400, sent.content
    assert field in [error["field"] for error in sent.json()["errors"]]
    assert not CriminalCase.objects.exists()


def test_another_units_system_neither_sees_nor_changes_the_case(border, case, victim):
    token = border[1]
    assert api(token, url=_case_url(case)).status_code == 403
    assert case["id"] not in [row["id"] for row in api(token, url=URL).json()["results"]]
    changed = api(
        token, "put", _case_url(case), data={**CASE, "version": case["version"], "solved": True}
    )
    assert changed.status_code == 403
    linked = api(
        token,
        "post",
        f"{_case_url(case)}participants/",
        data={"person": victim.code, "role": "Victim"},
    )
    assert linked.status_code == 403
    tried = api(token, "post", f"{_case_url(case)}prosecutions/", data={**TRIAL, "accused": "P"})
    assert tried.status_code == 403
    stored = CriminalCase.objects.get(pk=case["id"])
    assert not stored.solved and stored.version == case["version"]
    assert not CaseParticipant.objects.exists() and not Prosecution.objects.exists()


def test_a_system_whose_roles_do_not_reach_cases_is_refused_and_nothing_is_saved(shelter):
    assert api(shelter[1], url=URL).status_code == 403
    sent = api(shelter[1], "post", URL, data=CASE)
    assert sent.status_code == 403, sent.content
    assert sent.json()["errors"][0]["code"] == "permission_denied"
    assert not CriminalCase.objects.exists()


def test_the_coordinator_reads_a_case_by_code_and_may_not_change_it(coordinator, case):
    read = api(coordinator[1], url=_case_url(case))
    assert read.status_code == 200, read.content
    assert "summary" not in read.json()
    changed = api(coordinator[1], "put", _case_url(case), data={**CASE, "version": case["version"]})
    assert changed.status_code == 403
    assert CriminalCase.objects.get(pk=case["id"]).version == case["version"]


def test_the_unit_changes_its_case_at_the_version_it_read(police, case):
    changed = api(
        police[1],
        "put",
        _case_url(case),
        data={**CASE, "version": case["version"], "status": "Suspended", "solved": True},
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["status"] == "Suspended" and body["solved"] is True
    assert body["version"] == case["version"] + 1


def test_a_case_changed_since_it_was_read_is_refused_naming_who(police, colleague, case):
    first = api(
        colleague[1],
        "put",
        _case_url(case),
        data={**CASE, "version": case["version"], "solved": True},
    )
    assert first.status_code == 200, first.content
    stale = api(police[1], "put", _case_url(case), data={**CASE, "version": case["version"]})
    assert stale.status_code == 409, stale.content
    error = stale.json()["errors"][0]
    assert error["code"] == "stale" and colleague[0].user.username in error["message"]
    assert CriminalCase.objects.get(pk=case["id"]).solved


def test_a_case_whose_persons_changed_since_it_was_read_is_refused_naming_who(
    police, colleague, case, victim
):
    linked = api(
        colleague[1],
        "post",
        f"{_case_url(case)}participants/",
        data={"person": victim.code, "role": "Victim"},
    )
    assert linked.status_code == 201, linked.content
    stale = api(
        police[1],
        "put",
        _case_url(case),
        data={**CASE, "version": case["version"], "summary": None, "solved": True},
    )
    assert stale.status_code == 409, stale.content
    assert colleague[0].user.username in stale.json()["errors"][0]["message"]
    assert not CriminalCase.objects.get(pk=case["id"]).solved


def test_a_step_the_cases_course_does_not_allow_is_refused_beside_the_status(police, case):
    closed = api(
        police[1],
        "put",
        _case_url(case),
        data={**CASE, "version": case["version"], "status": "Closed"},
    )
    assert closed.status_code == 200, closed.content
    sent = api(
        police[1],
        "put",
        _case_url(case),
        data={**CASE, "version": closed.json()["version"], "status": "SentToCourt"},
    )
    assert sent.status_code == 400, sent.content
    assert sent.json()["errors"][0]["field"] == "status"
    assert CriminalCase.objects.get(pk=case["id"]).status == "Closed"


def test_once_persons_are_linked_the_summary_is_withheld_and_may_not_be_sent(police, case, victim):
    linked = api(
        police[1],
        "post",
        f"{_case_url(case)}participants/",
        data={"person": victim.code, "role": "Victim"},
    )
    assert linked.status_code == 201, linked.content
    read = api(police[1], url=_case_url(case)).json()
    assert "summary" not in read
    sent = api(
        police[1], "put", _case_url(case), data={**CASE, "version": read["version"], "summary": "x"}
    )
    assert sent.status_code == 400 and sent.json()["errors"][0]["field"] == "summary"
    kept = api(
        police[1],
        "put",
        _case_url(case),
        data={**CASE, "version": read["version"], "summary": None, "solved": True},
    )
    assert kept.status_code == 200, kept.content
    assert CriminalCase.objects.get(pk=case["id"]).summary == CASE["summary"]


# Participants ---------------------------------------------------------------------------


def test_the_unit_links_a_person_by_code_and_unlinks_them(police, case, victim):
    url = f"{_case_url(case)}participants/"
    linked = api(police[1], "post", url, data={"person": victim.code.lower(), "role": "Victim"})
    assert linked.status_code == 201, linked.content
    body = linked.json()
    assert body["person"] == victim.code and body["role"] == "Victim"
    read = api(police[1], url=_case_url(case)).json()
    assert [p["person"] for p in read["participants"]] == [victim.code]
    assert read["version"] == case["version"] + 1
    removed = api(police[1], "delete", f"{url}{body['id']}/")
    assert removed.status_code == 204, removed.content
    assert not CaseParticipant.objects.exists()
    assert api(police[1], "delete", f"{url}{body['id']}/").status_code == 404


def test_a_retried_link_makes_one_participant(police, case, victim):
    key = {"HTTP_IDEMPOTENCY_KEY": "unit-link-0001"}
    url = f"{_case_url(case)}participants/"
    data = {"person": victim.code, "role": "Perpetrator", "wanted": "InCountry"}
    first = api(police[1], "post", url, data=data, headers=key)
    again = api(police[1], "post", url, data=data, headers=key)
    assert first.status_code == again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"] and again.json()["wanted"] == "InCountry"
    assert CaseParticipant.objects.count() == 1


@pytest.mark.parametrize(
    "data,field",
    [
        ({"person": "V-1999-9999", "role": "Victim"}, "person"),
        ({"person": "", "role": "Victim"}, "person"),
        ({"role": "Witness"}, "role"),
        ({"role": "Victim", "wanted": "Abroad"}, "role"),
        ({"role": "Perpetrator", "caught_on": "2020-01-01", "wanted": "Caught"}, "caught_on"),
    ],
)
def test_a_bad_link_is_refused_beside_the_field_and_nothing_is_saved(
    police, case, victim, data, field
):
    sent = api(
        police[1], "post", f"{_case_url(case)}participants/", data={"person": victim.code, **data}
    )
    assert sent.status_code == 400, sent.content
    assert field in [error["field"] for error in sent.json()["errors"]]
    assert not CaseParticipant.objects.exists()


def test_a_person_the_system_may_not_open_is_not_linked(police, border, case):
    held = VictimFactory(actor=border[0].user)  # the border service's record
    sent = api(
        police[1],
        "post",
        f"{_case_url(case)}participants/",
        data={"person": held.code, "role": "Victim"},
    )
    assert sent.status_code == 400 and sent.json()["errors"][0]["field"] == "person"
    assert not CaseParticipant.objects.exists()


def test_an_accused_with_a_prosecution_stays_linked(police, case, accused):
    api(
        police[1],
        "post",
        f"{_case_url(case)}prosecutions/",
        data={**TRIAL, "accused": accused.code},
    )
    part = CaseParticipant.objects.get()
    removed = api(police[1], "delete", f"{_case_url(case)}participants/{part.pk}/")
    assert removed.status_code == 400, removed.content
    assert CaseParticipant.objects.exists()


# Prosecutions ---------------------------------------------------------------------------


def test_the_unit_records_a_prosecution_and_the_accused_becomes_a_perpetrator(
    police, case, accused
):
    sent = api(
        police[1],
        "post",
        f"{_case_url(case)}prosecutions/",
        data={**TRIAL, "accused": accused.code},
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["accused"] == accused.code and body["version"] == 1
    assert body["charged_on"] == "2026-04-01" and body["outcome"] == ""
    read = api(police[1], url=_case_url(case)).json()
    assert [p["accused"] for p in read["prosecutions"]] == [accused.code]
    assert [(p["person"], p["role"]) for p in read["participants"]] == [
        (accused.code, "Perpetrator")
    ]
    again = api(
        police[1],
        "post",
        f"{_case_url(case)}prosecutions/",
        data={**TRIAL, "accused": accused.code},
    )
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "stale"
    assert Prosecution.objects.count() == 1


def test_a_retried_prosecution_makes_one(police, case, accused):
    key = {"HTTP_IDEMPOTENCY_KEY": "unit-trial-0001"}
    url = f"{_case_url(case)}prosecutions/"
    data = {**TRIAL, "accused": accused.code}
    first = api(police[1], "post", url, data=data, headers=key)
    again = api(police[1], "post", url, data=data, headers=key)
    assert first.status_code == again.status_code == 201, again.content
    assert again["Idempotent-Replayed"] == "true"
    assert Prosecution.objects.count() == 1


@pytest.mark.parametrize(
    "change,field",
    [
        ({"outcome": "Convicted"}, "verdict_on"),
        ({"verdict_on": "2026-05-01", "outcome": "Convicted", "sentence": "Fine"}, "fine_azn"),
        ({"charged_on": "2020-01-01"}, "charged_on"),
        ({"term_months": 0}, "term_months"),
        ({"court": ""}, "court"),
        ({"accused": "P-1999-9999"}, "accused"),
    ],
)
def test_a_bad_prosecution_is_refused_beside_the_field_and_nothing_is_saved(
    police, case, accused, change, field
):
    data = {**TRIAL, "accused": accused.code, **change}
    sent = api(police[1], "post", f"{_case_url(case)}prosecutions/", data=data)
    assert sent.status_code == 400, sent.content
    assert field in [error["field"] for error in sent.json()["errors"]]
    assert not Prosecution.objects.exists() and not CaseParticipant.objects.exists()


def test_a_prosecution_changed_since_it_was_read_is_refused_naming_who(
    police, colleague, case, accused
):
    url = f"{_case_url(case)}prosecutions/"
    made = api(police[1], "post", url, data={**TRIAL, "accused": accused.code}).json()
    changed = api(
        colleague[1],
        "put",
        f"{url}{accused.code}/",
        data={**TRIAL, "version": made["version"], "sent_to_court_on": "2026-05-01"},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == made["version"] + 1
    assert changed.json()["sent_to_court_on"] == "2026-05-01"
    stale = api(
        police[1],
        "put",
        f"{url}{accused.code}/",
        data={**TRIAL, "version": made["version"], "court": "Gəncə Ağır Cinayətlər Məhkəməsi"},
    )
    assert stale.status_code == 409, stale.content
    error = stale.json()["errors"][0]
    assert error["code"] == "stale" and colleague[0].user.username in error["message"]
    assert "sent to court on" in error["message"]
    assert Prosecution.objects.get().court == TRIAL["court"]


def test_a_prosecution_of_another_units_case_is_not_changed(police, border, case, accused):
    url = f"{_case_url(case)}prosecutions/"
    made = api(police[1], "post", url, data={**TRIAL, "accused": accused.code}).json()
    changed = api(
        border[1],
        "put",
        f"{url}{accused.code}/",
        data={**TRIAL, "version": made["version"], "court": "X"},
    )
    assert changed.status_code == 403
    assert (
        api(police[1], "put", f"{url}P-1999-9999/", data={**TRIAL, "version": 1}).status_code == 404
    )
    assert Prosecution.objects.get().court == TRIAL["court"]


# Trafficking events ---------------------------------------------------------------------


def test_the_unit_adds_an_event_and_removes_it(police, victim):
    url = f"/api/v1/persons/{victim.code}/events/"
    added = api(police[1], "post", url, data=EVENT)
    assert added.status_code == 201, added.content
    body = added.json()
    assert body["kind"] == "Exploitation" and body["country"] == "TUR"
    assert "place" not in body and "description" not in body  # sealed: not sent back
    event = TraffickingEvent.objects.with_sealed().get()
    assert event.place == EVENT["place"]
    person = api(police[1], url=f"/api/v1/persons/{victim.code}/").json()
    assert [e["id"] for e in person["victim"]["events"]] == [body["id"]]
    removed = api(police[1], "delete", f"{url}{body['id']}/")
    assert removed.status_code == 204, removed.content
    assert not TraffickingEvent.objects.exists()
    assert api(police[1], "delete", f"{url}{body['id']}/").status_code == 404


def test_a_retried_event_is_added_once(police, victim):
    key = {"HTTP_IDEMPOTENCY_KEY": "unit-event-0001"}
    url = f"/api/v1/persons/{victim.code}/events/"
    first = api(police[1], "post", url, data=EVENT, headers=key)
    again = api(police[1], "post", url, data=EVENT, headers=key)
    assert first.status_code == again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"] and "place" not in again.json()
    assert TraffickingEvent.objects.count() == 1


@pytest.mark.parametrize(
    "change,field",
    [
        ({"country": "XX"}, "country"),
        ({"kind": "Holiday"}, "kind"),
        ({"started_on": "2099-01-01"}, "started_on"),
        ({"ended_on": "2025-01-01"}, "ended_on"),
        ({"place": "P" * 201}, "place"),
    ],
)
def test_a_bad_event_is_refused_beside_the_field_and_nothing_is_saved(
    police, victim, change, field
):
    sent = api(
        police[1], "post", f"/api/v1/persons/{victim.code}/events/", data={**EVENT, **change}
    )
    assert sent.status_code == 400, sent.content
    assert field in [error["field"] for error in sent.json()["errors"]]
    assert not TraffickingEvent.objects.exists()


def test_a_person_without_a_victim_profile_takes_no_event(police, accused):
    sent = api(police[1], "post", f"/api/v1/persons/{accused.code}/events/", data=EVENT)
    assert sent.status_code == 400, sent.content
    assert not TraffickingEvent.objects.exists()


def test_events_of_another_agencys_person_are_neither_added_nor_removed(
    police, border, coordinator, victim
):
    url = f"/api/v1/persons/{victim.code}/events/"
    for token in (border[1], coordinator[1]):
        assert api(token, "post", url, data=EVENT).status_code == 403
    assert not TraffickingEvent.objects.exists()
    event = api(police[1], "post", url, data=EVENT).json()
    for token in (border[1], coordinator[1]):
        assert api(token, "delete", f"{url}{event['id']}/").status_code == 403
    assert TraffickingEvent.objects.count() == 1
