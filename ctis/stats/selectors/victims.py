"""Victims identified in a period, counted once per person (seed 000's "94 victims: 89
women, 3 men, 2 children").

The counts read the person rows only, through the index on status and identification
date, which carries every column counted: the person's copies of the victim profile
(``Person.mirror_victim``), of what the citizenships say and of where the victim was
exploited (``choices.citizenship_class``, ``choices.exploited_mask``). Only the tables by
country read the citizenships and the trafficking events."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from ctis.cases.choices import (
    CITIZEN,
    EXPLOITED_ABROAD,
    EXPLOITED_HOME,
    FOREIGNER,
    FORM_BITS,
    Sex,
    TraffickingStatus,
)
from ctis.cases.models import Person
from ctis.core.models import Country
from ctis.stats.periods import Period

CHILD_BELOW = 18

SEX_KEYS = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.UNKNOWN: "unknown"}
CITIZENSHIP_KEYS = {CITIZEN: "citizens", FOREIGNER: "foreigners"}


def _identified(period: Period, statuses: list[str]) -> QuerySet[Person]:
    return Person.objects.filter(
        victim_status__in=statuses, identified_on__range=(period.start, period.end)
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


@dataclass(frozen=True)
class Identified:
    """The period's victims and presumed victims, counted in one statement."""

    crosstab: list[dict]  # one row per status, sex, age class and citizenship
    forms: dict[str, int]  # victims by form: a victim of two forms counts in each
    internal: int  # victims exploited inside the country (and perhaps abroad too)
    abroad: int  # victims exploited abroad (and perhaps inside too)
    not_recorded: int  # victims with no exploitation event


def identified(period: Period) -> Identified:
    """Every table of victims is a margin of the crosstab (which the disclosure control
    relies on); forms and places of exploitation count actual victims only."""
    rows = (
        _identified(period, [TraffickingStatus.ACTUAL, TraffickingStatus.POSSIBLE])
        .annotate(age=ExtractYear("identified_on") - F("birth_year"))
        .annotate(age_class=_age_class())
        .values(
            "victim_status", "sex", "age_class", "citizenship_class", "forms_mask", "exploited_mask"
        )
        .annotate(persons=Count("pk"))
        .order_by()
    )
    cells: Counter[tuple[str, str, str, str]] = Counter()
    forms: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for row in rows:
        actual = row["victim_status"] == TraffickingStatus.ACTUAL
        persons = row["persons"]
        key = (
            "identified" if actual else "presumed",
            SEX_KEYS.get(row["sex"], "unknown"),
            row["age_class"],
            CITIZENSHIP_KEYS.get(row["citizenship_class"], "unknown"),
        )
        cells[key] += persons
        if not actual:
            continue
        for form, bit in FORM_BITS.items():
            if row["forms_mask"] & bit:
                forms[str(form)] += persons
        mask = row["exploited_mask"]
        places["internal"] += persons if mask & EXPLOITED_HOME else 0
        places["abroad"] += persons if mask & EXPLOITED_ABROAD else 0
        places["not_recorded"] += 0 if mask else persons
    return Identified(
        crosstab=[
            {"status": status, "sex": sex, "age": age, "citizenship": citizenship, "persons": n}
            for (status, sex, age, citizenship), n in sorted(cells.items())
        ],
        forms=dict(forms),
        internal=places["internal"],
        abroad=places["abroad"],
        not_recorded=places["not_recorded"],
    )


def foreigners_by_country(period: Period) -> dict[str, int]:
    """Victims who are not citizens, by their citizenship (three-letter code); a victim
    with two foreign citizenships counts under each."""
    rows = (
        Person.citizenships.through.objects.filter(
            person__victim_status=TraffickingStatus.ACTUAL,
            person__identified_on__range=(period.start, period.end),
            person__citizenship_class=FOREIGNER,
        )
        .values("country__alpha3")
        .annotate(persons=Count("person", distinct=True))
        .order_by()
    )
    return {row["country__alpha3"]: row["persons"] for row in rows}


def countries_of_exploitation(period: Period) -> dict[str, dict]:
    """Victims by country of exploitation (Azerbaijan itself for internal trafficking), and
    in each by form: a victim exploited in two countries counts once in each, and once
    among the victims."""
    # From the person index alone: each victim's countries of exploitation are copied on
    # the person (``exploited_countries``, "AE,TR"), a row per combination and form mask.
    rows = (
        Person.objects.filter(
            victim_status=TraffickingStatus.ACTUAL,
            identified_on__range=(period.start, period.end),
        )
        .exclude(exploited_countries="")
        .values("exploited_countries", "forms_mask")
        .annotate(persons=Count("*"))
        .order_by()
    )
    alpha3 = dict(Country.objects.values_list("code", "alpha3"))
    countries: dict[str, dict] = defaultdict(lambda: {"victims": 0, "by_form": Counter()})
    for row in rows:
        for code in row["exploited_countries"].split(","):
            entry = countries[alpha3.get(code, code)]
            entry["victims"] += row["persons"]
            for form, bit in FORM_BITS.items():
                if row["forms_mask"] & bit:
                    entry["by_form"][str(form)] += row["persons"]
    return {
        code: {"victims": entry["victims"], "by_form": dict(entry["by_form"])}
        for code, entry in sorted(
            countries.items(), key=lambda item: (-item[1]["victims"], item[0])
        )
    }
