"""The hotline's services: what they refuse (nothing saved), the tip to the police unit
with or without the caller's details, the supervisor's override, flags, the link to a
person."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.cases.access import Access, person_access
from ctis.cases.models import Person, PersonContact
from ctis.hotline import selectors, services
from ctis.hotline.models import (
    Caller,
    CallerFlag,
    ConsentOverride,
    Contact,
    ContactTopic,
    Outcome,
    Recipient,
    Topic,
)
from ctis.nrm.models import Notification
from tests import factories


def _nothing_saved():
    assert Contact.objects.count() == 0
    assert ContactTopic.objects.count() == 0
    assert Caller.objects.count() == 0


def test_a_call_without_a_topic_saves_nothing(hotline_operator, record):
    with pytest.raises(ValidationError) as refused:
        record(hotline_operator, topics=(), identifier="050 123 45 67")
    assert "topics" in refused.value.message_dict
    _nothing_saved()


def test_a_silent_call_needs_no_topic(hotline_operator, record):
    contact = record(hotline_operator, topics=(), nature="silent")
    assert contact.pk


def test_a_contacts_topics_carry_its_time(hotline_operator, record):
    """The statistics count a period's topics by the topic rows' own time (no join)."""
    received = timezone.now() - datetime.timedelta(days=40)
    contact = record(hotline_operator, topics=("work_abroad", "adoption"), received_at=received)
    rows = ContactTopic.objects.filter(contact=contact)
    assert sorted(row.received_at for row in rows) == [received, received]


@pytest.mark.parametrize("typed", ["12ab!!", "hello world", "050 12", "a@b"])
def test_an_identifier_that_is_none_saves_nothing(hotline_operator, record, typed):
    with pytest.raises(ValidationError) as refused:
        record(hotline_operator, identifier=typed)
    assert "identifier" in refused.value.message_dict
    _nothing_saved()


def test_an_emergency_needs_what_it_is_for(hotline_operator, record):
    with pytest.raises(ValidationError):
        record(hotline_operator, outcome=Outcome.EMERGENCY)
    _nothing_saved()
    contact = record(hotline_operator, outcome=Outcome.EMERGENCY, emergency="shelter")
    assert contact.emergency == "shelter"


def test_only_the_hotline_records(investigator, analyst, record):
    for user in (investigator, analyst):
        with pytest.raises(PermissionDenied):
            record(user)
    _nothing_saved()


def test_notes_and_identifiers_never_reach_the_audit(hotline_operator, record):
    record(hotline_operator, identifier="050 123 45 67", notes="secret words")
    entry = AuditEntry.objects.get(action="hotline.contact.create")
    text = str(entry.changes)
    assert "secret" not in text and "501234567" not in text


def test_a_tip_without_consent_tells_the_unit_without_the_callers_number(
    hotline_operator, investigator, record
):
    contact = record(
        hotline_operator,
        identifier="050 123 45 67",
        outcome=Outcome.POLICE_TIP,
        notes="A recruiter takes girls to Dubai.",
    )
    services.contact_notify_police(actor=hotline_operator, contact=contact, given_name="Aysel")
    contact.refresh_from_db()
    notification = Notification.objects.with_sealed().get()
    assert contact.notification == notification
    assert "Dubai" in notification.note
    person = contact.person
    assert person.code.startswith("V")
    assert not PersonContact.objects.filter(person=person).exists()
    # the unit's investigators see the person through the notification

    assert person_access(investigator, person) == Access.IDENTITY
    with pytest.raises(ValidationError):
        services.contact_notify_police(actor=hotline_operator, contact=contact)
    assert Notification.objects.count() == 1


def test_a_tip_with_consent_passes_the_callers_number_on(hotline_operator, record):
    contact = record(
        hotline_operator,
        identifier="050 123 45 67",
        outcome=Outcome.PRESUMED_VICTIM,
        notes="She is held in a flat.",
        consents=[Recipient.POLICE],
    )
    services.contact_notify_police(actor=hotline_operator, contact=contact)
    contact.refresh_from_db()
    phones = list(PersonContact.objects.filter(person=contact.person))
    assert [p.kind for p in phones] == ["Phone"]


def test_only_a_tip_or_a_presumed_victim_is_notified(hotline_operator, record):
    contact = record(hotline_operator, notes="asked about visas")
    with pytest.raises(ValidationError):
        services.contact_notify_police(actor=hotline_operator, contact=contact)
    assert Notification.objects.count() == 0
    assert Person.objects.count() == 0


def test_an_override_needs_the_supervisors_role(hotline_operator, hotline_supervisor, record):
    contact = record(hotline_operator, identifier="050 123 45 67", outcome=Outcome.POLICE_TIP)
    with pytest.raises(PermissionDenied):
        services.consent_override(
            actor=hotline_operator, contact=contact, recipient="police", reason="danger"
        )
    assert ConsentOverride.objects.count() == 0
    with pytest.raises(ValidationError):
        services.consent_override(
            actor=hotline_supervisor, contact=contact, recipient="police", reason="  "
        )
    assert ConsentOverride.objects.count() == 0
    services.consent_override(
        actor=hotline_supervisor,
        contact=contact,
        recipient="police",
        reason="He said they leave tonight.",
    )
    assert selectors.disclosures(contact)["police"].allowed
    entry = AuditEntry.objects.get(action="hotline.consent.override")
    assert "tonight" not in str(entry.changes)
    services.contact_notify_police(actor=hotline_operator, contact=contact, note="urgent")
    contact.refresh_from_db()
    assert PersonContact.objects.filter(person=contact.person).count() == 1


def test_a_flag_has_a_reason_and_an_end_and_shows_while_it_lasts(hotline_operator, record):
    contact = record(hotline_operator, identifier="@caller_one")
    caller = contact.caller
    with pytest.raises(ValidationError):
        services.flag_set(
            actor=hotline_operator, caller=caller, kind="abusive", reason="", until=None
        )
    assert CallerFlag.objects.count() == 0
    until = timezone.localdate() + datetime.timedelta(days=30)
    flag = services.flag_set(
        actor=hotline_operator, caller=caller, kind="abusive", reason="Insults", until=until
    )
    assert [f.pk for f in selectors.active_flags(caller)] == [flag.pk]
    assert selectors.active_flags(caller, today=until + datetime.timedelta(days=1)) == []
    services.flag_lift(actor=hotline_operator, flag=flag)
    assert selectors.active_flags(caller) == []
    assert AuditEntry.objects.filter(action__startswith="hotline.caller.").count() == 2


def test_contacts_link_to_a_person_through_the_gate(
    hotline_operator, investigator, shelter_worker, record
):
    person = factories.PersonFactory(actor=investigator)
    first = record(hotline_operator)
    second = record(hotline_operator)
    services.contact_person_link(actor=investigator, contact=first, person=person)
    services.contact_person_link(actor=investigator, contact=second, person=person)
    assert set(selectors.person_contacts(person)) == {first, second}
    # the operator may not open the record, so may not link to it
    with pytest.raises(PermissionDenied):
        services.contact_person_link(actor=hotline_operator, contact=first, person=person)
    with pytest.raises(PermissionDenied):
        services.contact_person_link(actor=shelter_worker, contact=first, person=None)


def test_the_reference_topics_load_once_and_leave_renames_alone(admin):
    services.topic_save(
        actor=admin,
        code="other",
        name_az="Digər mövzular",
        name_ru="Прочее",
        name_en="Other questions",
        position=99,
    )
    Topic.objects.filter(code="adoption").delete()
    assert services.topics_load_reference() == 1
    assert services.topics_load_reference() == 0
    assert Topic.objects.get(code="other").name_en == "Other questions"
    assert Topic.objects.count() == 7
