"""The public statistics: which tables of a period are published, as a disclosure
``Release`` (every table of persons protected together), and how they read on the page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ctis.stats import figures
from ctis.stats.disclosure import Release
from ctis.stats.periods import Period

SEXES = {"female": _("Women and girls"), "male": _("Men and boys"), "unknown": _("Not known")}
AGES = {"adult": _("Adults"), "child": _("Children"), "unknown": _("Age not known")}
CITIZENSHIP = {
    "citizens": _("Citizens of Azerbaijan"),
    "foreigners": _("Foreigners"),
    "unknown": _("Citizenship not known"),
}
SENTENCES = {
    "imprisonment": _("Imprisonment"),
    "conditional": _("Conditional sentence"),
    "deferred": _("Deferred sentence"),
    "fine": _("Fine"),
    "other": _("Other"),
}

# The tables of the page, in order: (key, title, kind, rows, columns).
TABLES = [
    ("victims_sex_age", _("Victims identified, by sex and age"), "two_way", SEXES, AGES),
    ("victims_citizenship", _("Victims identified, by citizenship"), "one_way", CITIZENSHIP, None),
    ("convicted_sex", _("Persons convicted, by sex"), "one_way", SEXES, None),
    ("convicted_sentence", _("Persons convicted, by sentence"), "one_way", SENTENCES, None),
]
# Counts that are not of persons (cases, contacts, events): published as they are.
PLAIN = [
    ("justice.cases.registered", _("Criminal cases registered")),
    ("hotline.contacts", _("Hotline contacts")),
    ("outreach.events", _("Awareness events")),
    ("outreach.participants", _("Participants in awareness events")),
]


def release_for(period: Period) -> tuple[Release, dict[str, int]]:
    """The protected tables of the period and the plain counts beside them."""
    data = figures.annual(period)
    rows = [row for row in data["victims"]["crosstab"] if row["status"] == "identified"]
    sex_age: dict[str, dict[str, int]] = {s: dict.fromkeys(AGES, 0) for s in SEXES}
    citizenship = dict.fromkeys(CITIZENSHIP, 0)
    for row in rows:
        sex_age[row["sex"]][row["age"]] += row["persons"]
        citizenship[row["citizenship"]] += row["persons"]
    release = Release({})
    release.add_table("victims_sex_age", sex_age, total="victims.total")
    release.add_table("victims_citizenship", citizenship, total="victims.total")
    justice = data["justice"]
    release.add_table("convicted_sex", dict(justice["convicted_by_sex"]), total="convicted.total")
    sentences = dict(justice["sentences"])
    # One sentence a person: the two tables share their total (and are protected so).
    shared = sum(sentences.values()) == justice["convicted"]
    release.add_table(
        "convicted_sentence", sentences, total="convicted.total" if shared else "total"
    )
    plain: dict[str, int] = {}
    for key, _label in PLAIN:
        value: Any = data
        for part in key.split("."):
            value = value[part]
        plain[key] = int(value)
    return release, plain


def page_tables(shown: dict[str, str]) -> list[dict]:
    """The published figures of one release laid out as the page's tables."""
    tables = []
    for key, title, kind, rows, columns in TABLES:
        total_key = {
            "victims_sex_age": "victims.total",
            "victims_citizenship": "victims.total",
            "convicted_sex": "convicted.total",
        }.get(key, f"{key}.total")
        if key == "convicted_sentence" and total_key not in shown:
            total_key = "convicted.total"
        if kind == "two_way" and columns is not None:
            body = [
                {
                    "label": label,
                    "cells": [shown.get(f"{key}.{row}.{column}", "") for column in columns],
                    "total": shown.get(f"{key}.{row}", ""),
                }
                for row, label in rows.items()
            ]
            footer = [shown.get(f"{key}.*.{column}", "") for column in columns]
            tables.append(
                {
                    "title": title,
                    "columns": list(columns.values()),
                    "rows": body,
                    "footer": footer,
                    "total": shown.get(total_key, ""),
                }
            )
        else:
            body = [
                {"label": label, "cells": [shown.get(f"{key}.{row}", "")]}
                for row, label in rows.items()
            ]
            tables.append(
                {"title": title, "columns": [], "rows": body, "total": shown.get(total_key, "")}
            )
    return tables
