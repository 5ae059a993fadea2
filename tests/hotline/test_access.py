"""Who may see a hotline contact and its caller: each role, allowed or refused; a contact
of another agency reads exactly as one that does not exist."""

import datetime
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from ctis.accounts.roles import Role
from ctis.hotline import services
from ctis.hotline.access import may_see_callers, may_see_contact
from tests.personas import PERSONAS, log_in

SEES_CONTACTS = {"hotline_operator", "hotline_supervisor", "investigator", "supervisor"}
SEES_CONTACTS.add("monitoring_officer")  # granted by ctis.monitoring.plugins (threads)
SEES_CALLERS = {"hotline_operator", "hotline_supervisor"}


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_each_role_sees_contacts_and_callers_as_granted(name, persona, hotline_operator, record):
    contact = record(hotline_operator, identifier="050 123 45 67")
    user = hotline_operator if name == "hotline_operator" else persona(name)
    assert may_see_contact(user, contact) is (name in SEES_CONTACTS)
    assert may_see_callers(user) is (name in SEES_CALLERS)


def test_another_agencys_contact_reads_as_missing(make_user, hotline_operator, record):
    contact = record(hotline_operator)
    elsewhere = make_user("ngo-operator", "sms", Role.HOTLINE_OPERATOR)
    client = log_in(Client(), elsewhere)
    theirs = client.get(contact.get_absolute_url())
    missing = client.get(f"/hotline/contacts/{uuid.uuid4()}/")
    assert theirs.status_code == missing.status_code == 403
    said = "There is no such contact, or you may not see it."
    assert said in theirs.content.decode() and said in missing.content.decode()
    assert str(contact.pk) not in client.get("/hotline/").content.decode()


def test_the_hotline_supervisor_sees_every_agencys_contacts(make_user, hotline_supervisor, record):
    elsewhere = make_user("ngo-operator", "sms", Role.HOTLINE_OPERATOR)
    contact = record(elsewhere)
    assert may_see_contact(hotline_supervisor, contact)
    page = log_in(Client(), hotline_supervisor).get(contact.get_absolute_url())
    assert page.status_code == 200


def test_a_caller_known_only_to_another_hotline_stays_unknown(make_user, hotline_operator, record):
    contact = record(hotline_operator, identifier="050 123 45 67")
    services.flag_set(
        actor=hotline_operator,
        caller=contact.caller,
        kind="abusive",
        reason="Insults the operators.",
        until=timezone.localdate() + datetime.timedelta(days=5),
    )
    elsewhere = log_in(Client(), make_user("ngo-operator", "sms", Role.HOTLINE_OPERATOR))
    html = elsewhere.post("/hotline/caller/", {"identifier": "0501234567"}).content.decode()
    assert "No earlier contact from this caller." in html
    assert "Insults" not in html
