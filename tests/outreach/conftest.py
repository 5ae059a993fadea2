import datetime

import pytest

from ctis.outreach import services
from ctis.outreach.inputs import EventInput, GroupInput
from ctis.outreach.models import Audience
from ctis.plan.models import Measure

DAY = datetime.date(2024, 5, 14)


@pytest.fixture
def audiences(agencies):
    if not Audience.objects.exists():
        services.audiences_load_reference()
    return {a.code: a for a in Audience.objects.all()}


def event_input(audiences, **overrides) -> EventInput:
    values = {
        "title": "Seminar for school pupils on safe migration",
        "kind": "seminar",
        "starts_on": DAY,
        "ends_on": DAY,
        "place": "Gəncə",
        "audience_ids": [audiences["pupils"].pk, audiences["teachers"].pk],
        "groups": [
            GroupInput(audiences["pupils"].pk, total=30, women=16, men=14),
            GroupInput(audiences["teachers"].pk, total=5, women=4, men=1),
        ],
        "participants_total": 35,
        "materials_count": 100,
        "materials_languages": ["az", "ru"],
        "measure_ids": [Measure.objects.get(number="4.2.1").pk],
    }
    values.update(overrides)
    return EventInput(**values)


@pytest.fixture
def make_event(audiences, plan, reporter):
    def make(actor=None, **overrides):
        return services.event_create(
            actor=actor or reporter, data=event_input(audiences, **overrides)
        )

    return make
