"""Awareness events and plan reports through the API: the migration service's system
records an event with its participant groups by the catalogue's codes and changes it at the
version it read; a partner reads it, another agency and the police unit do not; the
service's system drafts a report on measure 4.2.1 for 2021 with figures and catalogue
numbers, changes it, and its head's system submits it only when it confirms, at the version
read; a stale change or submission is refused naming who changed the report; a retried
creation makes one record; bad input is refused beside its field, and nothing is saved."""

from __future__ import annotations

import pytest

from ctis.audit.models import AuditEntry
from ctis.outreach.models import Audience, Event, ParticipantGroup
from ctis.outreach.services import audiences_load_reference
from ctis.plan.models import MeasureReport
from ctis.plan.services import indicators_load_reference, reporting
from tests.interop.calls import api
from tests.interop.calls import system as _client

EVENTS = "/api/v1/outreach-events/"
REPORTS = "/api/v1/plan-reports/"

SEMINAR = {
    "title": "Seminar for school pupils on safe migration",
    "kind": "seminar",
    "starts_on": "2024-05-14",
    "ends_on": "2024-05-14",
    "place": "Gəncə",
    "partners": ["mlspp"],
    "measures": ["4.2.1"],
    "audiences": ["pupils"],
    "groups": [
        {"audience": "pupils", "total": 30, "women": 16, "men": 14},
        {"audience": "teachers", "total": 5, "women": 4, "men": 1},
    ],
    "participants_total": 35,
    "materials_count": 100,
    "materials_languages": ["az", "ru"],
    "description": "Two lessons and a quiz.",
}

DRAFT = {
    "measure": "4.2.1",
    "year": 2021,
    "status": "in_progress",
    "narrative": "Seminars were held in three regions.",
    "figures": [{"label": "Regions reached", "value": "3", "unit": "regions"}],
    "indicators": [
        {"code": "awareness-events", "value": "12"},
        {"code": "awareness-participants", "category": "child", "value": "240"},
        {"code": "awareness-participants", "category": "adult", "value": "35"},
    ],
}


@pytest.fixture
def audiences(agencies):
    if not Audience.objects.exists():
        audiences_load_reference()


@pytest.fixture
def sms(admin, agencies):
    """The migration service's reporting system: it drafts, it does not submit."""
    return _client(admin, "sms", "agency_reporter", "Migration service's reporting system")


@pytest.fixture
def sms_head(admin, agencies):
    return _client(admin, "sms", "agency_head", "Migration service head's system")


@pytest.fixture
def partner(admin, agencies):
    return _client(admin, "mlspp", "agency_reporter", "Labour ministry's system")


@pytest.fixture
def outsider(admin, agencies):
    return _client(admin, "moe", "agency_head", "Education ministry's system")


@pytest.fixture
def police(admin, agencies):
    return _client(admin, "mia-ctd", "police_investigator", "Police case system")


@pytest.fixture
def seminar(sms, audiences, plan):
    made = api(sms[1], "post", EVENTS, data=SEMINAR)
    assert made.status_code == 201, made.content
    return made.json()


@pytest.fixture
def catalogue(plan):
    indicators_load_reference()


@pytest.fixture
def draft(sms, period, catalogue):
    made = api(sms[1], "post", REPORTS, data=DRAFT)
    assert made.status_code == 201, made.content
    return made.json()


# Awareness events -----------------------------------------------------------------------


def test_the_service_records_an_event_with_its_groups_by_codes(sms, seminar):
    assert seminar["organiser"] == "sms" and seminar["partners"] == ["mlspp"]
    assert seminar["measures"] == ["4.2.1"]
    assert seminar["audiences"] == ["pupils", "teachers"]  # a counted group is an audience
    assert seminar["groups"][0] == {"audience": "pupils", "total": 30, "women": 16, "men": 14}
    assert seminar["materials_languages"] == ["az", "ru"]
    event = Event.objects.get(pk=seminar["id"])
    assert event.created_by == sms[0].user and event.participants_total == 35
    assert ParticipantGroup.objects.filter(event=event).count() == 2
    assert AuditEntry.objects.filter(action="outreach.event.create", actor=sms[0].user).exists()


