"""Reads of the National Referral Mechanism for pages and the command line."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ctis.nrm.models import Indicator, IndicatorSet, Screening


def indicator_sets(*, active_only: bool = True) -> QuerySet[IndicatorSet]:
    sets = IndicatorSet.objects.annotate(
        indicator_count=Count("indicators", filter=Q(indicators__is_active=True)))
    return sets.filter(is_active=True) if active_only else sets


def indicator_set_by_code(code: str) -> IndicatorSet | None:
    return indicator_sets().filter(code=code.strip()).first()


def set_indicators(indicator_set: IndicatorSet) -> QuerySet[Indicator]:
    return Indicator.objects.filter(indicator_set=indicator_set, is_active=True)


def person_screenings(person) -> QuerySet[Screening]:
    return (Screening.objects.filter(person=person).select_related("indicator_set", "agency")
            .prefetch_related("observed"))
