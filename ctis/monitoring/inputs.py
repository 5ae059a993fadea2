"""What the monitoring services take (dataclasses the forms and the demo fill)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ItemInput:
    url: str
    platform: str
    category: str
    found_on: datetime.date | None = None
    text: str = ""
    screenshot: Any = None  # an uploaded file, or None
    language: str = ""  # empty: detected from the text
    escalated_to: str = ""  # child sexual abuse material: the body it was escalated to


@dataclass
class SignalInput:
    code: str
    name_az: str
    name_ru: str
    name_en: str
    weight: Any
    patterns: Sequence[str] = field(default_factory=tuple)
    expressions: Sequence[str] = field(default_factory=tuple)
    test: str = ""
    active: bool = True
