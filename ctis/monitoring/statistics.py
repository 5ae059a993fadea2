"""Statistics of monitoring for the statistics module: counts aggregated in SQL over the
items found between two dates (inclusive), one query per figure whatever the number of
items. A group of near-copies counts once (its first item), as it was triaged once."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear

from ctis.monitoring.models import Action, Item, TriageState


def _items(start: datetime.date, end: datetime.date) -> QuerySet[Item]:
    return Item.objects.filter(found_on__gte=start, found_on__lte=end).filter(
        Q(group__isnull=True) | Q(group_id=F("pk"))
    )


def _count_by(queryset: QuerySet, field: str) -> dict:
    return {
        row[field]: row["n"]
        for row in queryset.order_by().values(field).annotate(n=Count("pk")).order_by(field)
    }


def items_by_category(*, start: datetime.date, end: datetime.date) -> dict:
    return _count_by(_items(start, end), "category")


def items_by_outcome(*, start: datetime.date, end: datetime.date) -> dict:
    """Items by triage state (new, under review, referred, blocking requested, closed)."""
    return _count_by(_items(start, end), "state")


def items_by_platform(*, start: datetime.date, end: datetime.date) -> dict:
    return _count_by(_items(start, end), "platform")


def items_by_year(*, start: datetime.date, end: datetime.date) -> dict:
    return {
        row["year"]: row["n"]
        for row in _items(start, end)
        .order_by()
        .annotate(year=ExtractYear("found_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    }


def referrals_and_blocking(*, start: datetime.date, end: datetime.date) -> dict:
    """Referrals to the police unit and blocking requests decided between the dates
    (each decision once, whatever the item's state now), and items in each state now."""
    decided = Action.objects.filter(taken_on__gte=start, taken_on__lte=end).aggregate(
        referrals=Count("pk", filter=Q(step="refer")),
        blocking_requests=Count("pk", filter=Q(step="block")),
    )
    now = _items(start, end).aggregate(
        referred_now=Count("pk", filter=Q(state=TriageState.REFERRED)),
        blocking_now=Count("pk", filter=Q(state=TriageState.BLOCKING)),
    )
    return {**decided, **now}
