"""What each audit action code and purpose code means, in words an auditor reads.

Each app names its own actions with :func:`describe_actions` and its purposes with
:func:`describe_purposes` from its ``AppConfig.ready`` (in its ``plugins.py``); the log
stores the code, the pages show the words. A code without words is shown as is.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    # Core sits below the audit app and cannot describe its own actions: they are here.
    "core.countries.load": _("Country list loaded"),
    "core.keys.rotate": _("Identity data re-encrypted under a new key"),
}


def describe(code: str, label: Promise | str) -> None:
    ACTION_LABELS[code] = label


def describe_actions(labels: Mapping[str, Promise | str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


# An entry's purpose is a code ("assistance"), a code and the user's note
# ("court: Hearing on 3 June"), or a free text written whole (a break-glass reason).
PURPOSE_LABELS: dict[str, Promise | str] = {}


def describe_purposes(labels: Mapping[str, Promise | str]) -> None:
    PURPOSE_LABELS.update(labels)


def purpose_label(text: str) -> str:
    code, sep, note = text.partition(": ")
    label = PURPOSE_LABELS.get(code)
    if label is None:
        return text
    return f"{label}{sep}{note}"


# How the changes of an entry are read (``ctis.audit.selectors.entry_changes``). An entry
# names the fields of its object, except where a service records a part of a record on the
# record itself (a trafficking event on its person): ``ACTION_MODELS`` says whose fields
# such an action's changes are. ``VALUE_CHOICES`` gives the words of fields that hold a
# list of codes (a JSON list has no choices of its own), keyed ``app.model.field``.
# ``CHANGE_LABELS`` names what is no field (``fields``, ``version``), by key or by
# ``app.model.key``.
ACTION_MODELS: dict[str, str] = {}
VALUE_CHOICES: dict[str, Iterable[tuple[Any, Any]]] = {}
CHANGE_LABELS: dict[str, Promise | str] = {
    "fields": _("fields"),
    "version": _("version"),
}


def describe_changes(
    *,
    models: Mapping[str, str] | None = None,
    values: Mapping[str, Iterable[tuple[Any, Any]]] | None = None,
    labels: Mapping[str, Promise | str] | None = None,
) -> None:
    ACTION_MODELS.update(models or {})
    VALUE_CHOICES.update(values or {})
    CHANGE_LABELS.update(labels or {})
