"""The hotline's figures for the statistics of issue 13: each a function of a period
(``start`` and ``end`` inclusive, days in the server's time zone) that aggregates in SQL, in
a number of queries that does not depend on the data (one, mostly), with no per-row Python.

Every function returns plain data with documented keys; a value that occurs in no contact
of the period is absent (a missing key counts 0). Every contact counts, whether about a case
or not (information requests, silent calls, hoaxes and tests are contacts too); ``nature``
tells them apart.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ctis.hotline.models import (
    Contact,
    ContactTopic,
    Outcome,
)


def _bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return low, high


def _period(start: datetime.date, end: datetime.date) -> QuerySet[Contact]:
    """The period's contacts, as a range on the indexed ``received_at`` (no per-row date
    function, so the index answers)."""
    low, high = _bounds(start, end)
    return Contact.objects.filter(received_at__gte=low, received_at__lt=high).order_by()


def _by(field: str, *, start: datetime.date, end: datetime.date) -> dict[str, int]:
    rows = _period(start, end).values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {key: n for key, n in rows}


def contacts_total(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{"contacts": all contacts, "cases": those about a case}``."""
    return _period(start, end).aggregate(
        contacts=Count("pk"), cases=Count("pk", filter=Q(nature="case"))
    )


def contacts_per_month(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{"2026-01": n, ...}``: contacts per calendar month (months without any are absent)."""
    rows = (
        _period(start, end)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    counts: dict[str, int] = {}
    for month, n in rows:  # one row a month, not a contact
        key = month.strftime("%Y-%m")
        counts[key] = counts.get(key, 0) + n
    return dict(sorted(counts.items()))


def contacts_per_topic(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{topic code: contacts about it}``; a contact about two topics counts under both."""
    low, high = _bounds(start, end)
    rows = (
        ContactTopic.objects.filter(received_at__gte=low, received_at__lt=high)
        .order_by()
        .values("topic__code")
        .annotate(n=Count("contact_id"))
        .values_list("topic__code", "n")
    )
    return {code: n for code, n in rows}


def contacts_per_outcome(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{Outcome value: n}`` (information, referred, police_tip, presumed_victim,
    emergency, no_action)."""
    return _by("outcome", start=start, end=end)


def contacts_per_channel(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{Channel value: n}`` (phone, whatsapp, telegram, web_form, walk_in, email)."""
    return _by("channel", start=start, end=end)


def contacts_per_caller_type(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{CallerType value: n}`` (at_risk, relative, professional, anonymous)."""
    return _by("caller_type", start=start, end=end)


def contacts_per_region(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{Region value: n}``; contacts whose region was not said are under ``""``."""
    return _by("region", start=start, end=end)


def contacts_per_nature(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{Nature value: n}`` (case, information, silent, hoax, test)."""
    return _by("nature", start=start, end=end)


def emergency_requests(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{"total": n, "shelter": n, "extraction": n, "transport": n}``: contacts whose
    outcome is an emergency request, by what it was for."""
    period = _period(start, end).filter(outcome=Outcome.EMERGENCY)
    rows = dict(period.values("emergency").annotate(n=Count("pk")).values_list("emergency", "n"))
    return {"total": sum(rows.values()), **rows}


def referrals_made(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """``{"referred": contacts referred to an agency, "police_tip": tips to the police
    unit, "presumed_victim": presumed victims notified, "notified": contacts whose
    notification to the police unit was sent}``."""
    return _period(start, end).aggregate(
        referred=Count("pk", filter=Q(outcome=Outcome.REFERRED)),
        police_tip=Count("pk", filter=Q(outcome=Outcome.POLICE_TIP)),
        presumed_victim=Count("pk", filter=Q(outcome=Outcome.PRESUMED_VICTIM)),
        notified=Count("pk", filter=Q(notification__isnull=False)),
    )


__all__ = [
    "contacts_per_caller_type",
    "contacts_per_channel",
    "contacts_per_month",
    "contacts_per_nature",
    "contacts_per_outcome",
    "contacts_per_region",
    "contacts_per_topic",
    "contacts_total",
    "emergency_requests",
    "referrals_made",
]
