"""The seed signals on the development examples (``data/dev_examples.json``): short
advertisements written by hand, risky and harmless, in az (Latin, without diacritics,
Cyrillic), ru (Cyrillic, transliterated) and en, to check that the patterns generalise
beyond their own phrases without flagging ordinary job, study, dating or property ads.
These are not the held-out test set (``ctis/monitoring/data/test_set.json``)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ctis.monitoring import evaluation, selectors
from ctis.monitoring.screen import RISKY_AT, fold_pattern

DEV = Path(__file__).resolve().parent / "data" / "dev_examples.json"
# Short keys allowed because the word is distinctive (an abbreviation, not a stem).
DISTINCTIVE = {"uae"}
SIGNALS = Path(evaluation.__file__).resolve().parent / "data" / "signals.json"


def _examples() -> list[dict]:
    return json.loads(DEV.read_text(encoding="utf-8"))["texts"]


def test_the_development_examples_cover_the_languages_scripts_and_labels():
    texts = _examples()
    assert len(texts) >= 60
    assert {(t["language"], t["script"]) for t in texts} >= {
        ("az", "latn"),
        ("az", "ascii"),
        ("az", "cyrl"),
        ("ru", "cyrl"),
        ("ru", "latn"),
        ("en", "latn"),
    }
    assert {t["label"] for t in texts} == {"risky", "harmless"}


@pytest.mark.django_db
def test_the_seed_signals_find_the_risky_examples_without_flagging_the_harmless(signals):
    texts = _examples()
    figures = evaluation.evaluate(selectors.screen(), ((t["text"], t["label"]) for t in texts))
    print(
        f"\ndev examples: {figures.texts} texts, {figures.risky} risky; "
        f"precision {figures.precision:.1%}, recall {figures.recall:.1%}"
    )
    assert figures.recall >= 0.8
    assert figures.precision >= 0.9


def test_every_seed_weight_stays_below_the_threshold_and_every_pattern_is_long_enough():
    rows = json.loads(SIGNALS.read_text(encoding="utf-8"))["signals"]
    assert len({row["code"] for row in rows}) == len(rows)
    for row in rows:
        assert Decimal("0") < Decimal(row["weight"]) < Decimal(str(RISKY_AT)), row["code"]
        for pattern in row["patterns"]:
            # a folded stem of three letters would match inside too many common words
            key = fold_pattern(pattern)
            assert len(key) >= 4 or key in DISTINCTIVE, (row["code"], pattern)
