"""Reads of the National Referral Mechanism for pages and the command line."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from ctis.nrm.models import Indicator, IndicatorSet, Notification, Screening


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


def notifications_for(user) -> QuerySet[Notification]:
    """Notifications the user's agency received or sent, open first, then newest."""
    if user.agency_id is None or not user.has_perm("nrm.view_notifications"):
        return Notification.objects.none()
    return (Notification.objects.filter(Q(to_agency_id=user.agency_id)
                                        | Q(from_agency_id=user.agency_id))
            .select_related("person", "from_agency", "to_agency", "screening")
            .order_by(F("received_at").asc(nulls_first=True), "-sent_at"))


def overdue_notifications(user, *, now=None) -> QuerySet[Notification]:
    return notifications_for(user).filter(received_at__isnull=True,
                                          due_at__lt=now or timezone.now())
