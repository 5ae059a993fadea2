"""The hotline's pages: the call form saves and comes back ready for the next call, its
refusals stand beside the field with nothing saved, the caller's earlier contacts come by
POST, the list filters, the contact page shows what the role may see."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.hotline.models import CallerFlag, ConsentOverride, Contact, Outcome, Topic
from tests import factories
from tests.core.token_forms import token_of
from tests.personas import log_in
from tests.queries import assert_queries_constant

NEW = "/hotline/new/"


def _post(client, **fields):
    page = client.get(NEW)
    assert page.status_code == 200

    data = {
        "form_token": token_of(page.content.decode(), NEW),
        "channel": "phone",
        "language": "az",
        "caller_type": "at_risk",
        "nature": "case",
        "outcome": "information",
        **fields,
    }
    return client.post(NEW, data)


@pytest.fixture
def operator_client(hotline_operator):
    return log_in(Client(), hotline_operator)


def test_a_call_is_recorded_and_the_form_is_ready_for_the_next(operator_client):
    topic = Topic.objects.get(code="work_abroad")
    response = _post(operator_client, topics=[topic.pk], identifier="050 123 45 67")
    assert response.status_code == 302
    assert response.url.startswith(NEW + "?last=")
    contact = Contact.objects.get()
    assert list(contact.topics.all()) == [topic]
    page = operator_client.get(response.url)
    assert "The contact is recorded" in page.content.decode()
    assert 'name="identifier"' in page.content.decode()
    assert AuditEntry.objects.filter(action="hotline.contact.create").count() == 1


def test_a_call_without_a_topic_is_refused_beside_the_field(operator_client):
    response = _post(operator_client, identifier="050 123 45 67")
    assert response.status_code == 200
    assert "Choose at least one topic" in response.content.decode()
    assert Contact.objects.count() == 0


def test_an_identifier_that_is_none_is_refused_beside_the_field(operator_client):
    topic = Topic.objects.get(code="study_abroad")
    response = _post(operator_client, topics=[topic.pk], identifier="12ab!!")
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a phone number, an e-mail address or a messenger handle" in html
    assert 'id="id_identifier_error"' in html
    assert Contact.objects.count() == 0


def test_the_form_speaks_azerbaijani(hotline_operator):
    client = log_in(Client(), hotline_operator)
    client.cookies["ctis_language"] = "az"
    html = client.get(NEW).content.decode()
    assert "Xaricdə iş" in html


def test_the_earlier_contacts_come_by_post_for_the_callers_role(
    operator_client, investigator, record, hotline_operator
):
    record(hotline_operator, identifier="+994501234567", notes="first call")
    response = operator_client.post("/hotline/caller/", {"identifier": "050 123 45 67"})
    assert response.status_code == 200
    assert "1 earlier contact" in response.content.decode()
    assert operator_client.get("/hotline/caller/").status_code == 405
    police = log_in(Client(), investigator)
    assert police.post("/hotline/caller/", {"identifier": "050 123 45 67"}).status_code == 403


def test_the_contact_page_shows_the_caller_only_to_the_callers_role(
    hotline_operator, investigator, analyst, record
):
    contact = record(hotline_operator, identifier="050 123 45 67", notes="scared")
    url = contact.get_absolute_url()
    mine = log_in(Client(), hotline_operator).get(url).content.decode()
    assert "+994501234567" in mine
    police = log_in(Client(), investigator).get(url)
    assert police.status_code == 200
    assert "+994501234567" not in police.content.decode()
    assert log_in(Client(), analyst).get(url).status_code == 403


def test_the_list_filters_by_topic_and_outcome(operator_client, hotline_operator, record):
    record(hotline_operator, topics=("adoption",), outcome=Outcome.NO_ACTION)
    record(hotline_operator, topics=("work_abroad",))
    adoption = Topic.objects.get(code="adoption")
    page = operator_client.get(f"/hotline/?topic={adoption.pk}").content.decode()
    assert "1 contact" in page
    page = operator_client.get("/hotline/?outcome=information").content.decode()
    assert "1 contact" in page
    assert "2 contacts" in operator_client.get("/hotline/").content.decode()
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    assert (
        "2 contacts" in operator_client.get(f"/hotline/?start={today}&end={today}").content.decode()
    )
    assert "0 contacts" in operator_client.get(f"/hotline/?end={yesterday}").content.decode()


def test_the_list_counts_no_query_per_row(operator_client, hotline_operator, record):
    def add(n):
        for _ in range(n):
            record(hotline_operator, topics=("work_abroad", "other"))

    assert_queries_constant(operator_client, "/hotline/", add, ceiling=16)


def test_the_home_page_shows_follow_ups_due(operator_client, hotline_operator, record):
    record(hotline_operator, follow_up_on=timezone.localdate())
    html = operator_client.get("/").content.decode()
    assert "Hotline follow-ups due" in html


def test_an_investigator_links_a_contact_to_a_person_and_the_person_page_lists_it(
    hotline_operator, investigator, record
):
    person = factories.PersonFactory(actor=investigator)
    contact = record(hotline_operator, notes="about her sister")
    police = log_in(Client(), investigator)
    response = police.post(f"/hotline/contacts/{contact.pk}/link/", {"code": person.code})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.person == person
    page = police.get(person.get_absolute_url()).content.decode()
    assert 'id="hotline-contacts"' in page
    assert contact.get_absolute_url() in page


def test_the_operator_cannot_link_to_a_person_they_may_not_see(
    operator_client, hotline_operator, investigator, record
):
    person = factories.PersonFactory(actor=investigator)
    contact = record(hotline_operator)
    operator_client.post(f"/hotline/contacts/{contact.pk}/link/", {"code": person.code})
    contact.refresh_from_db()
    assert contact.person is None


def test_the_supervisor_signs_an_override_on_the_page_and_the_operator_may_not(
    operator_client, hotline_operator, hotline_supervisor, record
):
    contact = record(hotline_operator, outcome=Outcome.POLICE_TIP)
    url = f"/hotline/contacts/{contact.pk}/override/"
    data = {"recipient": "police", "reason": "They leave tonight."}
    assert operator_client.post(url, data).status_code == 403
    assert ConsentOverride.objects.count() == 0
    boss = log_in(Client(), hotline_supervisor)
    assert boss.post(url, {"recipient": "police", "reason": ""}).status_code == 302
    assert ConsentOverride.objects.count() == 0
    assert boss.post(url, data).status_code == 302
    assert ConsentOverride.objects.count() == 1


def test_a_flag_set_on_the_page_shows_on_the_next_call(operator_client, hotline_operator, record):
    contact = record(hotline_operator, identifier="@caller_two")
    response = operator_client.post(
        f"/hotline/contacts/{contact.pk}/flags/",
        {"kind": "blocked", "reason": "Threatens the operators.", "until": "2099-01-01"},
    )
    assert response.status_code == 302
    # a date beyond the bound is refused, the flag above stands alone

    assert CallerFlag.objects.count() == 0
    until = timezone.localdate() + datetime.timedelta(days=7)
    operator_client.post(
        f"/hotline/contacts/{contact.pk}/flags/",
        {"kind": "blocked", "reason": "Threatens the operators.", "until": until.isoformat()},
    )
    assert CallerFlag.objects.count() == 1
    html = operator_client.post("/hotline/caller/", {"identifier": "@Caller_Two"}).content.decode()
    assert "Threatens the operators." in html


def test_the_administrator_adds_a_topic_and_the_form_offers_it(
    admin, operator_client, hotline_operator
):
    client = log_in(Client(), admin)
    response = client.post(
        "/hotline/topics/",
        {
            "code": "online_recruitment",
            "name_az": "Onlayn işə cəlbetmə",
            "name_ru": "Вербовка в интернете",
            "name_en": "Online recruitment",
            "position": "75",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert "Online recruitment" in operator_client.get(NEW).content.decode()
    assert operator_client.get("/hotline/topics/").status_code == 403


def test_a_look_up_that_shows_earlier_contacts_is_audited_without_the_number(
    operator_client, record, hotline_operator
):
    caller = record(hotline_operator, identifier="+994501234567", notes="first call").caller
    operator_client.post("/hotline/caller/", {"identifier": "050 123 45 67"})
    entry = AuditEntry.objects.get(action="hotline.caller.lookup")
    assert entry.actor_id == hotline_operator.pk and entry.object_id == str(caller.pk)
    assert entry.changes == {"contacts": 1}
    assert "501234567" not in str(entry.changes) and "501234567" not in entry.object_repr
    # A number nobody called from, and what is still being typed, leave no entry.
    operator_client.post("/hotline/caller/", {"identifier": "050 765 43 21"})
    operator_client.post("/hotline/caller/", {"identifier": "050 76"})
    assert AuditEntry.objects.filter(action="hotline.caller.lookup").count() == 1


def test_trying_number_after_number_is_limited_and_the_refusal_audited(
    operator_client, record, hotline_operator, settings
):
    settings.CTIS_CALLER_LOOKUP_LIMIT = 3
    record(hotline_operator, identifier="+994501234567")
    for last in range(3):
        operator_client.post("/hotline/caller/", {"identifier": f"050 000 00 0{last}"})
    refused = operator_client.post("/hotline/caller/", {"identifier": "050 123 45 67"})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "You have looked up 3 callers in 10 minutes" in html
    assert "1 earlier contact" not in html
    assert AuditEntry.objects.filter(action="hotline.caller.lookup_limited").count() == 1
    assert not AuditEntry.objects.filter(action="hotline.caller.lookup").exists()
