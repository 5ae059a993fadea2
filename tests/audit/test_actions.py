import re
from pathlib import Path

from ctis.audit.actions import ACTION_LABELS, action_label

CODE = Path(__file__).resolve().parents[2] / "ctis"


def test_every_action_the_code_writes_has_words():
    written = set()
    for path in CODE.rglob("*.py"):
        written |= set(
            re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8"))
        )
    written |= {f"plan.report.{step}" for step in ("submit", "return", "accept")}
    assert written - set(ACTION_LABELS) == set()


def test_unknown_code_is_shown_as_is():
    assert action_label("something.new") == "something.new"
    assert action_label("plan.report.accept") == "Report accepted"
