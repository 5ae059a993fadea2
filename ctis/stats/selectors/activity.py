"""The hotline, monitoring and outreach in a period: contacts by topic, items found online
and what was done with them, awareness events, trainings and their participants."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Sum

from ctis.hotline.models import ContactDay, Nature, TopicDay
from ctis.monitoring.models import Item, TriageState
from ctis.outreach.models import Event, EventKind, ParticipantGroup
from ctis.stats.periods import Period


def _counted(rows, key: str) -> dict[str, int]:
    return {row[key] or "": row["n"] for row in rows}


def hotline(period: Period) -> dict:
    """Contacts received in the period: in all, about a case (a possible victim or a tip),
    by nature, channel and topic (a contact on two topics counts under each). Two queries
    over the day counts the hotline keeps (``ContactDay``, ``TopicDay``): a year is a few
    thousand rows, whatever the number of contacts."""
    days = (period.start, period.end)
    by_nature: Counter[str] = Counter()
    by_channel: Counter[str] = Counter()
    rows = (
        ContactDay.objects.filter(day__range=days)
        .values_list("nature", "channel")
        .annotate(n=Sum("contacts"))
        .order_by()
    )
    for nature, channel, n in rows:  # a row per nature and channel, not per contact
        by_nature[nature] += n
        by_channel[channel] += n
    by_topic = _counted(
        TopicDay.objects.filter(day__range=days)
        .values("topic__code")
        .annotate(n=Sum("contacts"))
        .order_by("topic__code"),
        "topic__code",
    )
    return {
        "contacts": sum(by_nature.values()),
        "about_a_case": by_nature[Nature.CASE],
        "by_nature": dict(sorted(by_nature.items())),
        "by_channel": dict(sorted(by_channel.items())),
        "by_topic": by_topic,
    }


def monitoring(period: Period) -> dict:
    """Items found online or in the media in the period, by category and platform, and how
    many were referred to the police unit or had their blocking requested."""
    found = Item.objects.filter(found_on__range=(period.start, period.end))
    by_state = _counted(found.values("state").annotate(n=Count("pk")).order_by(), "state")
    return {
        "items": sum(by_state.values()),
        "referred_to_police": by_state.get(TriageState.REFERRED, 0),
        "blocking_requested": by_state.get(TriageState.BLOCKING, 0),
        "by_state": by_state,
        "by_category": _counted(
            found.values("category").annotate(n=Count("pk")).order_by(), "category"
        ),
        "by_platform": _counted(
            found.values("platform").annotate(n=Count("pk")).order_by(), "platform"
        ),
    }


def outreach(period: Period) -> dict:
    """Awareness events that began in the period: by type, the trainings among them, the
    participants (and, where the organiser counted them by group, women and men) and the
    materials distributed."""
    events = Event.objects.filter(starts_on__range=(period.start, period.end))
    rows = (
        events.values("kind")
        .annotate(n=Count("pk"), participants=Sum("participants_total"))
        .order_by()
    )
    by_kind = {row["kind"]: row["n"] for row in rows}
    participants_by_kind = {row["kind"]: row["participants"] or 0 for row in rows}
    totals = events.aggregate(materials=Sum("materials_count"))
    groups = ParticipantGroup.objects.filter(event__in=events.values("pk")).aggregate(
        women=Sum("women"), men=Sum("men")
    )
    return {
        "events": sum(by_kind.values()),
        "by_kind": by_kind,
        "trainings": by_kind.get(EventKind.TRAINING, 0),
        "training_participants": participants_by_kind.get(EventKind.TRAINING, 0),
        "participants": sum(participants_by_kind.values()),
        "participants_women": groups["women"] or 0,
        "participants_men": groups["men"] or 0,
        "materials_distributed": totals["materials"] or 0,
    }
