"""Disclosure control for the figures that are published (the public page, exports): no
small count is shown, and no combination of the totals published together lets a reader
recover one.

1. **Primary suppression**: a count of persons from 1 to ``threshold - 1`` is shown as
   ``<threshold`` ("<5"). Zeros are shown: that nobody was counted reveals no one.
2. **Secondary suppression**, over every table of the release at once: the published cells
   and the relations between them (a total is the sum of its parts, in each direction of
   a table, and the same total in several tables) form a linear system in the suppressed
   cells. A suppressed cell whose unit vector lies in the row space of that system is
   determined by what is published (Gaussian elimination, as Statistics Norway's
   ``GaussSuppression`` finds them): another cell of one of its relations, the smallest,
   is suppressed too, until none is determined.
3. **Audit**: for every primarily suppressed cell, the smallest and largest value a
   reader could derive from the published cells (a linear program each way, scipy's
   HiGHS; the reader knows that a "<5" cell is 1 to 4 and every count is at least 0). If
   the interval is narrower than ``width`` the pattern is strengthened as in step 2; if no
   cell is left to suppress, the release is refused.
4. **Earlier releases**: the cells suppressed in an earlier release of an overlapping
   period stay suppressed (``keep``), so that this release cannot be differenced against
   it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

PRIMARY = "primary"
SECONDARY = "secondary"


class DisclosureRefused(Exception):
    """No suppression pattern protects every small count: nothing may be published."""


@dataclass
class Relation:
    """``total`` is the sum of ``parts`` (cell keys)."""

    total: str
    parts: list[str]


@dataclass
class Release:
    values: dict[str, int]
    relations: list[Relation] = field(default_factory=list)

    def add_table(
        self, name: str, rows: dict[str, dict[str, int]] | dict[str, int], total: str = "total"
    ) -> None:
        """A one-way table (``{category: n}``) or a two-way one (``{row: {column: n}}``),
        with its margins and total computed here, under keys ``name.row.column``,
        ``name.row``, ``name.*.column`` and ``name.total`` (or the ``total`` key given, to
        share one total between tables)."""
        total_key = total if "." in total else f"{name}.{total}"
        if all(isinstance(v, int) for v in rows.values()):
            one_way: dict[str, int] = rows  # type: ignore[assignment]
            keys = [f"{name}.{k}" for k in one_way]
            for key, value in zip(keys, one_way.values(), strict=True):
                self.values[key] = value
            self.values.setdefault(total_key, sum(one_way.values()))
            self.relations.append(Relation(total_key, keys))
            return
        two_way: dict[str, dict[str, int]] = rows  # type: ignore[assignment]
        columns = sorted({c for row in two_way.values() for c in row})
        row_keys = []
        for row, cells in two_way.items():
            interior = [f"{name}.{row}.{c}" for c in columns]
            for c, key in zip(columns, interior, strict=True):
                self.values[key] = cells.get(c, 0)
            self.values[f"{name}.{row}"] = sum(cells.values())
            self.relations.append(Relation(f"{name}.{row}", interior))
            row_keys.append(f"{name}.{row}")
        column_keys = []
        for c in columns:
            interior = [f"{name}.{row}.{c}" for row in two_way]
            self.values[f"{name}.*.{c}"] = sum(two_way[row].get(c, 0) for row in two_way)
            self.relations.append(Relation(f"{name}.*.{c}", interior))
            column_keys.append(f"{name}.*.{c}")
        self.values.setdefault(total_key, sum(sum(r.values()) for r in two_way.values()))
        self.relations.append(Relation(total_key, row_keys))
        self.relations.append(Relation(total_key, column_keys))


@dataclass
class Pattern:
    suppressed: dict[str, str]  # cell → PRIMARY or SECONDARY
    intervals: dict[str, tuple[float, float]]  # primary cell → what a reader can derive
    threshold: int

    def shown(self, values: dict[str, int]) -> dict[str, str]:
        """What is published: the count, ``<threshold`` or ``x`` (suppressed so that a
        small count cannot be worked out)."""
        out = {}
        for key, value in values.items():
            state = self.suppressed.get(key)
            if state == PRIMARY:
                out[key] = f"<{self.threshold}"
            elif state == SECONDARY:
                out[key] = "x"
            else:
                out[key] = str(value)
        return out


def _system(release: Release, hidden: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The relations as ``A x = b`` in the hidden cells: each relation's hidden terms on
    the left, its published terms moved to the right."""
    index = {key: i for i, key in enumerate(hidden)}
    rows, rhs = [], []
    for relation in release.relations:
        terms = [(relation.total, 1.0)] + [(part, -1.0) for part in relation.parts]
        row = np.zeros(len(hidden))
        constant = 0.0
        for key, sign in terms:
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * release.values[key]
        if row.any():
            rows.append(row)
            rhs.append(constant)
    if not rows:
        return np.zeros((0, len(hidden))), np.zeros(0)
    return np.vstack(rows), np.array(rhs)


