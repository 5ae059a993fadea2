"""The kinds of alert, declared by the apps that send them, and the reminders they run.

An app declares its kinds from its ``plugins.py`` (``declare(Kind(...))``): the code, the
label its users see on the settings page, who receives it (in words, and by the
permissions that make a user a possible recipient: the settings page lists only those kinds), and whether it is on by default
in the alert centre and by e-mail. A user's own settings (``ctis.inbox.models.Preference``)
override the defaults. A periodic reminder is a function of the time that yields the
``Reminder``s due then (``register_reminder``); ``ctis.inbox.services.send_reminders``
runs them all, and sends each reminder once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Kind:
    code: str  # "<app>.<what happened>", e.g. "plan.report_returned"
    label: Any  # what happened, for the settings page (lazy)
    recipients: Any  # who receives it, in words (lazy)
    in_app: bool = True
    email: bool = True
    order: int = 0
    # The permissions of those who can receive it (any one of them); the settings page lists
    # the kind only to them. Empty: anyone may receive it.
    held_by: tuple[str, ...] = ()

    def reaches(self, user: Any) -> bool:
        return not self.held_by or any(user.has_perm(p) for p in self.held_by)


_kinds: dict[str, Kind] = {}


def declare(*kinds: Kind) -> None:
    for kind in kinds:
        _kinds[kind.code] = kind


def get(code: str) -> Kind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"No app declares the alert kind {code!r}.") from None


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.code))


def subject(text: Any, **params: Any) -> dict[str, str]:
    """The alert's subject in every language: ``text`` (a lazy string with named
    placeholders, or an ``ngettext_lazy`` counted by one of them) filled with ``params``, each a value or a function called in the
    language (an agency's short name). Only codes and titles belong in it, never an
    identity or a sealed text."""
    rendered = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values = {name: value() if callable(value) else value for name, value in params.items()}
            rendered[code] = str(text % values)[:300]
    return rendered


@dataclass(frozen=True)
class Reminder:
    """One reminder due: sent once per ``key`` (say ``notification:<id>:24h``). The
    recipients may be a function that finds them, called only if the reminder was not
    sent before."""

    kind: str
    key: str
    recipients: Iterable[Any] | Callable[[], Iterable[Any]]
    subject: dict[str, str]
    link: str


ReminderSource = Callable[[datetime.datetime], Iterable[Reminder]]
_reminders: dict[str, ReminderSource] = {}


def register_reminder(name: str, source: ReminderSource) -> None:
    _reminders[name] = source


def reminder_sources() -> list[tuple[str, ReminderSource]]:
    return sorted(_reminders.items())
