"""The contact's one-row rule: an emergency request says what it is for, and only an
emergency request does; refused by the service, the page and the database alike."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from ctis.hotline.models import Contact, Outcome
from tests.core.token_forms import token_of
from tests.personas import log_in


def test_the_page_refuses_an_emergency_without_its_kind(hotline_operator, topic):
    client = log_in(Client(), hotline_operator)
    page = client.get("/hotline/new/").content.decode()
    response = client.post(
        "/hotline/new/",
        {
            "form_token": token_of(page, "/hotline/new/"),
            "topics": [topic().pk],
            "nature": "case",
            "caller_type": "at_risk",
            "channel": "phone",
            "language": "az",
            "outcome": "emergency",
        },
    )
    assert response.status_code == 200
    assert "Say what the emergency request is for" in response.content.decode()
    assert Contact.objects.count() == 0


def test_the_database_refuses_it_too(hotline_operator, record):
    contact = record(hotline_operator, outcome=Outcome.EMERGENCY, emergency="transport")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(emergency="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(outcome=Outcome.INFORMATION)


def test_a_tip_page_refuses_a_contact_that_is_no_tip(hotline_operator, record):
    contact = record(hotline_operator, notes="asked about visas")
    client = log_in(Client(), hotline_operator)
    url = f"/hotline/contacts/{contact.pk}/notify/"
    page = client.get(url).content.decode()
    response = client.post(
        url, {"form_token": token_of(page, url), "given_name": "", "confirmed": "yes"}
    )
    assert response.status_code == 200
    assert "Only a tip to the police unit or a presumed victim is notified" in (
        response.content.decode()
    )
    contact.refresh_from_db()
    assert contact.notification_id is None
