"""Year-by-year series that join the historical store and ctis's own records.

The rule, one for every indicator: from the first year ctis holds records for
(``records_from``) the value is counted from ctis's records (``ctis.stats.figures``);
before it, the value is the store's (``SeriesValue``: the country's total, dimension,
category, sex and age "Total", a single year). Where the store holds a figure for a year
ctis also counts, the ctis count is used and the store's figure is kept beside it with the
difference, so that a reader sees where the two disagree. A figure ctis does not count
(yet) for a year it holds records for is taken from the store, and marked so.

``records_from`` is ``settings.CTIS_STATS_RECORDS_FROM`` when set, otherwise the earliest
year in which a victim was identified or a criminal case registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Min

from ctis.cases.models import CriminalCase, Person
from ctis.stats import figures
from ctis.stats.models import SeriesSource, SeriesValue
from ctis.stats.periods import Period
from ctis.stats.series import HOME

FIRST_YEAR = 2005  # the first year of seed 000's charts

# Where each indicator's value sits in ``figures.annual``; the first path present wins.
# A path absent from the figures (a count another module has not offered yet) gives no
# ctis value, and the store's figure is used.
FIGURE_PATHS: dict[str, list[str]] = {
    "victims_identified": ["victims.identified"],
    "crimes_recorded": ["justice.crimes.recorded"],
    "crimes_recorded_total": ["justice.crimes.recorded_total"],
    "crimes_documents": ["justice.crimes.documents"],
    "persons_charged": ["justice.charged.persons"],
    "persons_sent_to_court": ["justice.sent_to_court.persons"],
    "persons_convicted": ["justice.convicted"],
    "criminal_groups_neutralised": ["justice.criminal_groups.neutralised"],
    "criminal_group_members": ["justice.criminal_groups.members"],
    "victims_placed_in_shelters": ["protection.placed.shelter"],
}


def figure(data: Mapping, path: str):
    """The value at ``a.b.c`` in the figures, or None where any step is absent."""
    value: object = data
    for step in path.split("."):
        if not isinstance(value, Mapping) or step not in value:
            return None
        value = value[step]
    return value


def indicator_value(data: Mapping, indicator: str) -> int | None:
    for path in FIGURE_PATHS.get(indicator, []):
        value = figure(data, path)
        if isinstance(value, int):
            return value
    return None


def records_from() -> int | None:
    """The first year ctis's records are counted for (None: no records at all)."""
    configured = getattr(settings, "CTIS_STATS_RECORDS_FROM", None)
    if configured:
        return int(configured)
    years = [
        Person.objects.filter(identified_on__isnull=False).aggregate(first=Min("identified_on"))[
            "first"
        ],
        CriminalCase.objects.aggregate(first=Min("registered_on"))["first"],
    ]
    known = [day.year for day in years if day is not None]
    return min(known) if known else None


@dataclass
class Point:
    year: int
    value: int | None
    source: str  # SeriesSource value, or "" where neither holds the year
    cases: int | None = None
    store: int | None = None
    store_text: str = ""  # the store's figure as published ("<5")

    @property
    def difference(self) -> int | None:
        """ctis's count less the store's figure, where both exist."""
        if self.cases is None or self.store is None:
            return None
        return self.cases - self.store


@dataclass
class Series:
    indicator: str
    first: int
    last: int
    records_from: int | None
    points: list[Point] = field(default_factory=list)

    @property
    def both(self) -> list[Point]:
        """The years both sources hold, with their difference."""
        return [point for point in self.points if point.difference is not None]

    @property
    def has_values(self) -> bool:
        return any(point.value is not None for point in self.points)


def store_values(indicators: list[str], first: int, last: int) -> dict[tuple[str, int], tuple]:
    """The store's national totals of single years: (indicator, year) → (value, text)."""
    rows = (
        SeriesValue.objects.filter(
            indicator__in=indicators,
            country=HOME,
            year__range=(first, last),
            first_year=F("year"),
            dimension="Total",
            category="Total",
            sex="Total",
            age="Total",
        )
        .order_by("indicator", "year", "-updated_at")
        .values_list("indicator", "year", "value", "below", "value_text")
    )
    found: dict[tuple[str, int], tuple] = {}
    for indicator, year, value, below, text in rows:
        # One source a year is enough; the most recently loaded wins.
        found.setdefault((indicator, year), (value, below, text))
    return found


class YearFigures:
    """``figures.annual`` of each year ctis holds records for, computed once a year."""

    def __init__(self, annual: Callable[[Period], dict] = figures.annual) -> None:
        self.annual = annual
        self.cache: dict[int, dict] = {}

    def __call__(self, year: int) -> dict:
        if year not in self.cache:
            self.cache[year] = self.annual(Period.years(year))
        return self.cache[year]


def build(
    indicators: list[str],
    first: int,
    last: int,
    *,
    by_year: YearFigures | None = None,
    start: int | None = None,
) -> dict[str, Series]:
    """The series of each indicator over ``first``..``last`` by the rule above."""
    by_year = by_year or YearFigures()
    start = records_from() if start is None else start
    stored = store_values(indicators, first, last)
    result = {}
    for indicator in indicators:
        series = Series(indicator, first, last, start)
        for year in range(first, last + 1):
            value, below, text = stored.get((indicator, year), (None, None, ""))
            point = Point(year, None, "", store=value, store_text=text)
            if start is not None and year >= start:
                point.cases = indicator_value(by_year(year), indicator)
            if point.cases is not None:
                point.value, point.source = point.cases, SeriesSource.CASES
            elif value is not None or below is not None:
                point.value, point.source = value, SeriesSource.STORE
            series.points.append(point)
        result[indicator] = series
    return result
