"""The annual statistics ask a fixed number of queries, whatever the number of records."""

from __future__ import annotations

import datetime

import pytest

from ctis.stats.figures import annual
from ctis.stats.periods import Period
from tests.queries import assert_calls_constant
from tests.stats import builders

pytestmark = pytest.mark.django_db


def test_annual_queries_do_not_grow_with_the_data(investigator):
    def add(n):
        for i in range(n):
            builders.victim(
                investigator,
                citizenships=("AZ", "UZ") if i % 2 else ("UZ",),
                exploited_in=("TR", "AZ"),
                forms=("SexualExploitation", "ForcedLabour"),
            )
            case = builders.case(investigator)
            person = builders.accused(investigator, sex="Feminine" if i % 2 else "Masculine")
            builders.prosecute(
                investigator,
                case,
                person,
                verdict_on=datetime.date(2020, 9, 1),
                outcome="Convicted",
                sentence="Imprisonment",
                term_months=24,
            )

    assert_calls_constant({"annual": lambda: annual(Period.years(2020))}, add, ceiling=40)
