"""Parse the official text of the National Action Plan on combating trafficking (2020–2024).

The input is the plan as published by the President's Office, rendered from PDF to plain
text. That rendering is lossy in predictable ways, and this module undoes them without any
Django dependency so that the import command, the tests and ad-hoc scripts share one reading:

* Dashes and the "№" sign come out as U+FFFD ("2020\\ufffd2022", "\\ufffd 2173"). In text
  they become an en dash; in the deadline column they are read as a year range.
* Some words are letter-spaced ("İn s a n", "A v r o p a", "X i d mə t", "v ə"). A run of
  one- or two-letter tokens containing at least two single letters is glued back together,
  but ordinary short words ("və ya", "o da") are left alone.
* The table has three columns (title, executing bodies, deadline) flattened into one stream.
  A measure is: its number ("4.1.1." – the trailing dot is sometimes missing, and in 4.9.x
  the title starts on the same line), one paragraph of title, then body lines up to the
  deadline. The deadline may sit on its own line or at the end of a body line
  ("Nazirlər Kabineti 2020\\ufffd2022", "Daxili İşlər Nazirliyi mütəmadi").
* Body names wrap over lines, page breaks leave blank lines anywhere, hyphenated words break
  at the hyphen ("Qeyri-" / "Hökumət"), and commas are sometimes missing ("Nazirlər
  Kabineti" / "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi" are two bodies) or lack the
  following space ("Nazirliyi,digər"). Names are therefore split after the head noun that
  ends every nominative body name (Nazirliyi, Xidməti, Komitəsi, orqanları, …), not merely
  at commas, because some names contain commas themselves ("Ailə, Qadın və Uşaq Problemləri
  üzrə Dövlət Komitəsi").
* Clauses ending in "cəlb etməklə" ("by involving …") name bodies that are involved, not
  executing; each such clause is kept whole in ``involving``.
* Straight and curly double quotes are mixed; they are normalised to “…”.
* Section titles may wrap onto a second line; "sahəsindənormativ" in 4.1 is glued in the
  source and is split.
* The "Qeyd:" notes at the end recommend that five bodies outside the executive take part in
  listed sub-items; their names are turned from the dative back to the nominative and
  attached to those measures as ``recommended_participants``.

The parser never raises on bad input: whatever it cannot place becomes a ``Problem``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field

__all__ = [
    "GENERIC_BODIES",
    "ParseResult",
    "Problem",
    "dump_json",
    "normalise_body_name",
    "parse_plan_text",
]

# The plan's fixed layout: chapter 2 holds goals (2.1) and principles (2.3), chapter 4 the table.
_GOAL_KINDS = {"2.1": "goal", "2.3": "principle"}
_MEASURE_CHAPTER = "4"

# Entries in the executing-bodies column that describe a class of bodies rather than one body.
GENERIC_BODIES: tuple[str, ...] = (
    "digər aidiyyəti dövlət orqanları",
    "yerli icra hakimiyyəti orqanları",
    "İnsan alveri qurbanlarının Milli İstiqamətləndirmə Mexanizmi üzrə İdarələrarası "
    "Komissiyaya daxil olan qurumlar",
    "Yetkinlik yaşına çatmayanların işləri və hüquqlarının müdafiəsi üzrə komissiyalar",
    "maarifləndirmə tədbirlərini və təlimləri təşkil edən digər dövlət qurumları",
)

_PROBLEM_TEXT_LIMIT = 80


@dataclass(frozen=True)
class Problem:
    """Something the parser could not place.

    Codes: no_measures, missing_metadata, unplaced_text, out_of_sequence, duplicate_section,
    duplicate_measure, missing_title, missing_deadline, bad_deadline, missing_bodies,
    unrecognised_body (a name without a known head noun), unparsed_note, unknown_reference.
    """

    line: int  # 1-based line in the input, 0 if not tied to a line
    code: str  # machine code, one of those above
    text: str  # the offending text, shortened to about 80 characters


@dataclass
class ParseResult:
    data: dict
    problems: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- normalisation

_SHORT_WORDS = frozenset({"və", "ya", "bu", "da", "də", "ki", "ən", "o"})
_SPACED_RUN_RE = re.compile(r"(?<!\S)[^\W\d_]{1,2}(?:[ \t]+[^\W\d_]{1,2})+(?![^\s,.;:)])")
_QUOTE_RE = re.compile(r"[\"“”„]")
_COMMA_GLUED_RE = re.compile(r",(?=[^\s\d])")
_DIGIT_DASH_RE = re.compile(r"(\d)\s*–\s*(\d)")
_GLUED_WORDS = {"sahəsindənormativ": "sahəsində normativ"}
_GLUED_RE = re.compile(r"\b(" + "|".join(map(re.escape, _GLUED_WORDS)) + r")\b")


def _unspace_run(match: re.Match[str]) -> str:
    tokens = match.group(0).split()
    # Real short words sit next to letter-spaced ones ("və İn s a n"); keep them apart.
    head: list[str] = []
    tail: list[str] = []
    while tokens and tokens[0] in _SHORT_WORDS and _is_spaced(tokens[1:]):
        head.append(tokens.pop(0))
    while tokens and tokens[-1] in _SHORT_WORDS and _is_spaced(tokens[:-1]):
        tail.insert(0, tokens.pop())
    if not _is_spaced(tokens):
        return match.group(0)
    return " ".join([*head, "".join(tokens), *tail])


def _is_spaced(tokens: list[str]) -> bool:
    # Two single letters are needed: "və ya" or "o da" are words, "v ə" is not.
    return len(tokens) >= 2 and sum(len(t) == 1 for t in tokens) >= 2


def _fix_quotes(text: str) -> str:
    def choose(match: re.Match[str]) -> str:
        i = match.start()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = (before.isspace() or before in "([") and not after.isspace()
        return "“" if opening else "”"

    return _QUOTE_RE.sub(choose, text)


def _normalise(text: str) -> str:
    """Canonical single-line form of a piece of plan text."""
    text = text.replace("\ufffd", "–")
    text = " ".join(text.split())
    text = _SPACED_RUN_RE.sub(_unspace_run, text)
    text = _GLUED_RE.sub(lambda m: _GLUED_WORDS[m.group(1)], text)
    text = _COMMA_GLUED_RE.sub(", ", text)
    text = _DIGIT_DASH_RE.sub(r"\1–\2", text)
    return _fix_quotes(text).strip()


def normalise_body_name(name: str) -> str:
    """The canonical form of a body name, as stored in ``executing_bodies``."""
    return _normalise(name).strip(" ,;")


def _join_lines(lines: list[str]) -> str:
    joined = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not joined:
            joined = line
        elif joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha():
            # A word broken at its hyphen ("qeyri-" / "hökumət") keeps the hyphen, no space.
            joined += line
        else:
            joined += " " + line
    return joined


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _PROBLEM_TEXT_LIMIT:
        return text
    return text[: _PROBLEM_TEXT_LIMIT - 1] + "…"


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def _split_lines(text: str) -> list[_Line]:
    # Split on newlines only, so line numbers match an editor even if the PDF
    # rendering left form feeds or other Unicode line separators in the text.
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [_Line(i, " ".join(line.split())) for i, line in enumerate(raw, start=1)]


_SECTION_RE = re.compile(rf"^({_MEASURE_CHAPTER}\.\d+)\.\s+(\S.*)$")
_MEASURE_RE = re.compile(rf"^({_MEASURE_CHAPTER}\.\d+\.\d+)\.?(?:\s+(\S.*))?$")
_NOTES_RE = re.compile(r"^Qeyd\s*:")
_HEADER_RES = (
    re.compile(r"^Sıra$"),
    re.compile(r"^(?:№|\ufffd|N)\s*-\s*si$"),
    re.compile(r"^Tədbirin adı\b.*İcraçı orqanlar"),
    re.compile(r"^\(illər üzrə\)$"),
    re.compile(r"^1 2 3 4$"),
)


def _is_table_header(text: str) -> bool:
    return any(regex.match(text) for regex in _HEADER_RES)


def _is_table_line(text: str) -> bool:
    return bool(_SECTION_RE.match(text) or _MEASURE_RE.match(text))


# --------------------------------------------------------------------------- preamble

_MONTHS = {
    "yanvar": 1, "fevral": 2, "mart": 3, "aprel": 4, "may": 5, "iyun": 6,
    "iyul": 7, "avqust": 8, "sentyabr": 9, "oktyabr": 10, "noyabr": 11, "dekabr": 12,
}  # fmt: skip
_ORDER_RE = re.compile(r"(\d{4})-c[iıuü] il (\d{1,2}) (\w+) tarixli (\d+) nömrəli")
_SIGNED_RE = re.compile(r"(\d{1,2}) (\w+) (\d{4})-c[iıuü] il")
_ORDER_NUMBER_LINE_RE = re.compile(r"^(?:№|\ufffd|N)\s*(\d+)$")
_QUOTED_TITLE_RE = re.compile(r"“([^”]*Milli Fəaliyyət Planı)”")
_PERIOD_RE = re.compile(r"(\d{4})–(\d{4})")
_GOAL_RE = re.compile(r"^(2\.[13]\.\d+)\.?\s+(\S.*)$")
_NUMBERED_RE = re.compile(r"^\d+\.(?:\d+\.?)*\s")


def _iso_date(year: str, day: str, month: str) -> str | None:
    month_number = _MONTHS.get(month.casefold())
    if month_number is None:
        return None
    return f"{int(year):04d}-{month_number:02d}-{int(day):02d}"


def _plan_title(lines: list[_Line]) -> str | None:
    for line in lines:
        text = _normalise(line.text)
        if text.endswith("Milli Fəaliyyət Planı") and not text.startswith("“"):
            return text
    # Fall back to the title quoted in the Order ("… Planı”nın təsdiq edilməsi haqqında").
    match = _QUOTED_TITLE_RE.search(_normalise(_join_lines([x.text for x in lines])))
    return match.group(1) if match else None


def _order(lines: list[_Line]) -> tuple[str | None, str | None]:
    text = _normalise(_join_lines([x.text for x in lines]))
    match = _ORDER_RE.search(text)
    if match:
        year, day, month, number = match.groups()
        return number, _iso_date(year, day, month)
    number = next((m.group(1) for x in lines if (m := _ORDER_NUMBER_LINE_RE.match(x.text))), None)
    signed = _SIGNED_RE.search(text)
    return number, _iso_date(signed.group(3), signed.group(1), signed.group(2)) if signed else None


def _plan_meta(lines: list[_Line]) -> dict:
    title = _plan_title(lines)
    number, date = _order(lines)
    period_match = _PERIOD_RE.search(title or "")
    period = (
        {"from": int(period_match.group(1)), "to": int(period_match.group(2))}
        if period_match
        else None
    )
    return {"title": title, "order_number": number, "order_date": date, "period": period}


def _goals(lines: list[_Line]) -> list[dict]:
    goals: list[dict] = []
    parts: list[str] = []

    def flush() -> None:
        if goals and parts:
            goals[-1]["text"] = _normalise(_join_lines(parts)).rstrip(" ;.")
            parts.clear()

    collecting = False
    for line in lines:
        match = _GOAL_RE.match(line.text)
        if match:
            flush()
            number = match.group(1)
            goals.append({"kind": _GOAL_KINDS[number[:3]], "number": number, "text": ""})
            parts.append(match.group(2))
            collecting = True
        elif _NUMBERED_RE.match(line.text):
            collecting = False
        elif collecting and line.text and not parts[-1].rstrip().endswith((";", ".")):
            parts.append(line.text)
    flush()
    return goals


# --------------------------------------------------------------------------- deadline

_RANGE_TAIL_RE = re.compile(r"(?:^|\s)(\d{4})\s*[-–—\ufffd]\s*(\d{4})$")
_SINGLE_TAIL_RE = re.compile(r"(?:^|\s)(\d{4})$")
_REGULAR_TAIL_RE = re.compile(r"(?:^|\s)mütəmadi$")
_BROKEN_TAIL_RE = re.compile(r"(?:^|\s)(\d{2,4}\s*[-–—\ufffd]\s*\d{0,4}|\d{5,})$")


@dataclass(frozen=True)
class _Deadline:
    value: dict | None  # None when the column held something that is not a valid deadline
    rest: str  # the part of the line before the deadline (body text)


def _read_deadline(text: str) -> _Deadline | None:
    """The deadline at the end of a line, or None if the line carries no deadline column."""
    if match := _RANGE_TAIL_RE.search(text):
        value: dict | None = {"from": int(match.group(1)), "to": int(match.group(2))}
    elif match := _SINGLE_TAIL_RE.search(text):
        value = {"from": int(match.group(1)), "to": int(match.group(1))}
    elif match := _REGULAR_TAIL_RE.search(text):
        value = {"regular": True}
    elif match := _BROKEN_TAIL_RE.search(text):
        value = None
    else:
        return None
    return _Deadline(value, text[: match.start()].strip())


def _deadline_ok(value: dict | None, period: dict | None) -> bool:
    if value is None:
        return False
    if value.get("regular"):
        return True
    if value["from"] > value["to"]:
        return False
    return period is None or period["from"] <= value["from"] <= value["to"] <= period["to"]


# --------------------------------------------------------------------------- bodies

# Head nouns that end a nominative body name. Splitting on them (rather than on commas)
# copes with missing commas and with names that contain commas.
_HEAD_WORDS = frozenset(
    word.casefold()
    for word in (
        "Nazirliyi", "Kabineti", "Xidməti", "Komitəsi", "Agentliyi", "Şurası", "Cəmiyyəti",
        "Akademiyası", "Koordinator", "Koordinatoru", "Məhkəməsi", "Prokurorluğu",
        "Kollegiyası", "Müvəkkili", "Komissiyası", "Fondu", "Bankı", "Palatası",
        "Administrasiyası", "orqanları", "qurumları", "qurumlar", "komissiyalar",
    )
)  # fmt: skip
# "X Nazirliyi yanında Y Xidməti" is one body: the head is followed by a postposition.
_NAME_CONTINUATIONS = frozenset({"yanında", "nəzdində"})
_INVOLVE_RE = re.compile(r"\bcəlb\s+etməklə\b")
_HEAD_RE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(_HEAD_WORDS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def _bare(word: str) -> str:
    return word.strip(',;:“”"').casefold()


def _enumeration_follows(words: list[str], start: int) -> bool:
    # "Ailə, Qadın və Uşaq …": a comma after a name's first word is an enumeration when
    # "və" comes before the next comma or head noun.
    for word in words[start:]:
        if word == "və":
            return True
        if word.endswith((",", ";")) or _bare(word) in _HEAD_WORDS:
            return False
    return False


def _ends_name(words: list[str], i: int, current: list[str]) -> bool:
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    if _bare(word) in _HEAD_WORDS:
        return _bare(following) not in _NAME_CONTINUATIONS and not following.startswith("(")
    if word.endswith((",", ";")):
        return not (len(current) == 1 and _enumeration_follows(words, i + 1))
    return False


def _split_names(text: str) -> list[str]:
    words = text.split()
    names: list[str] = []
    current: list[str] = []
    for i, word in enumerate(words):
        current.append(word)
        if _ends_name(words, i, current):
            names.append(" ".join(current))
            current = []
    names.append(" ".join(current))
    return [cleaned for name in names if (cleaned := name.strip(" ,;"))]


def _clause_start(text: str, low: int, high: int) -> int:
    # The clause begins right after the last executing body's head noun.
    start = low
    for match in _HEAD_RE.finditer(text, low, high):
        start = match.end()
    return start


def _split_bodies(raw: str) -> tuple[list[str], list[str]]:
    """Executing bodies and "… cəlb etməklə" clauses from a measure's body column."""
    text = _normalise(raw)
    involving: list[str] = []
    rest: list[str] = []
    position = 0
    for match in _INVOLVE_RE.finditer(text):
        start = _clause_start(text, position, match.start())
        rest.append(text[position:start])
        involving.append(text[start : match.end()].strip(" ,;"))
        position = match.end()
    rest.append(text[position:])
    bodies = [name for part in rest for name in _split_names(part)]
    return bodies, involving


