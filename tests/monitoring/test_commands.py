"""``ctis monitoring score FILE`` and ``ctis monitoring evaluate``, in a process of their
own where the exit code and the absence of a traceback matter."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from ctis.monitoring import evaluation, selectors, services
from tests.monitoring.conftest import HARMLESS, RISKY

pytestmark = pytest.mark.django_db


def test_score_prints_one_json_object_a_line(signals, tmp_path):
    source = tmp_path / "ads.txt"
    source.write_text(f"{RISKY}\n{HARMLESS}\n", encoding="utf-8")
    out = StringIO()
    call_command("monitoring", "score", str(source), stdout=out)
    first, second = [json.loads(line) for line in out.getvalue().splitlines()]
    assert first["label"] == "risky" and 0.5 <= first["score"] <= 1
    assert second["label"] == "harmless"
    hit = next(s for s in first["signals"] if s["signal"] == "no-experience")
    assert RISKY[hit["start"] : hit["end"]] == hit["text"] == "Təcrübə tələb olunmur"


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "ctis.cli", "monitoring", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_file_is_a_clear_message_and_exit_2(tmp_path):
    done = _run("score", str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert "No such file" in done.stderr and "Traceback" not in done.stderr


def test_a_file_that_is_not_utf8_is_a_clear_message_and_exit_2(tmp_path):
    source = tmp_path / "ads.txt"
    source.write_bytes("Работа за границей".encode("cp1251"))
    done = _run("score", str(source))
    assert done.returncode == 2
    assert "not UTF-8" in done.stderr and "Traceback" not in done.stderr


def test_evaluate_reports_the_test_set_and_the_triage_labels(record, monitoring_officer):
    risky, harmless = record(monitoring_officer), record(monitoring_officer, text=HARMLESS)
    services.item_step(actor=monitoring_officer, item=risky, step="refer")
    services.item_step(actor=monitoring_officer, item=harmless, step="close")
    out = StringIO()
    call_command("monitoring", "evaluate", stdout=out)
    text = out.getvalue()
    assert "Triage labels in the database (2 items decided)" in text
    assert "precision 100.0%, recall 100.0%" in text.split("Labelled test set")[0]
    figures = evaluation.evaluate(
        selectors.screen(), ((t["text"], t["label"]) for t in evaluation.test_set())
    )
    assert f"precision {figures.precision:.1%}, recall {figures.recall:.1%}" in text
    assert "no-experience" in text


def test_the_test_set_has_at_least_90_labelled_texts_in_three_languages():
    texts = evaluation.test_set()
    assert len(texts) >= 90
    assert {t["language"] for t in texts} == {"az", "ru", "en"}
    assert {t["label"] for t in texts} == {"risky", "harmless"}
    assert {"job", "study", "marriage", "escort"} <= {t["category"] for t in texts}


def test_the_screen_finds_most_risky_texts_of_the_test_set(signals):
    figures = evaluation.evaluate(
        selectors.screen(), ((t["text"], t["label"]) for t in evaluation.test_set())
    )
    assert figures.recall >= 0.75 and figures.precision >= 0.9


def test_evaluate_reports_the_held_out_texts_apart(signals):
    out = StringIO()
    call_command("monitoring", "evaluate", stdout=out)
    assert "of which held out (written without looking at the patterns, 20 texts)" in out.getvalue()


def test_evaluate_reports_each_later_held_out_set(signals):
    out = StringIO()
    call_command("monitoring", "evaluate", stdout=out)
    text = out.getvalue()
    for name, texts in evaluation.held_out_sets().items():
        assert f"Held-out set {name} ({len(texts)} texts" in text
        figures = evaluation.evaluate(selectors.screen(), ((t["text"], t["label"]) for t in texts))
        section = text.split(f"Held-out set {name}")[1]
        assert f"recall {figures.recall:.1%}" in section


def test_the_later_held_out_sets_are_labelled_texts_in_three_languages():
    sets = evaluation.held_out_sets()
    assert sets, "at least one later held-out set"
    for texts in sets.values():
        assert len(texts) >= 60
        assert {t["language"] for t in texts} == {"az", "ru", "en"}
        assert {t["label"] for t in texts} == {"risky", "harmless"}
