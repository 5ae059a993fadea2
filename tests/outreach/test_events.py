"""Recording events: the service's checks and refusals (nothing saved), the constraints
written directly, and who may change what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ctis.audit.models import AuditEntry
from ctis.core.locking import StaleVersion
from ctis.outreach import services
from ctis.outreach.forms import EventForm
from ctis.outreach.inputs import EventInput, GroupInput
from ctis.outreach.models import Event, ParticipantGroup
from tests.outreach.conftest import event_input

pytestmark = pytest.mark.django_db


def test_an_event_is_recorded_with_its_groups_measures_and_audit(make_event, reporter):
    event = make_event()
    assert event.organiser_id == reporter.agency_id
    assert event.participants_total == 35
    assert sorted(event.groups.values_list("total", "women", "men")) == [(5, 4, 1), (30, 16, 14)]
    assert list(event.measures.values_list("number", flat=True)) == ["4.2.1"]
    assert event.materials_languages == "az,ru"
    assert len(event.token) >= 20 and str(event.pk) != event.token
    entry = AuditEntry.objects.get(action="outreach.event.create", object_id=str(event.pk))
    assert entry.changes["groups"]["after"]


def test_more_participants_by_group_than_in_total_is_refused_and_nothing_saved(
    audiences, plan, reporter
):
    data = event_input(audiences, participants_total=20)
    with pytest.raises(ValidationError) as refused:
        services.event_create(actor=reporter, data=data)
    assert "participants_total" in refused.value.message_dict
    assert "35" in refused.value.message_dict["participants_total"][0]
    assert not Event.objects.exists()


def test_more_women_and_men_than_the_group_total_is_refused_beside_the_group(
    audiences, plan, reporter
):
    pupils = audiences["pupils"].pk
    data = event_input(
        audiences, groups=[GroupInput(pupils, total=10, women=8, men=5)], participants_total=30
    )
    with pytest.raises(ValidationError) as refused:
        services.event_create(actor=reporter, data=data)
    assert f"group_{pupils}_total" in refused.value.message_dict
    assert not Event.objects.exists()


def test_the_database_refuses_a_group_whose_sexes_exceed_its_total(make_event, audiences):
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantGroup.objects.create(
            event=event, audience=audiences["parents"], total=3, women=2, men=2
        )


def test_the_database_refuses_a_last_day_before_the_first(make_event):
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(ends_on=datetime.date(2024, 1, 1))


def test_bad_dates_kind_and_languages_are_refused_beside_their_fields(audiences, plan, reporter):
    data = event_input(
        audiences,
        kind="party",
        ends_on=datetime.date(2024, 5, 1),
        materials_languages=["xx"],
        title="",
    )
    with pytest.raises(ValidationError) as refused:
        services.event_create(actor=reporter, data=data)
    errors = refused.value.message_dict
    assert {"kind", "materials_languages", "title"} <= set(errors)
    assert "ends_on" in errors or "__all__" in errors
    assert not Event.objects.exists()


def test_only_the_organisers_staff_change_an_event(make_event, labour_reporter, coordinator):
    event = make_event()
    for outsider in (labour_reporter, coordinator):
        with pytest.raises(PermissionDenied):
            services.event_update(
                actor=outsider, event=event, data=event_input_from(event), version=event.version
            )
        with pytest.raises(PermissionDenied):
            services.event_assess(actor=outsider, event=event, assessment="Good")


def test_a_role_without_the_permission_records_nothing(audiences, plan, analyst):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=analyst, data=event_input(audiences))


def test_a_stale_edit_is_refused(make_event, reporter, head):
    event = make_event()
    services.event_update(
        actor=head, event=event, data=event_input_from(event, title="Renamed"), version=1
    )
    with pytest.raises(StaleVersion):
        services.event_update(
            actor=reporter, event=event, data=event_input_from(event, title="Mine"), version=1
        )
    assert Event.objects.get(pk=event.pk).title == "Renamed"


def test_feedback_closes_and_reopens_through_the_machine(make_event, reporter):
    event = make_event()
    event = services.event_feedback_step(actor=reporter, event=event, step="close")
    assert event.feedback == "closed"
    with pytest.raises(ValidationError):
        services.event_feedback_step(actor=reporter, event=event, step="close")
    event = services.event_feedback_step(actor=reporter, event=event, step="reopen")
    assert event.feedback_open


def test_knowledge_questions_are_for_trainings_and_fixed_once_answered(make_event, reporter):
    seminar = make_event()
    with pytest.raises(ValidationError):
        services.question_add(actor=reporter, event=seminar, statement="X", is_true=True)
    training = make_event(kind="training")
    question = services.question_add(
        actor=reporter,
        event=training,
        statement="Debt bondage is a form of trafficking.",
        is_true=True,
    )
    assert question.position == 1


def event_input_from(event, **overrides):
    initial = EventForm.initial_from(event)
    groups = [
        GroupInput(g.audience_id, total=g.total, women=g.women, men=g.men)
        for g in event.groups.all()
    ]
    values = {
        "title": initial["title"],
        "kind": initial["kind"],
        "starts_on": initial["starts_on"],
        "ends_on": initial["ends_on"],
        "place": initial["place"],
        "mode": initial["mode"],
        "audience_ids": [a.pk for a in initial["audiences"]],
        "measure_ids": [m.pk for m in initial["measures"]],
        "groups": groups,
        "participants_total": initial["participants_total"],
    }
    values.update(overrides)
    return EventInput(**values)


def test_a_last_day_before_the_first_is_refused_beside_the_last_day_once(audiences, plan, reporter):
    data = event_input(audiences, ends_on=datetime.date(2024, 5, 1))
    with pytest.raises(ValidationError) as refused:
        services.event_create(actor=reporter, data=data)
    errors = refused.value.message_dict
    assert errors["ends_on"] == ["The last day cannot be before the first day."]
    assert "__all__" not in errors
    assert not Event.objects.exists()
