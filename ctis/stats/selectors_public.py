"""Reads of the stored publications."""

from __future__ import annotations

from ctis.stats.models import Publication


def latest_publications(limit: int = 10) -> list[Publication]:
    """The latest release of each period, newest period first."""
    seen: set[tuple] = set()
    found = []
    for publication in Publication.objects.order_by("-period_end", "-period_start", "-created_at")[
        :200
    ]:
        key = (publication.period_start, publication.period_end)
        if key in seen:
            continue
        seen.add(key)
        found.append(publication)
        if len(found) == limit:
            break
    return found
