"""The public statistics: published by the coordinator, read by anyone, small counts
protected across the tables published together, and earlier patterns kept."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from ctis.audit.models import AuditEntry
from ctis.stats.disclosure import determined
from ctis.stats.models import Publication
from ctis.stats.periods import Period
from ctis.stats.public import release_for
from ctis.stats.services import publication_make
from tests.stats import builders

pytestmark = pytest.mark.django_db

Y2020 = Period.years(2020)


@pytest.fixture
def victims_2020(investigator):
    for _ in range(12):
        builders.victim(investigator)
    for _ in range(3):
        builders.victim(investigator, sex="Masculine")
    builders.victim(investigator, citizenships=("UZ",))


def test_published_figures_hide_small_counts_and_what_would_reveal_them(victims_2020, coordinator):
    publication = publication_make(actor=coordinator, period=Y2020)
    shown = publication.shown
    assert shown["victims.total"] == "16"
    assert shown["victims_sex_age.male.adult"] == "<5"
    assert shown["victims_citizenship.foreigners"] == "<5"
    # Neither can be worked out from what is shown: each has another hidden cell beside it.
    release, _plain = release_for(Y2020)
    assert determined(release, sorted(publication.pattern)) == []
    assert shown["victims_citizenship.citizens"] == "x"
    entry = AuditEntry.objects.get(action="stats.publication.create")
    assert entry.changes["primary"] >= 2 and entry.changes["secondary"] >= 2


def test_the_public_page_needs_no_log_in_and_shows_only_what_was_published(
    client, victims_2020, coordinator
):
    assert (
        "Hələ heç bir statistika dərc olunmayıb." in client.get("/stats/public/").content.decode()
    )
    publication_make(actor=coordinator, period=Y2020)
    page = client.get("/stats/public/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2020" in text and "&lt;5" in text and ">16<" in text
    assert "Statistika" not in text  # no name ever


def test_a_later_release_of_the_same_year_hides_what_the_first_hid(
    victims_2020, coordinator, investigator
):
    first = publication_make(actor=coordinator, period=Y2020)
    for _ in range(10):  # later entries: the foreigners are no longer a small count
        builders.victim(investigator, citizenships=("UZ",))
    second = publication_make(actor=coordinator, period=Y2020)
    assert set(first.pattern) <= set(second.pattern)
    assert second.shown["victims_citizenship.foreigners"] == "x"


def test_only_the_coordinator_publishes_and_only_an_ended_period(
    victims_2020, coordinator, analyst
):
    with pytest.raises(PermissionDenied):
        publication_make(actor=analyst, period=Y2020)
    this_year = datetime.date.today().year
    with pytest.raises(ValidationError, match="has ended"):
        publication_make(actor=coordinator, period=Period.years(this_year))
    assert not Publication.objects.exists()


def test_the_publish_command(victims_2020, coordinator):
    out = io.StringIO()
    call_command("stats", "publish", "--year", "2020", "--as", coordinator.username, stdout=out)
    assert out.getvalue().startswith("Published 2020:")
    with pytest.raises(CommandError, match="No active user"):
        call_command("stats", "publish", "--year", "2020", "--as", "nobody")
