"""The population by year: shipped reference data, corrected by the coordinator."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctis.audit.models import AuditEntry
from ctis.stats.models import Population
from ctis.stats.services import population_load_reference, population_save

pytestmark = pytest.mark.django_db


def test_the_reference_years_load_once_and_keep_a_correction(coordinator):
    created = population_load_reference()
    assert created >= 16 and Population.objects.get(year=2020).population == 10_067_100
    population_save(actor=coordinator, year=2020, population=10_100_000, source="corrected")
    assert population_load_reference() == 0
    assert Population.objects.get(year=2020).population == 10_100_000
    entry = AuditEntry.objects.filter(action="stats.population.update").get()
    assert entry.changes["population"] == {"before": 10_067_100, "after": 10_100_000}


def test_only_the_coordinator_changes_it_and_nothing_wrong_is_saved(coordinator, investigator):
    with pytest.raises(PermissionDenied):
        population_save(actor=investigator, year=2020, population=1)
    with pytest.raises(ValidationError) as refused:
        population_save(actor=coordinator, year=2020, population=0)
    assert "population" in refused.value.message_dict
    with pytest.raises(ValidationError):
        population_save(actor=coordinator, year=1800, population=10)
    assert not Population.objects.exists()
