"""The discharge from a shelter and the notification of the police unit are confirmed
before they are done; the discharge says the day and where the person went (issue 11)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.nrm import services
from ctis.nrm.models import Notification, Stay
from tests.nrm.test_assistance import _referred
from tests.personas import log_in

CONFIRM = 'name="confirmed"'


@pytest.fixture
def stay(investigator, shelter_worker, agencies, countries, admin):
    facility = services.facility_save(
        actor=admin, agency=agencies["shelter-mia"], name_az="DİN sığınacağı", capacity=2
    )
    person = _referred(investigator, shelter_worker, agencies, countries)
    return services.stay_admit(
        actor=shelter_worker,
        person=person,
        facility=facility,
        admitted_on=timezone.localdate() - datetime.timedelta(days=10),
    )


def _url(stay):
    return reverse("nrm:stay_discharge", args=[stay.person_id, stay.pk])


def _open(stay):
    return Stay.objects.get(pk=stay.pk).discharged_on is None


def test_the_discharge_page_asks_the_day_where_and_a_confirmation(shelter_worker, stay):
    client = log_in(Client(), shelter_worker)
    page = client.get(_url(stay)).content.decode()
    assert CONFIRM in page and "cannot be undone" in page
    assert 'name="destination"' in page and 'name="discharged_on"' in page
    today = timezone.localdate().isoformat()
    # Without the box ticked: the page again, nothing changed.
    refused = client.post(_url(stay), {"discharged_on": today, "destination": "home_family"})
    assert refused.status_code == 200
    assert "Tick the box to confirm" in refused.content.decode()
    assert _open(stay)
    done = client.post(
        _url(stay), {"discharged_on": today, "destination": "home_family", "confirmed": "on"}
    )
    assert done.status_code == 302
    stay = Stay.objects.get(pk=stay.pk)
    assert stay.discharged_on == timezone.localdate() and stay.discharged_to == "home_family"
    assert stay.discharged_by == shelter_worker
    # Once discharged, the page is not offered again.
    again = client.get(_url(stay), follow=True).content.decode()
    assert "already discharged" in again


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"destination": "home_family"}, "discharged_on", "This field is required"),
        ({"days": 1, "destination": "home_family"}, "discharged_on", "in the future"),
        ({"days": -11, "destination": "home_family"}, "discharged_on", "before the admission"),
        ({"days": 0}, "destination", "This field is required"),
        ({"days": 0, "destination": "other"}, "destination_other", "in a few words"),
    ],
)
def test_a_discharge_needs_a_day_in_the_stay_and_where_the_person_went(
    shelter_worker, stay, data, field, message
):
    client = log_in(Client(), shelter_worker)
    posted = {"confirmed": "on"}
    if "days" in data:
        day = timezone.localdate() + datetime.timedelta(days=data["days"])
        posted["discharged_on"] = day.isoformat()
    if "destination" in data:
        posted["destination"] = data["destination"]
    response = client.post(_url(stay), posted)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert _open(stay)


def test_other_destination_is_sealed_and_stays_out_of_the_audit(shelter_worker, stay):
    words = "Bibisi Gəncədə, Nizami küçəsi"
    log_in(Client(), shelter_worker).post(
        _url(stay),
        {
            "discharged_on": timezone.localdate().isoformat(),
            "destination": "other",
            "destination_other": words,
            "confirmed": "on",
        },
    )
    stay = Stay.objects.get(pk=stay.pk)
    assert stay.discharged_to == "other" and stay.discharged_to_other == words
    with connection.cursor() as cursor:
        cursor.execute("SELECT discharged_to_other FROM nrm_stay")
        (raw,) = cursor.fetchone()
    assert words not in raw
    entry = AuditEntry.objects.filter(action="nrm.stay.discharge").get()
    assert words not in str(entry.changes)
    assert entry.changes["discharged_to"]["after"] == "other"


def test_the_discharge_page_is_refused_to_other_agencies(investigator, stay):
    client = log_in(Client(), investigator)
    assert client.get(_url(stay)).status_code == 403
    today = timezone.localdate().isoformat()
    response = client.post(
        _url(stay), {"discharged_on": today, "destination": "home_family", "confirmed": "on"}
    )
    assert response.status_code == 403
    assert _open(stay)


def test_notifying_the_police_unit_asks_for_confirmation_first(officer, person):
    client = log_in(Client(), officer)
    url = f"/nrm/persons/{person.pk}/notify/"
    note = "Met at the airport"
    asked = client.post(url, {"note": note})
    page = asked.content.decode()
    assert asked.status_code == 200 and CONFIRM in page and "cannot be undone" in page
    assert f'name="note" value="{note}"' in page  # carried to the confirmation
    assert not Notification.objects.exists()
    client.post(url, {"note": note, "confirm-step": "1"})
    assert not Notification.objects.exists()
    client.post(url, {"note": note, "confirm-step": "1", "confirmed": "yes"})
    assert Notification.objects.get().note == note


def test_a_notification_without_a_note_is_refused_before_any_confirmation(officer, person):
    client = log_in(Client(), officer)
    response = client.post(f"/nrm/persons/{person.pk}/notify/", {"note": " "}, follow=True)
    page = response.content.decode()
    assert CONFIRM not in page and "Say why the police unit is told" in page
    assert not Notification.objects.exists()
