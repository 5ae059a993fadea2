"""State machines: a table of allowed steps, one service per step (STYLE.md).

A ``Machine`` is the table for one kind of record: each ``Step`` says from which states it
may be taken, to which state it leads, and who may take it. A service asks the machine to
``check`` the step before it acts (an illegal step is a clear ``InvalidTransition``, a
step the user may not take a ``PermissionDenied``), then sets the state itself; a page
asks ``allowed(record, user)`` which steps to offer instead of recomputing them.

Records whose state is derived (a stay is open until it has a discharge date) give the
machine a ``state_of`` function instead of a field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ctis.core.errors import InvalidTransition

Test = Callable[[Any, Any], bool]  # (user, record) -> passes


class Who:
    """Who may take a step: tests of (user, record), each with the refusal a user who fails
    it reads (None: "You do not have permission to do this."); ``a & b`` needs both."""

    def __init__(self, test: Test, denied: Any = None) -> None:
        self.tests: tuple[tuple[Test, Any], ...] = ((test, denied),)

    def __and__(self, other: Who) -> Who:
        both = Who(self.tests[0][0], self.tests[0][1])
        both.tests = self.tests + other.tests
        return both

    def __call__(self, user, record) -> bool:
        return all(test(user, record) for test, _denied in self.tests)

    def refusal(self, user, record) -> str | None:
        for test, denied in self.tests:
            if not test(user, record):
                return str(denied or _("You do not have permission to do this."))
        return None


anyone = Who(lambda user, record: True)


def has_perm(permission: str, denied: Any = None) -> Who:
    return Who(lambda user, record: user is not None and user.has_perm(permission), denied)


@dataclass(frozen=True)
class Step:
    name: str
    sources: frozenset[str]
    target: str
    label: Any  # the state it leads to, for messages ("accepted"), translated lazily
    may: Who = anyone


class Machine:
    def __init__(
        self,
        steps: Iterable[Step],
        *,
        refused: Any,
        field: str = "state",
        state_of: Callable[[Any], str] | None = None,
        state_label: Callable[[Any], str] | None = None,
    ) -> None:
        """``refused`` is the message of an illegal step, with %(state)s and %(step)s
        (e.g. "A referral that is %(state)s cannot be %(step)s.")."""
        self.steps = {step.name: step for step in steps}
        self.refused = refused
        self.field = field
        self._state_of = state_of
        self._state_label = state_label

    def state(self, record) -> str:
        if self._state_of is not None:
            return self._state_of(record)
        return getattr(record, self.field)

    def state_label(self, record) -> str:
        if self._state_label is not None:
            return self._state_label(record)
        display = getattr(record, f"get_{self.field}_display", None)
        return str(display()) if display is not None else self.state(record)

    def step(self, name: str) -> Step:
        try:
            return self.steps[name]
        except KeyError:
            raise InvalidTransition(_("Unknown step.")) from None

    def can(self, record, name: str) -> bool:
        """The table allows the step from the record's state (whoever takes it)."""
        step = self.steps.get(name)
        return step is not None and self.state(record) in step.sources

    def allowed(self, record, user) -> list[str]:
        """The steps this user may take on this record now, in the table's order."""
        return [
            name
            for name, step in self.steps.items()
            if self.state(record) in step.sources and step.may(user, record)
        ]

    def allowing(self, records: Iterable, user, name: str) -> set:
        """The keys of the records on which this user may take step ``name`` now (for a
        list that offers the step on some of its rows)."""
        return {record.pk for record in records if name in self.allowed(record, user)}

    def check(self, record, name: str, user=None) -> Step:
        """The step, if the table allows it from the record's state and (given a user) the
        user may take it; else the error that says why."""
        step = self.step(name)
        refusal = step.may.refusal(user, record) if user is not None else None
        if refusal is not None:
            raise PermissionDenied(refusal)
        if self.state(record) not in step.sources:
            raise InvalidTransition(
                self.refused % {"state": self.state_label(record), "step": step.label}
            )
        return step

    def advance(self, record, name: str, user=None) -> tuple[str, str]:
        """Check the step and set the record's state field; returns (before, after)."""
        step = self.check(record, name, user)
        before = self.state(record)
        setattr(record, self.field, step.target)
        return before, step.target
