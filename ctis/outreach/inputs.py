"""What a service of ctis.outreach is given (the pages' forms and the demo build these)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GroupInput:
    """The participants of one audience: women, men and the group's total."""

    audience_id: int
    total: int = 0
    women: int = 0
    men: int = 0


@dataclass(frozen=True)
class EventInput:
    title: str
    kind: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    place: str
    mode: str = "in_person"
    partner_ids: list[int] = field(default_factory=list)
    measure_ids: list[int] = field(default_factory=list)
    audience_ids: list[int] = field(default_factory=list)
    groups: list[GroupInput] = field(default_factory=list)
    participants_total: int = 0
    materials_count: int = 0
    materials_languages: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(frozen=True)
class FeedbackInput:
    """A participant's answers, as the public form posts them (ratings and answers raw)."""

    stage: str
    token: str  # the signed form token issued with the form
    honeypot: str = ""
    usefulness: str = ""
    clarity: str = ""
    relevance: str = ""
    comment: str = ""
    answers: dict[int, str] = field(default_factory=dict)  # question id -> "yes" / "no"
    language: str = ""
