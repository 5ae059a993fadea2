"""The span a figure is counted over: calendar years (the annual report, GLOTIP, GRETA) or
any run of days (the US TIP report's 1 April – 31 March)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # the last day counted, included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period ends on or after the day it starts.")

    @classmethod
    def years(cls, first: int, last: int | None = None) -> Period:
        return cls(datetime.date(first, 1, 1), datetime.date(last or first, 12, 31))

    @property
    def is_years(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)

    @property
    def year_list(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    @property
    def label(self) -> str:
        if self.is_years:
            first, last = self.start.year, self.end.year
            return str(first) if first == last else f"{first}–{last}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same length just before: the year before a year, the three
        years before a run of three."""
        if self.is_years:
            span = self.end.year - self.start.year + 1
            return Period.years(self.start.year - span, self.end.year - span)
        days = (self.end - self.start).days + 1
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=days - 1), end)

    def starts_at(self) -> datetime.datetime:
        """The first moment of the period, in the server's time zone (for timestamps)."""
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    def ends_before(self) -> datetime.datetime:
        """The first moment after the period."""
        from django.utils import timezone

        day_after = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))

    def as_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}
