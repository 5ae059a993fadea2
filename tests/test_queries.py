"""The n/2n helper fails a read that queries once per row and passes one that does not."""

import pytest

from ctis.accounts.models import Agency
from tests.factories import AgencyFactory
from tests.queries import assert_calls_constant


def add_agencies(count):
    AgencyFactory.create_batch(count)


def test_a_query_per_row_fails(agencies):
    def per_row():
        for agency in Agency.objects.filter(code__startswith="extra-"):
            agency.users.count()  # one query per agency

    def one_query():
        list(Agency.objects.filter(code__startswith="extra-").select_related("parent"))

    with pytest.raises(AssertionError, match="with 3 rows"):
        assert_calls_constant({"per row": per_row}, add_agencies, ceiling=100)
    assert assert_calls_constant({"one": one_query}, add_agencies, ceiling=1) == {"one": 1}


def test_the_ceiling_still_holds(agencies):
    def two_queries():
        Agency.objects.count()
        Agency.objects.count()

    with pytest.raises(AssertionError, match="more than 1"):
        assert_calls_constant({"two": two_queries}, add_agencies, ceiling=1)
