"""The referral mechanism's figures: placements and services, persons counted once."""

from __future__ import annotations

import datetime

import pytest

from ctis.nrm import services as nrm
from ctis.nrm.services import ServiceInput
from ctis.stats.figures import annual
from ctis.stats.periods import Period
from tests import factories as f

pytestmark = pytest.mark.django_db


def _deliver(worker, person, kind, day):
    return nrm.service_record(
        actor=worker,
        person=person,
        data=ServiceInput(kind=kind, delivered_on=day, unrequested_reason="Asked for it"),
    )


def test_placements_and_services(agencies, investigator, shelter_worker, admin):
    today = datetime.date.today()
    facility = f.FacilityFactory(actor=admin, agency=agencies["shelter-mia"])
    people = []
    for _ in range(3):
        referral = f.ReferralFactory(actor=investigator, accept=shelter_worker)
        people.append(referral.person)
        nrm.stay_admit(actor=shelter_worker, person=referral.person, facility=facility)
    first, second, third = people
    # Medical and psychological help to one person: rehabilitated once.
    _deliver(shelter_worker, first, "medical", today)
    _deliver(shelter_worker, first, "psychological", today)
    _deliver(shelter_worker, second, "psychological", today)
    _deliver(shelter_worker, first, "employment", today)
    _deliver(shelter_worker, second, "one_time_allowance", today)
    _deliver(shelter_worker, third, "one_time_allowance", today)
    _deliver(shelter_worker, third, "birth_certificate", today)
    protection = annual(Period.years(today.year))["protection"]
    assert protection["placed"] == {"shelter": 3, "assistance_centre": 0}
    assert protection["rehabilitated"] == 2
    assert protection["employed"] == 1
    assert protection["children"]["birth_certificates"] == 1
    one_time = protection["allowances"]["one_time"]
    assert (one_time["persons"], one_time["payments"]) == (2, 2)
    assert float(one_time["total_azn"]) > 0
    assert protection["by_service"]["psychological"] == {"persons": 2, "times": 2}
    last_year = annual(Period.years(today.year - 1))["protection"]
    assert last_year["placed"]["shelter"] == 0 and last_year["rehabilitated"] == 0
