"""Dates in the words ctis owns.

Django's ``date:"M"`` title-cases its Azerbaijani month abbreviations ("iyn" → "Iyn"),
and Python's title-casing knows no dotted capital İ; these abbreviations are ctis's own
strings, so each language writes them as it should ("İyn", "İyl").
"""

from __future__ import annotations

import datetime

from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

MONTHS_SHORT = {
    1: pgettext_lazy("month, short", "Jan"),
    2: pgettext_lazy("month, short", "Feb"),
    3: pgettext_lazy("month, short", "Mar"),
    4: pgettext_lazy("month, short", "Apr"),
    5: pgettext_lazy("month, short", "May"),
    6: pgettext_lazy("month, short", "Jun"),
    7: pgettext_lazy("month, short", "Jul"),
    8: pgettext_lazy("month, short", "Aug"),
    9: pgettext_lazy("month, short", "Sep"),
    10: pgettext_lazy("month, short", "Oct"),
    11: pgettext_lazy("month, short", "Nov"),
    12: pgettext_lazy("month, short", "Dec"),
}


@register.filter
def month_year(day: datetime.date | None) -> str:
    """``{{ day|month_year }}``: "İyn 2024" — the month's short name and the year."""
    if day is None:
        return ""
    return f"{MONTHS_SHORT[day.month]} {day.year}"
