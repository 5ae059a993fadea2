"""The screening pages: an officer screens a person they entered; who else sees what."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ctis.nrm import selectors, services
from ctis.nrm.models import Screening
from tests.nrm.test_screening import PRESUMED
from tests.personas import log_in


def _ids(test_set, codes):
    return [str(test_set.indicators.get(code=code).pk) for code in codes]


def test_officer_screens_and_reads_the_result_in_words(test_set, officer, person):
    client = log_in(Client(), officer)
    page = client.get(f"/cases/persons/{person.pk}/").content.decode()
    assert "Screen with indicators" in page
    choose = client.get(f"/nrm/persons/{person.pk}/screen/").content.decode()
    assert "Test set" in choose
    form = client.get(f"/nrm/persons/{person.pk}/screen/?set=test-adult-labour").content.decode()
    assert "Coercion at destination" in form and "Confiscation of documents (strong)" in form
    response = client.post(
        f"/nrm/persons/{person.pk}/screen/",
        {
            "set": "test-adult-labour",
            "screened_on": timezone.localdate().isoformat(),
            "indicators": _ids(test_set, PRESUMED),
            "notes": "Met at the airport",
        },
    )
    screening = Screening.objects.get()
    assert response.status_code == 302 and response["Location"] == screening.get_absolute_url()
    detail = client.get(response["Location"]).content.decode()
    assert "Presumed victim" in detail
    assert (
        "Coercion at destination met: 2 strong — Confiscation of documents; "
        "Isolation, confinement or surveillance"
    ) in detail
    # The notes are sealed: shown once the identity is opened with a purpose.
    assert "Met at the airport" not in detail
    client.post(f"/cases/persons/{person.pk}/identity/", {"purpose": "assistance"})
    assert "Met at the airport" in client.get(response["Location"]).content.decode()
    page = client.get(f"/cases/persons/{person.pk}/").content.decode()
    assert screening.get_absolute_url() in page


def test_the_result_page_follows_the_readers_language(test_set, officer, person):
    screening = services.screening_record(
        actor=officer, person=person, indicator_set=test_set, codes=PRESUMED
    )
    client = log_in(Client(), officer)
    client.cookies["ctis_language"] = "az"
    detail = client.get(screening.get_absolute_url()).content.decode()
    assert "Təyinat yerində məcburetmə: mövcuddur (2 güclü)" in detail


def test_a_future_date_is_explained_and_nothing_is_saved(test_set, officer, person):
    client = log_in(Client(), officer)
    response = client.post(
        f"/nrm/persons/{person.pk}/screen/",
        {
            "set": "test-adult-labour",
            "screened_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            "indicators": _ids(test_set, PRESUMED),
        },
    )
    assert response.status_code == 200
    assert "The date is in the future." in response.content.decode()
    assert not Screening.objects.exists()


def test_who_sees_what(test_set, officer, person, make_user, analyst):
    screening = services.screening_record(
        actor=officer,
        person=person,
        indicator_set=test_set,
        codes=PRESUMED,
        notes="Met at the airport",
    )
    analyst = log_in(Client(), analyst)
    # The coordinator's analysts see the result by the person's code, never the notes...
    detail = analyst.get(screening.get_absolute_url())
    assert detail.status_code == 200 and "Presumed victim" in detail.content.decode()
    assert "Met at the airport" not in detail.content.decode()
    # ...and do not screen.
    assert analyst.get(f"/nrm/persons/{person.pk}/screen/").status_code == 403
    # An officer of an unrelated agency sees neither.
    stranger = log_in(Client(), make_user("stranger", "sbs", "frontline_officer"))
    assert stranger.get(screening.get_absolute_url()).status_code == 403
    assert stranger.get(f"/nrm/persons/{person.pk}/screen/").status_code == 403
    assert (
        stranger.post(
            f"/nrm/persons/{person.pk}/screen/",
            {
                "set": "test-adult-labour",
                "screened_on": timezone.localdate().isoformat(),
                "indicators": _ids(test_set, PRESUMED),
            },
        ).status_code
        == 403
    )
    assert Screening.objects.count() == 1


def test_the_unit_takes_up_and_decides_over_http(test_set, officer, person, investigator, provider):
    services.screening_record(actor=officer, person=person, indicator_set=test_set, codes=PRESUMED)
    from ctis.nrm.models import Notification

    notification = Notification.objects.get()
    police = log_in(Client(), investigator)
    listed = police.get("/nrm/notifications/").content.decode()
    assert person.code in listed and "waiting" in listed
    detail = police.get(notification.get_absolute_url()).content.decode()
    assert "Take it up" in detail and "Decide the status" in detail
    assert police.post(f"/nrm/notifications/{notification.pk}/take-up/").status_code == 302
    refused = police.post(
        notification.get_absolute_url(),
        {
            "status": "ActualVictimOfTrafficking",
            "decided_on": timezone.localdate().isoformat(),
            "basis": "",
        },
    )
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    decided = police.post(
        notification.get_absolute_url(),
        {
            "status": "ActualVictimOfTrafficking",
            "decided_on": timezone.localdate().isoformat(),
            "basis": "Interview; employer kept the passport",
            "exploitation": ["ForcedLabour"],
        },
    )
    assert decided.status_code == 302 and decided["Location"] == person.get_absolute_url()
    person.refresh_from_db()
    assert person.victim_status == "ActualVictimOfTrafficking"
    # The sender sees its notification, taken up, and may not decide.
    sender = log_in(Client(), officer)
    page = sender.get(notification.get_absolute_url()).content.decode()
    assert "taken up" in page and "Decide the status" not in page
    assert (
        sender.post(
            notification.get_absolute_url(),
            {
                "status": "NotAVictimOfTrafficking",
                "decided_on": timezone.localdate().isoformat(),
                "basis": "x",
            },
        ).status_code
        == 403
    )
    assert sender.post(f"/nrm/notifications/{notification.pk}/take-up/").status_code == 403
    # An agency that neither sent nor received it does not see it.
    outsider = log_in(Client(), provider)
    assert outsider.get(notification.get_absolute_url()).status_code == 403
    assert person.code not in outsider.get("/nrm/notifications/").content.decode()


def test_home_pages_list_waiting_and_overdue_notifications(test_set, officer, person, investigator):
    services.screening_record(actor=officer, person=person, indicator_set=test_set, codes=PRESUMED)
    from ctis.nrm.models import Notification

    police = log_in(Client(), investigator)
    home = police.get("/").content.decode()
    assert "1 notification waits for your unit" in home and person.code in home
    assert "overdue" not in home
    Notification.objects.update(
        sent_at=timezone.now() - datetime.timedelta(hours=30),
        due_at=timezone.now() - datetime.timedelta(hours=6),
    )
    assert "overdue" in police.get("/").content.decode()
    sender_home = log_in(Client(), officer).get("/").content.decode()
    assert "Sent by your agency, not yet taken up" in sender_home and "overdue" in sender_home


def test_the_administrator_keeps_indicator_sets_in_the_browser(db, agencies, admin, officer):
    from ctis.nrm.models import Indicator

    admin = log_in(Client(), admin)
    response = admin.post(
        "/nrm/indicator-sets/",
        {
            "code": "az-child-begging",
            "population": "child",
            "exploitation": "any",
            "rule": "ilo_ec",
            "name_az": "Uşaq dilənçiliyi",
            "name_en": "Child begging",
            "name_ru": "Детское попрошайничество",
            "source": "National working group",
        },
    )
    assert response.status_code == 302
    page = "/nrm/indicator-sets/az-child-begging/"
    refused = admin.post(
        page,
        {
            "code": "b1",
            "dimension": "exploitative_conditions",
            "text_az": "a",
            "text_en": "b",
            "text_ru": "c",
        },
    )
    assert "needs a dimension and a weight" in refused.content.decode()
    admin.post(
        page,
        {
            "code": "b1",
            "dimension": "exploitative_conditions",
            "weight": "medium",
            "text_az": "Küçədə dilənməyə məcbur edilir",
            "text_en": "Made to beg",
            "text_ru": "Принуждают просить милостыню",
        },
    )
    admin.post(
        page,
        {
            "code": "b1",
            "dimension": "exploitative_conditions",
            "weight": "strong",
            "text_az": "Küçədə dilənməyə məcbur edilir",
            "text_en": "Made to beg",
            "text_ru": "Принуждают просить милостыню",
        },
    )
    indicator = Indicator.objects.get(indicator_set__code="az-child-begging", code="b1")
    assert indicator.weight == "strong"
    admin.post(page, {"toggle": indicator.pk})
    indicator.refresh_from_db()
    assert not indicator.is_active
    with pytest.raises(Exception, match="has no indicator b1"):
        selectors.screening_assess(indicator_set=indicator.indicator_set, codes=["b1"])
    officer = log_in(Client(), officer)
    assert officer.get("/nrm/indicator-sets/").status_code == 403
    assert officer.get(page).status_code == 403


def test_an_agency_notifies_the_unit_without_a_screening_once(officer, person, investigator):
    from ctis.nrm.models import Notification

    client = log_in(Client(), officer)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Notify the police unit" in page
    client.post(
        f"/nrm/persons/{person.pk}/notify/", {"note": "Met at the airport", "confirmed": "yes"}
    )
    notification = Notification.objects.get()
    assert notification.screening is None and notification.to_agency.code == "mia-ctd"
    assert "Notify the police unit" not in client.get(person.get_absolute_url()).content.decode()
    # The police unit's own staff see no such button.
    police = log_in(Client(), investigator)
    assert "Notify the police unit" not in police.get(person.get_absolute_url()).content.decode()
