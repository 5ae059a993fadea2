"""Reads of ctis.outreach for its pages, the plan's measure page and report form, and the
home page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.outreach.models import Audience, Event, FeedbackState, ParticipantGroup, Response, Stage
from ctis.plan.models import Measure

RATINGS = ("usefulness", "clarity", "relevance")


def visible_events(user: User) -> QuerySet[Event]:
    """The events the user may open (``access.access_event`` says the same of one)."""
    events = Event.objects.all()
    if user.has_perm("outreach.view_all_events"):
        return events
    if user.has_perm("outreach.record_events") and user.agency_id:
        return events.filter(
            Q(organiser_id=user.agency_id) | Q(partners__id=user.agency_id)
        ).distinct()
    return events.none()


@dataclass(frozen=True)
class EventFilters:
    year: int | None = None
    agency_id: int | None = None
    measure_id: int | None = None
    kind: str = ""


def event_list(user: User, filters: EventFilters) -> QuerySet[Event]:
    events = visible_events(user)
    if filters.year:
        events = events.filter(starts_on__year=filters.year)
    if filters.agency_id:
        events = events.filter(organiser_id=filters.agency_id)
    if filters.measure_id:
        events = events.filter(measures__id=filters.measure_id)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    return (
        events.select_related("organiser")
        .annotate(answers=Count("responses", filter=Q(responses__stage=Stage.AFTER), distinct=True))
        .order_by("-starts_on", "-id")
    )


def event_years(user: User) -> list[int]:
    return sorted({d.year for d in visible_events(user).dates("starts_on", "year")}, reverse=True)


def _share(correct, asked) -> float | None:
    return round(100 * correct / asked, 1) if asked else None


def rating_summary(responses: QuerySet[Response]) -> dict:
    """The answers after the event: their number and the average of each rating."""
    row = responses.filter(stage=Stage.AFTER).aggregate(
        answers=Count("id"), **{name: Avg(name) for name in RATINGS}
    )
    averages = {name: (round(row[name], 2) if row[name] is not None else None) for name in RATINGS}
    known = [v for v in averages.values() if v is not None]
    return {
        "answers": row["answers"],
        "averages": averages,
        "overall": round(sum(known) / len(known), 2) if known else None,
    }


def knowledge_summary(responses: QuerySet[Response]) -> dict:
    """The share of right answers to the knowledge questions before and after, and the change
    in percentage points."""
    rows = {
        row["stage"]: row
        for row in responses.filter(asked__gt=0)
        .values("stage")
        .annotate(n=Count("id"), correct=Sum("correct"), asked=Sum("asked"))
    }
    before = rows.get(Stage.BEFORE, {})
    after = rows.get(Stage.AFTER, {})
    share_before = _share(before.get("correct", 0), before.get("asked", 0))
    share_after = _share(after.get("correct", 0), after.get("asked", 0))
    change = (
        round(share_after - share_before, 1)
        if share_before is not None and share_after is not None
        else None
    )
    return {
        "before_answers": before.get("n", 0),
        "after_answers": after.get("n", 0),
        "before": share_before,
        "after": share_after,
        "change": change,
    }


def event_summary(event: Event) -> dict:
    responses = Response.objects.filter(event=event)
    return {
        **rating_summary(responses),
        "knowledge": knowledge_summary(responses),
        "comments": list(
            responses.filter(stage=Stage.AFTER)
            .exclude(comment="")
            .order_by("-created_at")
            .values("comment", "created_at", "language")[:50]
        ),
    }


def _grouped_ratings(responses: QuerySet[Response], key: str) -> dict:
    rows = (
        responses.filter(stage=Stage.AFTER)
        .values(key)
        .annotate(answers=Count("id"), **{name: Avg(name) for name in RATINGS})
        .order_by()
    )
    out = {}
    for row in rows:
        values = [row[name] for name in RATINGS if row[name] is not None]
        out[row[key]] = {
            "answers": row["answers"],
            "overall": round(sum(values) / len(values), 2) if values else None,
        }
    return out


def _counts(events: QuerySet[Event], key: str) -> dict:
    """Events and participants in total per value of ``key`` (a related record's id)."""
    return {
        row[key]: (row["n"], row["people"] or 0)
        for row in Event.objects.filter(pk__in=events.values("pk"), **{f"{key}__isnull": False})
        .values(key)
        .annotate(n=Count("id", distinct=True), people=Sum("participants_total"))
        .order_by()
    }


def summaries(events: QuerySet[Event]) -> dict:
    """The feedback of these events per organiser, per audience and per measure: events,
    their participants, answers and the average rating (the mean of the three ratings'
    averages). Labels are in the reader's language."""
    responses = Response.objects.filter(event_id__in=events.values("pk"))
    parts = {
        "organisers": ("organiser_id", Agency, lambda a: a.short_name),
        "audiences": ("audiences__id", Audience, lambda a: a.name),
        "measures": ("measures__id", Measure, lambda m: m.number),
    }
    out = {}
    for name, (key, model, label) in parts.items():
        counts = _counts(events, key)
        ratings = _grouped_ratings(responses, f"event__{key}")
        records = model._default_manager.in_bulk(list(counts))
        out[name] = sorted(
            (
                {
                    "label": label(records[pk]),
                    "events": n,
                    "participants": people,
                    "answers": ratings.get(pk, {}).get("answers", 0),
                    "overall": ratings.get(pk, {}).get("overall"),
                }
                for pk, (n, people) in counts.items()
                if pk in records
            ),
            key=lambda row: (-row["events"], str(row["label"])),
        )
    return out


def audiences_by_code(codes) -> dict[str, Audience]:
    """The audiences by their codes (``pupils``); a code the table lacks is absent."""
    return {a.code: a for a in Audience.objects.filter(code__in=set(codes))}


def agencies_by_code(codes) -> dict[str, Agency]:
    """The agencies in use by their codes, as an event's partners are chosen."""
    return {a.code: a for a in Agency.objects.filter(code__in=set(codes), is_active=True)}


def event_codes(event: Event) -> dict[str, list[str]]:
    """The codes of the event's partners, measures and audiences, as a system sends them."""
    return {
        "partners": sorted(a.code for a in event.partners.all()),
        "measures": list(event.measures.order_by("position").values_list("number", flat=True)),
        "audiences": list(event.audiences.values_list("code", flat=True)),
    }


def participants_by_group(event: Event) -> list[ParticipantGroup]:
    return list(event.groups.select_related("audience"))


def measure_events(measure, user: User) -> list[Event]:
    """The events serving a plan measure that the user may see, latest first."""
    return list(
        visible_events(user)
        .filter(measures=measure)
        .select_related("organiser")
        .order_by("-starts_on", "-id")[:50]
    )


def measure_figures(measure, agency, year: int) -> list[tuple[str, int, str]]:
    """The figures a yearly report on ``measure`` by ``agency`` can take from its events of
    ``year``: events held, participants in total, women and men (label, value, unit)."""
    events = Event.objects.filter(measures=measure, organiser=agency, starts_on__year=year)
    totals = events.aggregate(events=Count("id"), participants=Sum("participants_total"))
    if not totals["events"]:
        return []
    sexes = ParticipantGroup.objects.filter(event__in=events).aggregate(
        women=Sum("women"), men=Sum("men")
    )
    people = _("persons")
    return [
        (_("Awareness events and trainings held"), totals["events"], _("events")),
        (_("Participants"), totals["participants"] or 0, people),
        (_("Participants: women"), sexes["women"] or 0, people),
        (_("Participants: men"), sexes["men"] or 0, people),
    ]


def measure_years(measure, agency) -> list[dict]:
    """The agency's events serving ``measure``, counted by year (latest first): events,
    participants, women and men, as its yearly reports cite them."""
    if agency is None:
        return []
    events = Event.objects.filter(measures=measure, organiser=agency)
    years = {
        row["year"]: {**row, "women": 0, "men": 0}
        for row in events.annotate(year=ExtractYear("starts_on"))
        .values("year")
        .annotate(events=Count("id"), participants=Sum("participants_total"))
        .order_by()
    }
    for row in (
        ParticipantGroup.objects.filter(event__in=events)
        .annotate(year=ExtractYear("event__starts_on"))
        .values("year")
        .annotate(women=Sum("women"), men=Sum("men"))
        .order_by()
    ):
        if row["year"] in years:
            years[row["year"]].update(women=row["women"] or 0, men=row["men"] or 0)
    return [years[year] for year in sorted(years, reverse=True)]


def awaiting_organiser(user: User) -> dict | None:
    """The reporter's events still without the organiser's assessment, and those open for
    feedback (the home page's work list)."""
    if not user.has_perm("outreach.record_events") or not user.agency_id:
        return None
    own = Event.objects.filter(organiser_id=user.agency_id)
    today = datetime.date.today()
    unassessed = list(own.filter(assessment="", starts_on__lte=today).order_by("-starts_on")[:10])
    open_ = list(own.filter(feedback=FeedbackState.OPEN).order_by("-starts_on")[:10])
    if not unassessed and not open_:
        return None
    return {"unassessed": unassessed, "open": open_}
