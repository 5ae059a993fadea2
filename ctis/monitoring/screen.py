"""The risk screen: signals matched in an advertisement's text, and the score they make.

The text and every pattern are folded the same way before they meet: case, script and
marks (Azerbaijani Latin and Cyrillic, Russian and English spellings of one word reduce to
one Latin skeleton: "Паспорт", "pasport", "passport" are one word), and double letters
collapse. The fold keeps, for every folded character, the span of the original text it
came from, so a match found in the folded text is highlighted in the text as written.

Literal patterns are matched together in one pass with an Aho-Corasick automaton
(``pyahocorasick``), each at the start of a word (a stem matches its endings: Azerbaijani
and Russian inflect); regular expressions (``regex``) cover patterned ones (a sum of money
with a currency); a structured check looks at the identifiers found (a foreign number).

The score is 1 − Π(1 − wᵢ) over the distinct signals matched (each counted once however
often it matches): the chance that at least one sign is a true one if each were an
independent witness of weight wᵢ. Every weight is below the threshold, so no single signal
makes an item risky; two middling ones do (ADR 0016).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick
import regex

from ctis.core import identifiers, names

# An item scoring this or more is labelled risky; every signal's weight is below it.
RISKY_AT = 0.5

# Cyrillic as the name keys transliterate it (``ctis.core.names``), with the vowels a free
# text folds further: y is i here (Russian й, ы, я, ю are written y, i, ya, ia, yu, iu).
_CYRILLIC = names.CYRILLIC_LATIN | {
    "ё": "io",
    "ә": "e",
    "й": "i",
    "ј": "i",
    "щ": "s",
    "ы": "i",
    "ю": "iu",
    "я": "ia",
}
_LATIN = {"ə": "e", "ı": "i", "y": "i", "ß": "ss", "ø": "o", "q": "k", "w": "v", "ğ": "g"}
# (y is folded with i: Russian ы, й, я and ю are written y, i, ya, ia, yu, iu in Latin.)
# Transliteration digraphs, each one letter of the folded alphabet (longest first).
_DIGRAPHS = (("dzh", "c"), ("zh", "j"), ("kh", "x"), ("sh", "s"), ("ch", "c"))


def _letters(char: str) -> str:
    """The folded letters of one character of the text ("" for a mark, " " for a gap)."""
    out = []
    for c in char.casefold():
        if c in _CYRILLIC:
            out.append(_CYRILLIC[c])
        elif c in _LATIN:
            out.append(_LATIN[c])
        elif c.isdigit():
            out.append(c)
        elif c.isalpha():
            base = "".join(
                d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d)
            )
            out.append("".join(_LATIN.get(b, b) for b in base))
        elif unicodedata.combining(c):
            continue
        elif c in "€$£₼%+":
            out.append(c)
        else:
            out.append(" ")
    return "".join(out)


@dataclass
class Folded:
    """A text folded, with the span of the original each folded character stands for."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span of the folded text's [start, end)."""
        return self.starts[start], self.ends[end - 1]


def fold(text: str) -> Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def put(c: str, start: int, end: int) -> None:
        if chars and chars[-1] == c and not c.isdigit():  # double letters, runs of gaps
            ends[-1] = end
            return
        chars.append(c)
        starts.append(start)
        ends.append(end)

    put(" ", 0, 0)  # a gap first: every word then starts after one
    for i, char in enumerate(text):
        for c in _letters(char):
            put(c, i, i + 1)
    # Digraphs, in a second pass over the folded letters.
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        for digraph, letter in _DIGRAPHS:
            k = len(digraph)
            if "".join(chars[i : i + k]) == digraph:
                if not (out_c and out_c[-1] == letter):
                    out_c.append(letter)
                    out_s.append(starts[i])
                    out_e.append(ends[i + k - 1])
                else:
                    out_e[-1] = ends[i + k - 1]
                i += k
                break
        else:
            if out_c and out_c[-1] == chars[i] and not chars[i].isdigit():
                out_e[-1] = ends[i]
            else:
                out_c.append(chars[i])
                out_s.append(starts[i])
                out_e.append(ends[i])
            i += 1
    out_c.append(" ")  # and a gap last
    out_s.append(len(text))
    out_e.append(len(text))
    return Folded("".join(out_c), out_s, out_e)


