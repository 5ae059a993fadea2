"""Counting attempts across server processes: failed log-ins per address, searches and
duplicate checks per user (issue 10).

A counter lives in the database (``Throttle``), one row a key, for a fixed window that
begins with the key's first attempt; it is locked while it is counted, so two processes
never lose an attempt. Expired rows are pruned when a new window begins. The key is a
blind index of its scope and value, so the table holds neither addresses nor user ids.
Core writes no audit entry: the caller audits, e.g. when ``Count.first_over`` is true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ctis.core import crypto
from ctis.core.models import Throttle


@dataclass(frozen=True)
class Count:
    count: int
    limit: int
    expires_at: datetime

    @property
    def over(self) -> bool:
        """The attempts have reached the limit: the next one is refused."""
        return self.count >= self.limit

    @property
    def exceeded(self) -> bool:
        """This attempt went past the limit: it is refused."""
        return self.count > self.limit

    @property
    def first_over(self) -> bool:
        """This is the first refused attempt of the window (audit it once)."""
        return self.count == self.limit + 1

    @property
    def minutes_left(self) -> int:
        seconds = (self.expires_at - timezone.now()).total_seconds()
        return max(1, math.ceil(seconds / 60))


def _key(scope: str, value: str) -> str:
    return crypto.blind_index(value, purpose="throttle." + scope)


def throttle_count(scope: str, value: str, *, limit: int) -> Count:
    """The attempts counted for ``value`` in its current window, without counting one."""
    now = timezone.now()
    row = Throttle.objects.filter(key=_key(scope, value), expires_at__gt=now).first()
    if row is None:
        return Count(0, limit, now)
    return Count(row.count, limit, row.expires_at)


def throttle_hit(scope: str, value: str, *, limit: int, window: timedelta) -> Count:
    """Count one attempt for ``value``; the count includes it."""
    key = _key(scope, value)
    now = timezone.now()
    with transaction.atomic():
        row = Throttle.objects.select_for_update().filter(key=key).first()
        if row is None:
            Throttle.objects.filter(expires_at__lte=now).delete()
            try:
                with transaction.atomic():
                    row = Throttle.objects.create(key=key, count=0, expires_at=now + window)
            except IntegrityError:  # another process began the window at the same time
                row = Throttle.objects.select_for_update().get(key=key)
        if row.expires_at <= now:
            row.count = 0
            row.expires_at = now + window
        row.count += 1
        row.save(update_fields=["count", "expires_at"])
    return Count(row.count, limit, row.expires_at)
