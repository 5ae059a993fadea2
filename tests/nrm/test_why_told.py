"""The police unit sees why it was notified (the notifier's note, the screening), and the
receiving agency reads a referral's reason (issue 11)."""

from django.db import connection
from django.test import Client

from ctis.nrm import services
from ctis.nrm.models import Notification
from tests.factories import ReferralFactory
from tests.nrm.test_screening import PRESUMED
from tests.personas import log_in

NOTE = "Met at the bus station, no passport, says she was promised work in Dubai"


def test_a_notification_without_a_screening_needs_a_note(officer, person):
    client = log_in(Client(), officer)
    refused = client.post(f"/nrm/persons/{person.pk}/notify/", {"note": " "}, follow=True)
    assert "Say why the police unit is told" in refused.content.decode()
    assert not Notification.objects.exists()


def test_the_unit_reads_why_it_was_told_and_the_note_is_sealed_at_rest(
    officer, person, investigator, make_user
):
    log_in(Client(), officer).post(
        f"/nrm/persons/{person.pk}/notify/", {"note": NOTE, "confirmed": "yes"}
    )
    notification = Notification.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM nrm_notification")
        (raw,) = cursor.fetchone()
    assert NOTE not in raw
    unit = log_in(Client(), investigator)
    page = unit.get(notification.get_absolute_url()).content.decode()
    assert "Why the unit is told" in page and NOTE in page
    # Not on the list, and nobody else reads it.
    assert NOTE not in unit.get("/nrm/notifications/").content.decode()
    stranger = log_in(Client(), make_user("ngo", "temiz-dunya", "service_provider"))
    assert stranger.get(notification.get_absolute_url()).status_code == 403


def test_the_unit_sees_the_screening_that_made_the_notification(
    test_set, officer, person, investigator
):
    services.screening_record(actor=officer, person=person, indicator_set=test_set, codes=PRESUMED)
    notification = Notification.objects.get()
    page = log_in(Client(), investigator).get(notification.get_absolute_url()).content.decode()
    assert "Presumed victim" in page
    assert "Coercion at destination met" in page  # the screening's reasons, in words


def test_the_receiving_agency_reads_the_referrals_reason_before_it_accepts(
    investigator, shelter_worker, agencies
):
    referral = ReferralFactory(
        actor=investigator,
        data__to_agency=agencies["shelter-mia"],
        data__reason="Needs a safe place tonight",
    )
    page = log_in(Client(), shelter_worker).get(referral.get_absolute_url()).content.decode()
    assert "Needs a safe place tonight" in page
    assert referral.person.code in page and "Leyla" not in page  # the person by code only