def fold_pattern(pattern: str) -> str:
    """A pattern as the automaton holds it: folded, without the gaps around it."""
    return fold(pattern).text.strip()


@dataclass(frozen=True)
class SignalSpec:
    """What the screen needs of a signal (``ctis.monitoring.models.Signal`` or a test's)."""

    code: str
    weight: float
    patterns: tuple[str, ...] = ()
    expressions: tuple[str, ...] = ()
    check: str = ""
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Match:
    signal: str
    start: int
    end: int


@dataclass
class Result:
    score: float
    matches: list[Match]

    @property
    def label(self) -> str:
        return "risky" if self.score >= RISKY_AT else "harmless"

    @property
    def signals(self) -> list[str]:
        seen: dict[str, None] = {}
        for match in self.matches:
            seen.setdefault(match.signal, None)
        return list(seen)


def combine(weights: Iterable[float]) -> float:
    """1 − Π(1 − w): no weight below 1 alone reaches 1, and each signal adds less."""
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return round(1.0 - remaining, 4)


class Screen:
    def __init__(self, signals: Sequence[SignalSpec]) -> None:
        self.signals = {signal.code: signal for signal in signals}
        self._automaton = ahocorasick.Automaton()
        for signal in signals:
            for pattern in signal.patterns:
                key = fold_pattern(pattern)
                if not key:
                    continue
                _length, owners = self._automaton.get(key, (len(key), ()))
                if signal.code not in owners:
                    self._automaton.add_word(key, (len(key), (*owners, signal.code)))
        self._has_words = len(self._automaton) > 0
        if self._has_words:
            self._automaton.make_automaton()
        self._expressions = [
            (signal.code, regex.compile(expression, regex.V1))
            for signal in signals
            for expression in signal.expressions
        ]
        self._checks = [(signal.code, signal.check) for signal in signals if signal.check]

    def matches(self, text: str, found: Sequence[identifiers.Found] | None = None) -> list[Match]:
        folded = fold(text)
        out: set[Match] = set()
        if self._has_words:
            for end, (length, owners) in self._automaton.iter(folded.text):
                key_start = end - length + 1
                if key_start > 0 and folded.text[key_start - 1] != " ":
                    continue  # not at the start of a word
                start, stop = folded.span(key_start, end + 1)
                for code in owners:
                    out.add(Match(code, start, stop))
        for code, expression in self._expressions:
            for hit in expression.finditer(folded.text, timeout=1.0):
                a, b = hit.span()
                while a < b and folded.text[a] == " ":
                    a += 1
                while b > a and folded.text[b - 1] == " ":
                    b -= 1
                if a < b:
                    out.add(Match(code, *folded.span(a, b)))
        if self._checks:
            if found is None:
                found = identifiers.extract(text)
            for code, check in self._checks:
                if check == "foreign_phone":
                    for hit in found:
                        if hit.identifier.kind == identifiers.IdentifierKind.PHONE and (
                            not hit.identifier.key.startswith("+994")
                        ):
                            out.add(Match(code, hit.start, hit.end))
        return sorted(out, key=lambda m: (m.start, m.end, m.signal))

    def screen(self, text: str, found: Sequence[identifiers.Found] | None = None) -> Result:
        matches = self.matches(text or "", found)
        codes = {match.signal for match in matches}
        score = combine(float(self.signals[code].weight) for code in sorted(codes))
        return Result(score, matches)


@dataclass(frozen=True)
class Segment:
    text: str
    signals: tuple[str, ...]  # the codes that cover it (none: plain text)


def segments(text: str, matches: Sequence[Match]) -> list[Segment]:
    """The text cut where matches begin and end, each piece with the signals over it."""
    points = {0, len(text)}
    for match in matches:
        points.add(max(0, min(match.start, len(text))))
        points.add(max(0, min(match.end, len(text))))
    ordered = sorted(points)
    pieces: list[Segment] = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a == b:
            continue
        over = tuple(
            dict.fromkeys(
                m.signal for m in matches if m.start <= a and m.end >= b and m.start < m.end
            )
        )
        if pieces and pieces[-1].signals == over:
            pieces[-1] = Segment(pieces[-1].text + text[a:b], over)
        else:
            pieces.append(Segment(text[a:b], over))
    return pieces
