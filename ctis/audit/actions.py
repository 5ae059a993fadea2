"""What each audit action code and purpose code means, in words an auditor reads.

Each app names its own actions with :func:`describe_actions` and its purposes with
:func:`describe_purposes` from its ``AppConfig.ready`` (in its ``plugins.py``); the log
stores the code, the pages show the words. A code without words is shown as is.
"""

from collections.abc import Mapping

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
