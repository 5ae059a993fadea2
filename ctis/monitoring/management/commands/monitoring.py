"""``ctis monitoring evaluate``: precision and recall of the risk screen against the triage
labels in the database and the labelled test set, and each signal's precision.
``ctis monitoring score FILE``: one text a line (UTF-8) in, one JSON object a line out.
``ctis monitoring rescreen``: the open items scored again with the signals now in use."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ctis.monitoring import evaluation, selectors
from ctis.monitoring.models import Item


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


class Command(BaseCommand):
    help = "Evaluate the monitoring risk screen, or score texts."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("evaluate", help="precision and recall against labels")
        score = sub.add_parser("score", help="score one text a line of FILE")
        score.add_argument("file")
        sub.add_parser("rescreen", help="screen the open items again with the signals in use")

    def handle(self, *args, action: str, **options) -> None:
        if action == "score":
            self.score(options["file"])
        elif action == "rescreen":
            from ctis.monitoring.services import items_rescreen

            self.stdout.write(f"Open items whose score changed: {items_rescreen()}")
        else:
            self.evaluate()

    def score(self, name: str) -> None:
        path = Path(name)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"No such file: {name}", returncode=2) from None
        except (IsADirectoryError, PermissionError, OSError) as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}", returncode=2) from None
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{name} is not UTF-8 text (byte {error.start + 1} cannot be read): save it as UTF-8.",
                returncode=2,
            ) from None
        screen = selectors.screen()
        for line in content.splitlines():
            result = screen.screen(line)
            self.stdout.write(
                json.dumps(
                    {
                        "score": result.score,
                        "label": result.label,
                        "signals": [
                            {
                                "signal": m.signal,
                                "start": m.start,
                                "end": m.end,
                                "text": line[m.start : m.end],
                            }
                            for m in result.matches
                        ],
                    },
                    ensure_ascii=False,
                )
            )

    def _report(self, title: str, figures: evaluation.Figures) -> None:
        out = self.stdout.write
        out(title)
        out(
            f"  texts {figures.texts}, labelled risky {figures.risky}; "
            f"flagged risky {figures.true_positive + figures.false_positive} "
            f"(true {figures.true_positive}, false {figures.false_positive}), "
            f"missed {figures.false_negative}"
        )
        out(f"  precision {_percent(figures.precision)}, recall {_percent(figures.recall)}")
        precision = figures.signal_precision()
        if precision:
            out("  signal precision (matched texts, share labelled risky):")
            for code, (matched, share) in precision.items():
                out(f"    {code:<20} {matched:>4}  {share:.1%}")

    def evaluate(self) -> None:
        screen = selectors.screen()
        if not screen.signals:
            raise CommandError("No signals in use: run ctis setup first.", returncode=2)
        labels = selectors.triage_labels()
        items = {
            item.pk: item
            for item in Item.objects.filter(pk__in=list(labels)).exclude(text__isnull=True)
        }
        decided = [(items[pk].text, label) for pk, label in labels.items() if pk in items]
        self._report(
            f"Triage labels in the database ({len(decided)} items decided):",
            evaluation.evaluate(screen, decided),
        )
        texts = evaluation.test_set()
        self._report(
            f"Labelled test set ({evaluation.TEST_SET.name}, {len(texts)} texts):",
            evaluation.evaluate(screen, ((t["text"], t["label"]) for t in texts)),
        )
        held_out = [t for t in texts if t.get("held_out")]
        if held_out:
            self._report(
                f"  of which held out (written without looking at the patterns, {len(held_out)} texts):",
                evaluation.evaluate(screen, ((t["text"], t["label"]) for t in held_out)),
            )
        for name, later in evaluation.held_out_sets().items():
            self._report(
                f"Held-out set {name} ({len(later)} texts, written without seeing the "
                "patterns or the test set):",
                evaluation.evaluate(screen, ((t["text"], t["label"]) for t in later)),
            )
        sys.stdout.flush()
