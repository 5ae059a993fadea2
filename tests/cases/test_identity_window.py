"""The open-with-a-purpose window, kept in any mapping (a session, an API token's store)."""

import pytest
from django.core.exceptions import PermissionDenied

from ctis.audit.models import AuditEntry
from ctis.cases.access import access_person
from ctis.cases.identity import WINDOW_SECONDS, IdentityWindow
from ctis.cases.models import IdentityAccess


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def test_the_window_stays_open_for_its_purpose_until_time_is_up_or_it_is_closed():
    clock = Clock()
    window = IdentityWindow({}, clock=clock)
    assert window.purpose("p1") is None
    window.open("p1", "assistance")
    assert window.purpose("p1") == "assistance" and window.purpose("p2") is None
    clock.now += WINDOW_SECONDS - 1
    assert window.is_open("p1")
    clock.now += 1
    assert not window.is_open("p1")
    window.open("p1", "court")
    window.close("p1")
    assert window.purpose("p1") is None


def test_a_value_of_another_shape_reads_as_closed():
    # Sessions written before the window kept its purpose held a bare time.
    assert IdentityWindow({"ctis.identity.p1": 123.0}).purpose("p1") is None


def test_opening_with_a_purpose_through_the_gate_records_it_once_and_keeps_it_open(
    victim, investigator
):
    store: dict = {}  # what an API token would keep
    access = access_person(
        investigator, victim.pk, "court", note="Hearing on 3 June", window=IdentityWindow(store)
    )
    assert access.identity_open and access.purpose == "court"
    assert IdentityAccess.objects.get(person=victim).purpose == "court"
    assert AuditEntry.objects.filter(action="cases.person.identity_view").count() == 1
    again = access_person(investigator, victim.pk, window=IdentityWindow(store))
    assert again.purpose == "court"
    assert IdentityAccess.objects.count() == 1  # reading within the window is not a new opening


def test_a_purpose_is_refused_to_who_may_not_open_the_identity(victim, analyst):
    with pytest.raises(PermissionDenied):
        access_person(analyst, victim.pk, "investigation", window=IdentityWindow({}))
    assert not IdentityAccess.objects.exists()
    assert access_person(analyst, victim.pk).purpose is None
