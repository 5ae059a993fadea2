"""The person list counts at most PERSONS_COUNT_LIMIT rows, and says so past it."""

from django.test import Client

from ctis.cases import views
from ctis.cases.models import Person
from tests.factories import PersonFactory
from tests.personas import log_in
from tests.queries import assert_queries_constant


def test_list_counts_exactly_up_to_the_limit(investigator, countries, monkeypatch):
    monkeypatch.setattr(views, "PERSONS_COUNT_LIMIT", 3)
    PersonFactory.create_batch(3, actor=investigator)
    page = log_in(Client(), investigator).get("/cases/persons/").content.decode()
    assert "3 persons" in page and "More than" not in page


def test_list_past_the_limit_says_more_than_and_pages_through_the_first(
    investigator, countries, monkeypatch
):
    monkeypatch.setattr(views, "PERSONS_COUNT_LIMIT", 3)
    monkeypatch.setattr(views, "PERSONS_PER_PAGE", 2)
    client = log_in(Client(), investigator)

    def add_rows(count):
        PersonFactory.create_batch(count, actor=investigator)

    # 4 and then 8 persons: past the limit both times, and as many queries.
    # 13 with the header's unread alerts count.
    assert_queries_constant(client, "/cases/persons/", add_rows, n=4, ceiling=13)
    first = client.get("/cases/persons/").content.decode()
    assert "More than 3 persons: the list shows the first 3" in first
    assert "Page 1 of 2" in first
    newest = list(Person.objects.order_by("-created_at").values_list("code", flat=True))
    assert len(newest) == 8 and all(code in first for code in newest[:2])
    last = client.get("/cases/persons/?page=9").content.decode()
    assert newest[2] in last and newest[3] not in last and "Page 2 of 2" in last