def test_the_organiser_and_its_partner_list_and_read_the_event(sms, partner, seminar):
    for token in (sms[1], partner[1]):
        listed = api(token, url=f"{EVENTS}?year=2024&kind=seminar")
        assert listed.status_code == 200, listed.content
        rows = listed.json()["results"]
        assert [row["id"] for row in rows] == [seminar["id"]]
        assert "description" not in rows[0] and "place" not in rows[0]
        read = api(token, url=f"{EVENTS}{seminar['id']}/")
        assert read.status_code == 200 and read.json()["groups"] == seminar["groups"]
    assert api(sms[1], url=f"{EVENTS}?year=2023").json()["results"] == []


def test_another_agencys_system_neither_lists_nor_reads_the_event(outsider, seminar):
    assert api(outsider[1], url=EVENTS).json()["results"] == []
    read = api(outsider[1], url=f"{EVENTS}{seminar['id']}/")
    assert read.status_code == 403, read.content


def test_a_system_whose_roles_see_no_events_is_refused_and_nothing_is_saved(police, plan):
    assert api(police[1], url=EVENTS).status_code == 403
    sent = api(police[1], "post", EVENTS, data=SEMINAR)
    assert sent.status_code == 403, sent.content
    assert not Event.objects.exists()


def test_the_organiser_changes_the_event_at_its_version(sms, seminar):
    url = f"{EVENTS}{seminar['id']}/"
    changed = api(
        sms[1],
        "put",
        url,
        data={**SEMINAR, "version": seminar["version"], "participants_total": 40},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["participants_total"] == 40
    assert changed.json()["version"] == seminar["version"] + 1


def test_a_partner_may_read_but_not_change_the_event(partner, seminar):
    changed = api(
        partner[1],
        "put",
        f"{EVENTS}{seminar['id']}/",
        data={**SEMINAR, "version": seminar["version"], "title": "Taken over"},
    )
    assert changed.status_code == 403, changed.content
    assert Event.objects.get(pk=seminar["id"]).title == SEMINAR["title"]


def test_a_stale_change_of_an_event_is_refused_naming_who(sms, seminar):
    url = f"{EVENTS}{seminar['id']}/"
    first = api(sms[1], "put", url, data={**SEMINAR, "version": seminar["version"], "title": "A"})
    assert first.status_code == 200, first.content
    stale = api(sms[1], "put", url, data={**SEMINAR, "version": seminar["version"], "title": "B"})
    assert stale.status_code == 409, stale.content
    error = stale.json()["errors"][0]
    assert error["code"] == "stale" and sms[0].user.username in error["message"]
    assert Event.objects.get(pk=seminar["id"]).title == "A"


def test_a_retried_event_with_the_same_key_makes_one_event(sms, audiences, plan):
    key = {"HTTP_IDEMPOTENCY_KEY": "event-2024-05-14"}
    first = api(sms[1], "post", EVENTS, data=SEMINAR, headers=key)
    again = api(sms[1], "post", EVENTS, data=SEMINAR, headers=key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    "change,field",
    [
        ({"measures": ["9.9.9"]}, "measures"),
        ({"partners": ["nowhere"]}, "partners"),
        ({"groups": [{"audience": "aliens", "total": 3}]}, "groups.0.audience"),
        ({"groups": [{"audience": "pupils", "total": 3, "women": 3, "men": 1}]}, "groups.0.total"),
        (
            {"groups": [{"audience": "pupils", "total": 3}, {"audience": "pupils", "total": 2}]},
            "groups.1.audience",
        ),
        ({"participants_total": 10}, "participants_total"),
        ({"ends_on": "2024-05-01"}, "ends_on"),
        ({"kind": "picnic"}, "kind"),
        ({"title": "T" * 1_000_000}, "title"),
    ],
)
def test_a_bad_event_is_refused_beside_its_field_and_nothing_is_saved(
    sms, audiences, plan, change, field
):
    sent = api(sms[1], "post", EVENTS, data={**SEMINAR, **change})
    assert sent.status_code == 400, sent.content
    assert field in [error["field"] for error in sent.json()["errors"]]
    assert not Event.objects.exists()


# Plan reports ---------------------------------------------------------------------------


def test_the_service_drafts_a_report_with_figures_and_catalogue_numbers(sms, draft):
    assert draft["measure"] == "4.2.1" and draft["year"] == 2021 and draft["agency"] == "sms"
    assert draft["state"] == "draft" and draft["status"] == "in_progress"
    assert draft["figures"] == [{"label": "Regions reached", "value": "3.00", "unit": "regions"}]
    numbers = {(n["code"], n["category"]): n["value"] for n in draft["indicators"]}
    assert numbers == {
        ("awareness-events", ""): "12.00",
        ("awareness-participants", "child"): "240.00",
        ("awareness-participants", "adult"): "35.00",
    }
    report = MeasureReport.objects.get(pk=draft["id"])
    assert report.created_by == sms[0].user and report.indicator_values.count() == 3
    assert AuditEntry.objects.filter(action="plan.report.create", actor=sms[0].user).exists()


def test_the_agency_lists_and_reads_its_reports_with_filters(sms, sms_head, draft):
    for token in (sms[1], sms_head[1]):
        listed = api(token, url=f"{REPORTS}?period=2021&measure=4.2.1&state=draft")
        assert listed.status_code == 200, listed.content
        rows = listed.json()["results"]
        assert [row["id"] for row in rows] == [draft["id"]]
        assert "narrative" not in rows[0]
        read = api(token, url=f"{REPORTS}{draft['id']}/")
        assert read.status_code == 200 and read.json()["narrative"] == DRAFT["narrative"]
    assert api(sms[1], url=f"{REPORTS}?state=submitted").json()["results"] == []
    assert api(sms[1], url=f"{REPORTS}?state=lost").status_code == 400


def test_another_agencys_system_neither_lists_nor_reads_the_draft(outsider, draft):
    assert api(outsider[1], url=REPORTS).json()["results"] == []
    read = api(outsider[1], url=f"{REPORTS}{draft['id']}/")
    assert read.status_code == 403, read.content
    changed = api(outsider[1], "put", f"{REPORTS}{draft['id']}/", data={**DRAFT, "version": 1})
    assert changed.status_code == 403
    assert MeasureReport.objects.get(pk=draft["id"]).narrative == DRAFT["narrative"]


def test_a_system_whose_roles_draft_no_reports_is_refused_and_nothing_is_saved(
    police, period, catalogue
):
    sent = api(police[1], "post", REPORTS, data=DRAFT)
    assert sent.status_code == 403, sent.content
    assert not MeasureReport.objects.exists()


def test_the_agency_changes_its_draft_at_its_version(sms, draft):
    changed = api(
        sms[1],
        "put",
        f"{REPORTS}{draft['id']}/",
        data={
            "version": draft["version"],
            "status": "implemented",
            "narrative": "Done.",
            "indicators": [{"code": "awareness-events", "value": "14"}],
        },
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["status"] == "implemented" and body["version"] == draft["version"] + 1
    assert body["figures"] == []  # the whole draft: what is left out is removed
    assert body["indicators"] == [{"code": "awareness-events", "category": "", "value": "14.00"}]


def test_a_stale_change_of_a_report_is_refused_naming_who(sms, sms_head, draft):
    url = f"{REPORTS}{draft['id']}/"
    first = api(sms[1], "put", url, data={**DRAFT, "version": draft["version"], "narrative": "A"})
    assert first.status_code == 200, first.content
    stale = api(
        sms_head[1], "put", url, data={**DRAFT, "version": draft["version"], "narrative": "B"}
    )
    assert stale.status_code == 409, stale.content
    error = stale.json()["errors"][0]
    assert error["code"] == "stale" and sms[0].user.username in error["message"]
    assert MeasureReport.objects.get(pk=draft["id"]).narrative == "A"


def test_the_head_submits_only_when_it_confirms(sms_head, draft):
    url = f"{REPORTS}{draft['id']}/submit/"
    unconfirmed = api(sms_head[1], "post", url, data={"version": draft["version"]})
    assert unconfirmed.status_code == 400
    assert unconfirmed.json()["errors"][0]["field"] == "confirmed"
    declined = api(sms_head[1], "post", url, data={"version": draft["version"], "confirmed": False})
    assert declined.status_code == 400
    assert declined.json()["errors"][0]["field"] == "confirmed"
    assert MeasureReport.objects.get(pk=draft["id"]).state == "draft"
    submitted = api(sms_head[1], "post", url, data={"version": draft["version"], "confirmed": True})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted" and submitted.json()["submitted_at"]
    report = MeasureReport.objects.get(pk=draft["id"])
    assert report.state == "submitted" and report.submitted_by == sms_head[0].user


def test_a_reporter_may_not_submit(sms, draft):
    sent = api(
        sms[1],
        "post",
        f"{REPORTS}{draft['id']}/submit/",
        data={"version": draft["version"], "confirmed": True},
    )
    assert sent.status_code == 403, sent.content
    assert MeasureReport.objects.get(pk=draft["id"]).state == "draft"


def test_a_submission_at_an_old_version_is_refused_naming_who(sms, sms_head, draft):
    changed = api(
        sms[1], "put", f"{REPORTS}{draft['id']}/", data={**DRAFT, "version": draft["version"]}
    )
    assert changed.status_code == 200, changed.content
    stale = api(
        sms_head[1],
        "post",
        f"{REPORTS}{draft['id']}/submit/",
        data={"version": draft["version"], "confirmed": True},
    )
    assert stale.status_code == 409, stale.content
    assert sms[0].user.username in stale.json()["errors"][0]["message"]
    assert MeasureReport.objects.get(pk=draft["id"]).state == "draft"


def test_a_submitted_report_is_no_longer_changed(sms, sms_head, draft):
    api(
        sms_head[1],
        "post",
        f"{REPORTS}{draft['id']}/submit/",
        data={"version": draft["version"], "confirmed": True},
    )
    changed = api(
        sms[1], "put", f"{REPORTS}{draft['id']}/", data={**DRAFT, "version": draft["version"] + 1}
    )
    assert changed.status_code == 400, changed.content
    assert MeasureReport.objects.get(pk=draft["id"]).state == "submitted"


def test_the_coordinator_reads_a_report_once_submitted(admin, sms_head, draft):
    coordination = _client(admin, "national-coordinator", "coordinator", "Coordination system")
    url = f"{REPORTS}{draft['id']}/"
    assert api(coordination[1], url=url).status_code == 403  # a draft is the agency's own
    reporting.report_submit(
        actor=sms_head[0].user, report=MeasureReport.objects.get(pk=draft["id"])
    )
    read = api(coordination[1], url=url)
    assert read.status_code == 200 and read.json()["state"] == "submitted"


def test_a_retried_draft_with_the_same_key_makes_one_report(sms, period, catalogue):
    key = {"HTTP_IDEMPOTENCY_KEY": "report-4.2.1-2021"}
    first = api(sms[1], "post", REPORTS, data=DRAFT, headers=key)
    again = api(sms[1], "post", REPORTS, data=DRAFT, headers=key)
    assert first.status_code == again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"]
    assert MeasureReport.objects.count() == 1


def test_a_second_draft_on_the_same_measure_and_period_is_refused(sms, draft):
    again = api(sms[1], "post", REPORTS, data=DRAFT)
    assert again.status_code == 400, again.content
    assert MeasureReport.objects.count() == 1


@pytest.mark.parametrize(
    "change,field",
    [
        ({"measure": "9.9.9"}, "measure"),
        ({"year": 2019}, "year"),
        ({"status": "finished"}, "status"),
        ({"status": "implemented", "narrative": ""}, "narrative"),
        ({"indicators": [{"code": "no-such", "value": "1"}]}, "indicators.0.code"),
        ({"indicators": [{"code": "awareness-events", "value": "1.5"}]}, "indicators.0.value"),
        (
            {"indicators": [{"code": "ngo-funding", "value": "100"}]},  # not on 4.2.1
            "indicators.0.value",
        ),
        ({"figures": [{"label": "Regions", "value": "-1"}]}, "figures.0.value"),
        (  # api._flatten names the refused item by its index
            {"figures": [{"label": f"Figure {n}", "value": v} for n, v in enumerate("12x")]},
            "figures.2.value",
        ),
        ({"narrative": "N" * 1_000_000}, "narrative"),
    ],
)
def test_a_bad_draft_is_refused_beside_its_field_and_nothing_is_saved(
    sms, period, catalogue, change, field
):
    sent = api(sms[1], "post", REPORTS, data={**DRAFT, **change})
    assert sent.status_code == 400, sent.content
    assert field in [error["field"] for error in sent.json()["errors"]]
    assert not MeasureReport.objects.exists()
