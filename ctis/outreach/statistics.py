"""The figures of awareness events and trainings for the statistics that read every module
(issue 13): each a function of the period ``(*, start, end) -> dict``, aggregated in the
database, in a constant number of queries. An event counts in the period of its first day.
"""

from __future__ import annotations

import datetime

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import ExtractYear

from ctis.outreach.models import Event, ParticipantGroup, Response, Stage

RATINGS = ("usefulness", "clarity", "relevance")


def _events(start: datetime.date, end: datetime.date):
    return Event.objects.filter(starts_on__gte=start, starts_on__lte=end)


def _by(rows, key: str) -> dict:
    return {row[key]: {k: v for k, v in row.items() if k != key} for row in rows}


def events(*, start: datetime.date, end: datetime.date) -> dict:
    """Events and participants in total, by type, mode, year, organiser and region."""
    chosen = _events(start, end)
    totals = chosen.aggregate(events=Count("id"), participants=Sum("participants_total"))
    figures = Count("id"), Sum("participants_total")

    def grouped(*keys, **names):
        rows = (
            chosen.values(*keys)
            .annotate(events=figures[0], participants=figures[1])
            .order_by(*keys)
        )
        return {
            row[keys[0]]: {"events": row["events"], "participants": row["participants"] or 0}
            for row in rows
        }

    return {
        "events": totals["events"],
        "participants": totals["participants"] or 0,
        "by_kind": grouped("kind"),
        "by_mode": grouped("mode"),
        "by_agency": grouped("organiser__code"),
        "by_region": grouped("place"),
        "by_year": {
            row["year"]: {"events": row["events"], "participants": row["participants"] or 0}
            for row in chosen.annotate(year=ExtractYear("starts_on"))
            .values("year")
            .annotate(events=Count("id"), participants=Sum("participants_total"))
            .order_by("year")
        },
    }


def events_by_measure(*, start: datetime.date, end: datetime.date) -> dict:
    """Per plan measure (its number): the events serving it and their participants."""
    rows = (
        Event.measures.through.objects.filter(
            event__starts_on__gte=start, event__starts_on__lte=end
        )
        .values(number=F("measure__number"))
        .annotate(
            events=Count("event_id", distinct=True), participants=Sum("event__participants_total")
        )
        .order_by("number")
    )
    return {
        row["number"]: {"events": row["events"], "participants": row["participants"] or 0}
        for row in rows
    }


def participants(*, start: datetime.date, end: datetime.date) -> dict:
    """Participants by audience (its code) and sex, in total and by organiser."""
    groups = ParticipantGroup.objects.filter(event__starts_on__gte=start, event__starts_on__lte=end)
    sums = {"total": Sum("total"), "women": Sum("women"), "men": Sum("men")}
    whole = groups.aggregate(**sums)
    by_audience = groups.values("audience__code").annotate(**sums).order_by("audience__code")
    by_agency = (
        groups.values("event__organiser__code").annotate(**sums).order_by("event__organiser__code")
    )
    by_region = groups.values("event__place").annotate(**sums).order_by("event__place")
    by_year = (
        groups.annotate(year=ExtractYear("event__starts_on"))
        .values("year")
        .annotate(**sums)
        .order_by("year")
    )
    by_measure = (
        groups.filter(event__measures__isnull=False)
        .values(number=F("event__measures__number"))
        .annotate(**sums)
        .order_by("number")
    )
    return {
        "total": whole["total"] or 0,
        "women": whole["women"] or 0,
        "men": whole["men"] or 0,
        "by_audience": _by(by_audience, "audience__code"),
        "by_agency": _by(by_agency, "event__organiser__code"),
        "by_region": _by(by_region, "event__place"),
        "by_year": _by(by_year, "year"),
        "by_measure": _by(by_measure, "number"),
    }


def materials(*, start: datetime.date, end: datetime.date) -> dict:
    """Materials distributed, in total and by organiser; the events that used each language."""
    chosen = _events(start, end)
    total = chosen.aggregate(n=Sum("materials_count"))["n"] or 0
    by_agency = {
        row["organiser__code"]: row["n"] or 0
        for row in chosen.values("organiser__code")
        .annotate(n=Sum("materials_count"))
        .order_by("organiser__code")
    }
    languages = chosen.aggregate(
        **{
            code: Count("id", filter=Q(materials_languages__contains=code))
            for code in ("az", "ru", "en", "other")
        }
    )
    by_year = {
        row["year"]: row["n"] or 0
        for row in chosen.annotate(year=ExtractYear("starts_on"))
        .values("year")
        .annotate(n=Sum("materials_count"))
        .order_by("year")
    }
    return {
        "materials": total,
        "by_agency": by_agency,
        "by_year": by_year,
        "events_by_language": languages,
    }


def ratings(*, start: datetime.date, end: datetime.date) -> dict:
    """Feedback answers and the average of each rating, in total and by organiser, region
    and year of the event."""
    answers = Response.objects.filter(
        stage=Stage.AFTER, event__starts_on__gte=start, event__starts_on__lte=end
    )
    averages = {"answers": Count("id"), **{name: Avg(name) for name in RATINGS}}

    def rounded(row: dict) -> dict:
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in row.items()}

    return {
        **rounded(answers.aggregate(**averages)),
        "by_agency": {
            k: rounded(v)
            for k, v in _by(
                answers.values("event__organiser__code")
                .annotate(**averages)
                .order_by("event__organiser__code"),
                "event__organiser__code",
            ).items()
        },
        "by_region": {
            k: rounded(v)
            for k, v in _by(
                answers.values("event__place").annotate(**averages).order_by("event__place"),
                "event__place",
            ).items()
        },
        "by_measure": {
            k: rounded(v)
            for k, v in _by(
                answers.filter(event__measures__isnull=False)
                .values(number=F("event__measures__number"))
                .annotate(**averages)
                .order_by("number"),
                "number",
            ).items()
        },
        "by_year": {
            k: rounded(v)
            for k, v in _by(
                answers.annotate(year=ExtractYear("event__starts_on"))
                .values("year")
                .annotate(**averages)
                .order_by("year"),
                "year",
            ).items()
        },
    }


def knowledge(*, start: datetime.date, end: datetime.date) -> dict:
    """Knowledge questions at trainings: the share of right answers before and after, in
    percent, in total and by organiser."""
    answers = Response.objects.filter(
        asked__gt=0, event__starts_on__gte=start, event__starts_on__lte=end
    )
    sums = {"answers": Count("id"), "right": Sum("correct"), "asked": Sum("asked")}

    def share(row: dict) -> dict:
        asked = row["asked"] or 0
        return {
            "answers": row["answers"],
            "right": round(100 * (row["right"] or 0) / asked, 1) if asked else None,
        }

    whole = {
        row["stage"]: share(row)
        for row in answers.values("stage").annotate(**sums).order_by("stage")
    }
    by_agency: dict = {}
    for row in (
        answers.values("event__organiser__code", "stage")
        .annotate(**sums)
        .order_by("event__organiser__code", "stage")
    ):
        by_agency.setdefault(row["event__organiser__code"], {})[row["stage"]] = share(row)
    return {
        "before": whole.get(Stage.BEFORE),
        "after": whole.get(Stage.AFTER),
        "by_agency": by_agency,
    }
