"""The open-with-a-purpose window: which identities a user has opened, why, and for how
much longer.

An identity the access decision allows is still shown only after the user says why they
open it (``identity_open``, written to the audit log and to ``IdentityAccess``); it then
stays open for 15 minutes, or until the user hides it. The window is kept in a mapping
that the caller owns: a browser session (``session_window``), or an API token's store, so
that a system opens an identity the same way a person does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from typing import Any

WINDOW_SECONDS = 15 * 60
# Who has just entered a person typed the identity: it is open to them, for that.
ENTRY_PURPOSE = "entry"
_PREFIX = "ctis.identity."


class IdentityWindow:
    def __init__(
        self, store: MutableMapping[str, Any], *, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.clock = clock

    @staticmethod
    def _key(person) -> str:
        return f"{_PREFIX}{getattr(person, 'pk', person)}"

    def purpose(self, person) -> str | None:
        """What the identity is open for, or None when it is closed or its time is up."""
        opened = self.store.get(self._key(person))
        if not isinstance(opened, dict):
            return None
        if self.clock() - opened.get("at", 0) >= WINDOW_SECONDS:
            return None
        return opened.get("purpose")

    def is_open(self, person) -> bool:
        return self.purpose(person) is not None

    def open(self, person, purpose: str) -> None:
        self.store[self._key(person)] = {"at": self.clock(), "purpose": purpose}

    def close(self, person) -> None:
        self.store.pop(self._key(person), None)


def session_window(request) -> IdentityWindow:
    return IdentityWindow(request.session)


def identity_open(*, user, person, purpose: str, note: str = "", window: IdentityWindow | None):
    """Open the identity for ``purpose``: recorded (``services.identity_open`` audits it,
    and refuses a user the decision does not allow), then kept open in the window."""
    from ctis.cases.services import identity_open as record  # services -> access -> this module

    access = record(actor=user, person=person, purpose=purpose, note=note)
    if window is not None:
        window.open(person, purpose)
    return access
