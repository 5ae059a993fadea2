"""How well the risk screen agrees with labels: precision and recall of its implied label
(risky at ``RISKY_AT`` or more), and each signal's precision (of the texts it matched, the
share labelled risky). Pure functions over (text, label) pairs, so the labelled test set
and the triage decisions of the database are measured alike."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ctis.monitoring.screen import Screen

DATA = Path(__file__).resolve().parent / "data"
TEST_SET = DATA / "test_set.json"
# Sets written later by someone who had seen neither the patterns nor the test set
# (held_out_YYYY_MM.json): the fairest estimate of how the screen does on new texts.
HELD_OUT_SETS = "held_out_*.json"


@dataclass
class Figures:
    texts: int = 0
    risky: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    per_signal: dict[str, list[int]] = field(default_factory=dict)  # code -> [matched, risky]

    @property
    def precision(self) -> float | None:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        return self.true_positive / self.risky if self.risky else None

    def signal_precision(self) -> dict[str, tuple[int, float]]:
        return {
            code: (matched, risky / matched)
            for code, (matched, risky) in sorted(self.per_signal.items())
            if matched
        }


def evaluate(screen: Screen, labelled: Iterable[tuple[str, str]]) -> Figures:
    figures = Figures()
    for text, label in labelled:
        result = screen.screen(text)
        risky = label == "risky"
        figures.texts += 1
        figures.risky += risky
        if result.label == "risky":
            if risky:
                figures.true_positive += 1
            else:
                figures.false_positive += 1
        elif risky:
            figures.false_negative += 1
        for code in result.signals:
            counts = figures.per_signal.setdefault(code, [0, 0])
            counts[0] += 1
            counts[1] += risky
    return figures


def test_set() -> list[dict]:
    return json.loads(TEST_SET.read_text(encoding="utf-8"))["texts"]


def held_out_sets() -> dict[str, list[dict]]:
    """Each later held-out set by its file name, oldest first."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))["texts"]
        for path in sorted(DATA.glob(HELD_OUT_SETS))
    }