def determined(release: Release, hidden: list[str]) -> list[str]:
    """The hidden cells whose value follows exactly from the published ones."""
    matrix, _ = _system(release, hidden)
    if matrix.shape[0] == 0:
        return []
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for j, key in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[j] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(key)
    return found


def intervals(
    release: Release, suppressed: dict[str, str], threshold: int
) -> dict[str, tuple[float, float]]:
    """For each primarily suppressed cell, the least and the most a reader can derive."""
    hidden = sorted(suppressed)
    matrix, rhs = _system(release, hidden)
    bounds = [(1, threshold - 1) if suppressed[key] == PRIMARY else (0, None) for key in hidden]
    found = {}
    for j, key in enumerate(hidden):
        if suppressed[key] != PRIMARY:
            continue
        objective = np.zeros(len(hidden))
        objective[j] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * objective,
                A_eq=matrix if matrix.shape[0] else None,
                b_eq=rhs if matrix.shape[0] else None,
                bounds=bounds,
                method="highs",
            )
            if not result.success:  # no solution: the published figures contradict
                raise DisclosureRefused(f"the published figures do not add up around {key}")
            ends.append(sign * result.fun)
        found[key] = (round(ends[0], 6), round(ends[1], 6))
    return found


def _candidates(release: Release, weak: list[str], suppressed: dict[str, str]) -> list[str]:
    """The published cells nearest to the weak ones: first those sharing a relation with
    them; if all of those are hidden already, those sharing a relation with a hidden cell
    reached so (a total recovered from another table of the same total, say)."""
    reached = set(weak)
    frontier = set(weak)
    while frontier:
        found: set[str] = set()
        step: set[str] = set()
        for relation in release.relations:
            members = [relation.total, *relation.parts]
            if frontier.intersection(members):
                for key in members:
                    if key not in suppressed:
                        found.add(key)
                    elif key not in reached:
                        step.add(key)
        if found:
            return sorted(found)
        reached |= step
        frontier = step
    return []


def protect(
    release: Release, *, threshold: int = 5, width: float = 2, keep: Iterable[str] = ()
) -> Pattern:
    """The suppression pattern of a release (see the module's description)."""
    suppressed = {key: PRIMARY for key, value in release.values.items() if 0 < value < threshold}
    for key in keep:
        if key in release.values and key not in suppressed:
            suppressed[key] = SECONDARY
    if not suppressed:
        return Pattern({}, {}, threshold)
    totals = {relation.total for relation in release.relations}
    for _round in range(len(release.values) + 1):
        weak = determined(release, sorted(suppressed))
        if not weak:
            found = intervals(release, suppressed, threshold)
            weak = [key for key, (low, high) in found.items() if high - low < width - 1e-9]
            if not weak:
                return Pattern(dict(sorted(suppressed.items())), found, threshold)
        # The cheapest cell to hide: a part before a total (a total hidden takes more from
        # the reader), a count before a zero (a hidden zero makes a table hard to read
        # for little protection), then the smallest.
        candidates = sorted(
            _candidates(release, weak, suppressed),
            key=lambda k: (k in totals, release.values[k] == 0, release.values[k], k),
        )
        if not candidates:
            raise DisclosureRefused(
                "no further cell can be suppressed to protect " + ", ".join(sorted(weak))
            )
        suppressed[candidates[0]] = SECONDARY
    raise DisclosureRefused("the suppression did not settle")
