"""Fixtures of the plan's page tests: measure 4.2.1 and the migration service's draft on it."""

import pytest

from ctis.plan.models import Measure
from ctis.plan.services import reporting


@pytest.fixture
def measure(plan):
    return Measure.objects.get(plan=plan, number="4.2.1")


@pytest.fixture
def sms_draft(period, measure, reporter):
    return reporting.report_create(
        actor=reporter,
        period=period,
        measure=measure,
        agency=reporter.agency,
        status="in_progress",
        narrative="Layihə mətni.",
    )
