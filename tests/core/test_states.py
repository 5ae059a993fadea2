"""The state-machine helper: a table of steps, who may take them, and clear refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from ctis.core.errors import InvalidTransition
from ctis.core.states import Machine, Step, Who, has_perm


class Record:
    def __init__(self, state):
        self.state = state


class User:
    def __init__(self, *perms):
        self.perms = set(perms)

    def has_perm(self, perm):
        return perm in self.perms


MACHINE = Machine(
    [
        Step(
            "submit",
            frozenset({"draft", "returned"}),
            "submitted",
            "submitted",
            has_perm("x.submit"),
        ),
        Step("accept", frozenset({"submitted"}), "accepted", "accepted", has_perm("x.review")),
    ],
    refused="A report that is %(state)s cannot be %(step)s.",
)


def test_allowed_lists_the_steps_the_user_may_take_from_the_state():
    assert MACHINE.allowed(Record("draft"), User("x.submit", "x.review")) == ["submit"]
    assert MACHINE.allowed(Record("submitted"), User("x.submit", "x.review")) == ["accept"]
    assert MACHINE.allowed(Record("submitted"), User("x.submit")) == []
    assert MACHINE.allowed(Record("accepted"), User("x.submit", "x.review")) == []


def test_an_illegal_step_is_refused_with_the_machines_message():
    with pytest.raises(InvalidTransition, match="A report that is accepted cannot be submitted."):
        MACHINE.check(Record("accepted"), "submit")
    with pytest.raises(InvalidTransition, match="Unknown step."):
        MACHINE.check(Record("draft"), "shred")


def test_a_step_the_user_may_not_take_is_refused():
    with pytest.raises(PermissionDenied):
        MACHINE.check(Record("submitted"), "accept", User("x.submit"))


def test_advance_sets_the_state_and_says_from_what():
    record = Record("returned")
    assert MACHINE.advance(record, "submit", User("x.submit")) == ("returned", "submitted")
    assert record.state == "submitted"


def test_a_derived_state():
    stays = Machine(
        [Step("discharge", frozenset({"staying"}), "discharged", "discharged")],
        refused="A stay that is %(state)s cannot be %(step)s.",
        state_of=lambda stay: "discharged" if stay["out"] else "staying",
        state_label=lambda stay: "discharged" if stay["out"] else "staying",
    )
    assert stays.can({"out": None}, "discharge")
    with pytest.raises(InvalidTransition, match="A stay that is discharged cannot be discharged."):
        stays.check({"out": "2024-01-01"}, "discharge")


def test_who_needs_every_test_and_says_which_one_failed():
    same_team = Who(lambda user, record: user.team == record.team, "Only the team may do this.")
    machine = Machine(
        [Step("close", frozenset({"open"}), "closed", "closed", has_perm("x.close") & same_team)],
        refused="A case that is %(state)s cannot be %(step)s.",
    )
    record, user = Record("open"), User("x.close")
    record.team, user.team = "a", "b"
    assert machine.allowed(record, user) == []
    with pytest.raises(PermissionDenied, match="Only the team may do this."):
        machine.check(record, "close", user)
    user.perms = set()
    with pytest.raises(PermissionDenied, match="You do not have permission to do this."):
        machine.check(record, "close", user)
    user.perms, user.team = {"x.close"}, "a"
    record.pk = 7
    assert machine.allowed(record, user) == ["close"]
    assert machine.allowing([record, Record("closed")], user, "close") == {7}
