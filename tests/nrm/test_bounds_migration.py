"""The migrations that add the bounds and consistency constraints meet stored data: what
has one meaning is corrected (a caught date means caught; an action due before it was set
is due that day), the rest is refused with the rows named, and nothing is half-done."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("cases", "0010_phone_index_e164"), ("nrm", "0007_notification_note")]


def _migrate(target=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    target = target or executor.loader.graph.leaf_nodes()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _back_to_before():
    """Forward to the newest first (another test may have left an app behind), then back."""
    _migrate()
    return _migrate(BEFORE)


def _person(apps, agency, code, **values):
    return apps.get_model("cases", "Person").objects.create(
        code=code, given_name="x", owner_agency=agency, created_by_agency=agency, **values
    )


@pytest.mark.django_db(transaction=True)
def test_stored_data_is_corrected_where_it_has_one_meaning():
    apps = _back_to_before()
    agency = apps.get_model("accounts", "Agency").objects.create(
        code="mig-bounds", kind="ngo", name_az="Test"
    )
    suspect = _person(apps, agency, "P-2022-9201")
    case = apps.get_model("cases", "CriminalCase").objects.create(
        number="mig/1",
        registered_on=datetime.date(2022, 1, 1),
        owner_agency=agency,
        registering_agency=agency,
    )
    part = apps.get_model("cases", "CaseParticipant").objects.create(
        case=case,
        person=suspect,
        role="Perpetrator",
        wanted="Abroad",
        caught_on=datetime.date(2022, 3, 1),
    )
    victim = _person(apps, agency, "V-2022-9202")
    plan = apps.get_model("nrm", "SupportPlan").objects.create(
        person=victim, agency=agency, objectives="x"
    )
    action = apps.get_model("nrm", "SupportAction").objects.create(
        plan=plan, action="Course", responsible=agency, due_on=datetime.date(2021, 1, 1)
    )
    try:
        apps = _migrate()
        assert apps.get_model("cases", "CaseParticipant").objects.get(pk=part.pk).wanted == (
            "Caught"
        )
        set_on = apps.get_model("nrm", "SupportAction").objects.get(pk=action.pk)
        assert set_on.due_on == set_on.created_at.astimezone(datetime.UTC).date()
        assert set_on.due_on >= timezone.now().date() - datetime.timedelta(days=1)
    finally:
        _migrate()


@pytest.mark.django_db(transaction=True)
def test_stored_data_that_cannot_be_guessed_is_refused_naming_the_rows():
    apps = _back_to_before()
    agency = apps.get_model("accounts", "Agency").objects.create(
        code="mig-refuse", kind="ngo", name_az="Test"
    )
    person = _person(
        apps, agency, "V-2022-9203", victim_status="ActualVictimOfTrafficking", forms_mask=0
    )
    try:
        with pytest.raises(RuntimeError) as refused:
            _migrate()
        message = str(refused.value)
        assert "cases.Person: an actual victim with no form of exploitation" in message
        assert str(person.pk) in message
    finally:
        apps.get_model("cases", "Person").objects.filter(pk=person.pk).delete()
        _migrate()
