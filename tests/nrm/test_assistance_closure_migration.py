"""The rename of CaseClosure to AssistanceClosure keeps the closings already recorded,
both ways."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("nrm", "0001_initial")]
AFTER = [("nrm", "0002_rename_caseclosure_assistanceclosure")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_rename_keeps_the_closings_and_goes_back():
    apps = _migrate(BEFORE)
    agency = apps.get_model("accounts", "Agency").objects.create(
        code="mig-closure", kind="ngo", name_az="Test"
    )
    person = apps.get_model("cases", "Person").objects.create(
        code="V-2022-9101", given_name="x", owner_agency=agency, created_by_agency=agency
    )
    apps.get_model("nrm", "CaseClosure").objects.create(
        person=person,
        agency=agency,
        closed_on=datetime.date(2022, 5, 1),
        reason="reintegrated",
        note="kept",
    )

    apps = _migrate(AFTER)
    closure = apps.get_model("nrm", "AssistanceClosure").objects.get(person_id=person.pk)
    assert (closure.closed_on, closure.reason, closure.note) == (
        datetime.date(2022, 5, 1),
        "reintegrated",
        "kept",
    )

    apps = _migrate(BEFORE)
    assert apps.get_model("nrm", "CaseClosure").objects.get(person_id=person.pk).note == "kept"
    _migrate(AFTER)