# --------------------------------------------------------------------------- table


@dataclass
class _Draft:
    number: str
    line: int
    duplicate: bool
    title_lines: list[str] = field(default_factory=list)
    body_lines: list[str] = field(default_factory=list)
    title_done: bool = False
    deadline_seen: bool = False
    deadline: dict | None = None


class _TableParser:
    """A line-by-line state machine over the measures table (sections and measures)."""

    def __init__(self, period: dict | None, problems: list[Problem]) -> None:
        self.period = period
        self.problems = problems
        self.sections: list[dict] = []
        self.section_lines: list[str] = []
        self.measures: list[dict] = []
        self.draft: _Draft | None = None
        self.in_section_title = False

    def report(self, line: int, code: str, text: str) -> None:
        self.problems.append(Problem(line, code, _shorten(text)))

    def feed(self, line: _Line) -> None:
        text = line.text
        if _is_table_header(text):
            return
        if not text:
            self.on_blank()
        elif match := _SECTION_RE.match(text):
            self.start_section(line, match.group(1), match.group(2))
        elif match := _MEASURE_RE.match(text):
            self.start_measure(line, match.group(1), match.group(2))
        elif self.in_section_title:
            self.section_lines.append(text)
        elif self.draft is not None and not self.draft.deadline_seen:
            self.add_to_measure(line)
        else:
            self.report(line.number, "unplaced_text", text)

    def finish(self) -> None:
        self.close_section_title()
        self.close_measure()

    # -- sections

    def on_blank(self) -> None:
        self.close_section_title()
        if self.draft is not None and self.draft.title_lines:
            self.draft.title_done = True

    def start_section(self, line: _Line, number: str, title: str) -> None:
        self.finish()
        known = [s["number"] for s in self.sections]
        if number in known:
            self.report(line.number, "duplicate_section", line.text)
        elif _minor(number) != (_minor(known[-1]) + 1 if known else 1):
            self.report(line.number, "out_of_sequence", line.text)
        self.sections.append({"number": number, "title": ""})
        self.section_lines = [title]
        self.in_section_title = True

    def close_section_title(self) -> None:
        if self.in_section_title:
            self.sections[-1]["title"] = _normalise(_join_lines(self.section_lines))
            self.in_section_title = False

    # -- measures

    def start_measure(self, line: _Line, number: str, inline_title: str | None) -> None:
        self.finish()
        duplicate = any(m["number"] == number for m in self.measures)
        if duplicate:
            self.report(line.number, "duplicate_measure", line.text)
        else:
            self.check_sequence(line, number)
        self.draft = _Draft(number=number, line=line.number, duplicate=duplicate)
        if inline_title:
            self.draft.title_lines.append(inline_title)

    def check_sequence(self, line: _Line, number: str) -> None:
        section = number.rsplit(".", 1)[0]
        current = self.sections[-1]["number"] if self.sections else None
        siblings = [m for m in self.measures if m["section"] == section]
        expected = _minor(siblings[-1]["number"]) + 1 if siblings else 1
        if section != current or _minor(number) != expected:
            self.report(line.number, "out_of_sequence", line.text)

    def add_to_measure(self, line: _Line) -> None:
        draft = self.draft
        assert draft is not None
        # The title paragraph is never searched for a deadline: a title may end in a year.
        if not draft.title_done:
            draft.title_lines.append(line.text)
            return
        deadline = _read_deadline(line.text)
        if deadline is None:
            draft.body_lines.append(line.text)
            return
        if deadline.rest:
            draft.body_lines.append(deadline.rest)
        draft.deadline_seen = True
        if _deadline_ok(deadline.value, self.period):
            draft.deadline = deadline.value
        else:
            self.report(line.number, "bad_deadline", line.text)

    def close_measure(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None or draft.duplicate:
            return
        title = _normalise(_join_lines(draft.title_lines))
        bodies, involving = _split_bodies(_join_lines(draft.body_lines))
        label = f"{draft.number} {title}"
        if not title:
            self.report(draft.line, "missing_title", draft.number)
        if not draft.deadline_seen:
            self.report(draft.line, "missing_deadline", label)
        if not bodies:
            self.report(draft.line, "missing_bodies", label)
        for body in bodies:
            # A name without a known head noun is usually a mis-split (or stray title text).
            if _bare(body.split()[-1]) not in _HEAD_WORDS:
                self.report(draft.line, "unrecognised_body", f"{draft.number}: {body}")
        self.measures.append(
            {
                "number": draft.number,
                "section": draft.number.rsplit(".", 1)[0],
                "title": title,
                "executing_bodies": bodies,
                "involving": involving,
                "deadline": draft.deadline,
                "recommended_participants": [],
            }
        )


def _minor(number: str) -> int:
    return int(number.rsplit(".", 1)[1])


# --------------------------------------------------------------------------- notes

_NOTE_START_RE = re.compile(r"^(\d+)\.\s+(\S.*)$")
_NOTE_NAME_RE = re.compile(r"^(?P<name>.+?)\s*tövsiyə edilsin")
_REFERENCE_RE = re.compile(r"(?<![\d.])(\d+\.\d+\.\d+)(?![\d.])")


def _nominative(dative: str) -> str:
    """ "… Ali Məhkəməsinə" → "… Ali Məhkəməsi"; "(Ombudsmana)" → "(Ombudsman)"."""
    name = re.sub(r"(?<=[ıiuü])n[aə](?=\s*(?:\(|$))", "", dative.strip())
    name = re.sub(r"(?<=[aeəıioöuü])y[aə](?=\s*(?:\(|$))", "", name)
    return re.sub(r"\((\w+?)[aə]\)$", r"(\1)", name)


def _notes(lines: list[_Line]) -> list[tuple[int, str]]:
    notes: list[tuple[int, list[str]]] = []
    for line in lines:
        if match := _NOTE_START_RE.match(line.text):
            notes.append((line.number, [match.group(2)]))
        elif notes and line.text:
            notes[-1][1].append(line.text)
    return [(number, _normalise(_join_lines(parts))) for number, parts in notes]


def _attach_notes(lines: list[_Line], measures: list[dict], problems: list[Problem]) -> None:
    by_number = {m["number"]: m for m in measures}
    for line_number, text in _notes(lines):
        match = _NOTE_NAME_RE.match(text)
        if match is None:
            problems.append(Problem(line_number, "unparsed_note", _shorten(text)))
            continue
        name = _nominative(match.group("name"))
        for reference in _REFERENCE_RE.findall(text[match.end() :]):
            measure = by_number.get(reference)
            if measure is None:
                problems.append(Problem(line_number, "unknown_reference", reference))
            elif name not in measure["recommended_participants"]:
                measure["recommended_participants"].append(name)


# --------------------------------------------------------------------------- entry point


def _table_bounds(lines: list[_Line]) -> tuple[int, int]:
    start = next((i for i, x in enumerate(lines) if _is_table_line(x.text)), len(lines))
    end = next((i for i in range(start, len(lines)) if _NOTES_RE.match(lines[i].text)), None)
    return start, len(lines) if end is None else end


def parse_plan_text(text: str) -> ParseResult:
    """Parse the plan's text into the export structure; never raises on bad input."""
    problems: list[Problem] = []
    lines = _split_lines(text or "")
    start, end = _table_bounds(lines)
    preamble, table, notes = lines[:start], lines[start:end], lines[end + 1 :]

    plan = _plan_meta(preamble)
    parser = _TableParser(plan["period"], problems)
    for line in table:
        parser.feed(line)
    parser.finish()
    _attach_notes(notes, parser.measures, problems)

    if not parser.measures:
        problems.append(Problem(0, "no_measures", ""))
    elif plan["title"] is None or plan["order_number"] is None:
        problems.append(Problem(0, "missing_metadata", "plan title or order number not found"))
    data = {
        "plan": plan,
        "goals": _goals(preamble),
        "sections": parser.sections,
        "measures": parser.measures,
    }
    return ParseResult(data=data, problems=problems)


def dump_json(data: dict) -> str:
    """The committed fixture's serialisation: UTF-8 text, indent 1, trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m ctis.plan.textimport PLAN.txt > plan.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        result = parse_plan_text(handle.read())
    sys.stdout.write(dump_json(result.data))
    for problem in result.problems:
        print(f"{problem.line}: {problem.code}: {problem.text}", file=sys.stderr)
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
