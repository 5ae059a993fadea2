"""The national statistics of a period, assembled from the selectors: what ``ctis stats
annual`` prints, the dashboard draws and the annual report writes into its sentences.

The keys are stable (documented in ``README.md``, "Statistics"): a key is added, never
renamed. Counts are of persons where the annual report counts persons, and every table
says in ``notes`` where one person can appear in more than one row.
"""

from __future__ import annotations

from collections import Counter

from ctis.plan import selectors as plan_selectors
from ctis.stats.models import Population
from ctis.stats.periods import Period
from ctis.stats.selectors import activity, justice, protection, victims

NOTES = {
    "victims.by_form": "A victim of more than one form of exploitation counts under each.",
    "victims.countries_of_exploitation": (
        "A victim exploited in more than one country counts once in each country and once "
        "among the victims identified."
    ),
    "victims.foreigners_by_country": "A victim with two foreign citizenships counts under each.",
    "victims.age": "Child: under 18 in the year of identification, from the year of birth.",
    "hotline.by_topic": "A contact about more than one topic counts under each.",
    "justice.sentences": "A person given different sentences in two cases counts under each.",
    "justice.crimes": (
        "Crime episodes, several of which can sit in one criminal case; the total is the "
        "trafficking crimes and the crimes with documents (article 144-3)."
    ),
    "justice.charged": "A person charged in two cases counts once.",
}


def _margins(rows: list[dict], status: str) -> dict:
    chosen = [row for row in rows if row["status"] == status]
    sex: Counter[str] = Counter({"female": 0, "male": 0, "unknown": 0})
    age: Counter[str] = Counter({"adult": 0, "child": 0, "unknown": 0})
    citizenship: Counter[str] = Counter({"citizens": 0, "foreigners": 0, "unknown": 0})
    groups: Counter[str] = Counter({"women": 0, "men": 0, "children": 0, "unknown": 0})
    for row in chosen:
        n = row["persons"]
        sex[row["sex"]] += n
        age[row["age"]] += n
        citizenship[row["citizenship"]] += n
        if row["age"] == "child":
            groups["children"] += n
        elif row["age"] == "adult" and row["sex"] == "female":
            groups["women"] += n
        elif row["age"] == "adult" and row["sex"] == "male":
            groups["men"] += n
        else:
            groups["unknown"] += n
    return {
        "persons": sum(sex.values()),
        "by_sex": dict(sex),
        "by_age": dict(age),
        "women_men_children": dict(groups),
        "citizenship": dict(citizenship),
    }


def population(years: list[int]) -> int | None:
    """The mean population over the years (None if a year is missing)."""
    known = dict(Population.objects.filter(year__in=years).values_list("year", "population"))
    if not years or any(year not in known for year in years):
        return None
    return round(sum(known[year] for year in years) / len(years))


def _change(now: int, before: int) -> dict:
    return {
        "previous": before,
        "change": now - before,
        "change_percent": round(100 * (now - before) / before, 1) if before else None,
    }


def victims_figures(period: Period) -> dict:
    counts = victims.identified(period)
    rows = counts.crosstab
    identified = _margins(rows, "identified")
    presumed = _margins(rows, "presumed")
    people = population(period.year_list) if period.is_years else None
    years = len(period.year_list)
    per_100k = round(identified["persons"] / years / people * 100_000, 2) if people else None
    return {
        "identified": identified["persons"],
        "by_sex": identified["by_sex"],
        "by_age": identified["by_age"],
        "women_men_children": identified["women_men_children"],
        "citizens": identified["citizenship"]["citizens"],
        "foreigners": identified["citizenship"]["foreigners"],
        "citizenship_unknown": identified["citizenship"]["unknown"],
        "foreigners_by_country": victims.foreigners_by_country(period),
        "by_form": counts.forms,
        "countries_of_exploitation": victims.countries_of_exploitation(period),
        "exploited_internally": counts.internal,
        "exploited_abroad": counts.abroad,
        "country_not_recorded": counts.not_recorded,
        "presumed": presumed,
        "population": people,
        "per_100k_population": per_100k,
        "crosstab": rows,
    }


def justice_figures(period: Period) -> dict:
    cases = justice.cases_registered(period)
    before = justice.cases_registered(period.previous())
    crimes = justice.crimes(period)
    crimes_before = justice.crimes(period.previous())
    prosecutions = justice.prosecutions(period)
    return {
        "crimes": {**crimes, **_change(crimes["total"], crimes_before["total"])},
        "criminal_groups": justice.groups(period),
        "charged": prosecutions["charged"],
        "wanted": justice.wanted(period),
        "cases": {**cases, **_change(cases["registered"], before["registered"])},
        "sent_to_court": prosecutions["sent_to_court"],
        **prosecutions["verdicts"],
    }


def annual(period: Period) -> dict:
    """Every figure of the period, as plain data (JSON-ready)."""
    return {
        "period": period.as_json(),
        "victims": victims_figures(period),
        "justice": justice_figures(period),
        "protection": {
            "placed": protection.placements(period),
            **protection.services(period),
        },
        "hotline": activity.hotline(period),
        "monitoring": activity.monitoring(period),
        "outreach": activity.outreach(period),
        "indicators": indicators(period),
        "notes": NOTES,
    }


def indicators(period: Period) -> dict:
    """The catalogue indicators that agencies reported as numbers in their accepted yearly
    reports, summed across agencies (whole reporting years only)."""
    if not period.is_years:
        return {}
    found = {}
    for row in plan_selectors.indicator_totals(period.start.year, period.end.year):
        if not row.reports:
            continue
        found[row.indicator.code] = {
            "total": _number(row.total),
            "by_category": {k: _number(v) for k, v in row.by_category.items() if k},
            "agencies": row.agencies,
            "reports": row.reports,
        }
    return found


def _number(value) -> int | str:
    return int(value) if value == int(value) else str(value)
