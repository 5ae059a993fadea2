"""Victims identified in a period, counted once per person (seed 000's "94 victims: 89
women, 3 men, 2 children")."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from ctis.cases.choices import FORM_BITS, EventKind, Sex, TraffickingStatus
from ctis.cases.models import Person, TraffickingEvent
from ctis.stats.periods import Period

HOME_COUNTRY = "AZ"  # ctis.cases.services.victims.HOME_COUNTRY: the country's own citizens
CHILD_BELOW = 18

SEX_KEYS = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.UNKNOWN: "unknown"}


def _identified(period: Period, statuses: list[str]) -> QuerySet[Person]:
    return Person.objects.filter(
        victim_status__in=statuses, identified_on__range=(period.start, period.end)
    )


def _citizenship():
    through = Person.citizenships.through
    home = through.objects.filter(person=OuterRef("pk"), country_id=HOME_COUNTRY)
    other = through.objects.filter(person=OuterRef("pk"))
    return Case(
        When(Exists(home), then=Value("citizens")),
        When(Exists(other), then=Value("foreigners")),
        default=Value("unknown"),
        output_field=CharField(),
    )


def _age_class():
    """Adult or child at identification, from the year of birth (the year of
    identification minus the year of birth, below 18: a child); unknown without one."""
    return Case(
        When(birth_year__isnull=True, then=Value("unknown")),
        When(age__lt=CHILD_BELOW, then=Value("child")),
        default=Value("adult"),
        output_field=CharField(),
    )


def crosstab(period: Period) -> list[dict]:
    """Victims and presumed victims identified in the period, one row per status, sex,
    age class and citizenship with its number of persons: every table of victims is a
    margin of this one (which the disclosure control relies on)."""
    rows = (
        _identified(period, [TraffickingStatus.ACTUAL, TraffickingStatus.POSSIBLE])
        .annotate(age=ExtractYear("identified_on") - F("birth_year"))
        .annotate(age_class=_age_class(), citizenship=_citizenship())
        .values("victim_status", "sex", "age_class", "citizenship")
        .annotate(persons=Count("pk"))
        .order_by()
    )
    found = [
        {
            "status": "identified"
            if row["victim_status"] == TraffickingStatus.ACTUAL
            else "presumed",
            "sex": SEX_KEYS.get(row["sex"], "unknown"),
            "age": row["age_class"],
            "citizenship": row["citizenship"],
            "persons": row["persons"],
        }
        for row in rows
    ]
    return sorted(
        found, key=lambda row: (row["status"], row["sex"], row["age"], row["citizenship"])
    )


def forms(period: Period) -> dict[str, int]:
    """Victims by form of exploitation: a victim of two forms counts in each."""
    counts: Counter[str] = Counter()
    rows = (
        _identified(period, [TraffickingStatus.ACTUAL])
        .values("forms_mask")
        .annotate(persons=Count("pk"))
        .order_by()
    )
    for row in rows:
        for form, bit in FORM_BITS.items():
            if row["forms_mask"] & bit:
                counts[str(form)] += row["persons"]
    return dict(counts)


def foreigners_by_country(period: Period) -> dict[str, int]:
    """Victims who are not citizens, by their citizenship (three-letter code); a victim
    with two foreign citizenships counts under each."""
    through = Person.citizenships.through
    home = through.objects.filter(person_id=OuterRef("person_id"), country_id=HOME_COUNTRY)
    rows = (
        through.objects.filter(
            person__victim_status=TraffickingStatus.ACTUAL,
            person__identified_on__range=(period.start, period.end),
        )
        .exclude(Exists(home))
        .values("country__alpha3")
        .annotate(persons=Count("person", distinct=True))
        .order_by()
    )
    return {row["country__alpha3"]: row["persons"] for row in rows}


def countries_of_exploitation(period: Period) -> dict:
    """Victims by country of exploitation (Azerbaijan itself for internal trafficking), and
    in each by form: a victim exploited in two countries counts once in each, and once
    among the victims."""
    victims = _identified(period, [TraffickingStatus.ACTUAL])
    rows = (
        TraffickingEvent.objects.filter(
            kind=EventKind.EXPLOITATION,
            victim__person__victim_status=TraffickingStatus.ACTUAL,
            victim__person__identified_on__range=(period.start, period.end),
        )
        .values("country__alpha3", "victim__person__forms_mask")
        .annotate(persons=Count("victim", distinct=True))
        .order_by()
    )
    countries: dict[str, dict] = defaultdict(lambda: {"victims": 0, "by_form": Counter()})
    for row in rows:
        entry = countries[row["country__alpha3"]]
        entry["victims"] += row["persons"]
        for form, bit in FORM_BITS.items():
            if row["victim__person__forms_mask"] & bit:
                entry["by_form"][str(form)] += row["persons"]
    exploited = TraffickingEvent.objects.filter(kind=EventKind.EXPLOITATION)
    here = exploited.filter(victim_id=OuterRef("pk"), country_id=HOME_COUNTRY)
    away = exploited.filter(victim_id=OuterRef("pk")).exclude(country_id=HOME_COUNTRY)
    anywhere = exploited.filter(victim_id=OuterRef("pk"))
    counts = victims.aggregate(
        internal=Count("pk", filter=Exists(here)),
        abroad=Count("pk", filter=Exists(away)),
        not_recorded=Count("pk", filter=~Exists(anywhere)),
    )
    return {
        "by_country": {
            code: {"victims": entry["victims"], "by_form": dict(entry["by_form"])}
            for code, entry in sorted(
                countries.items(), key=lambda item: (-item[1]["victims"], item[0])
            )
        },
        **counts,
    }
