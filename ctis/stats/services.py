"""Writes of the statistics app: the population by year (reference data and the
coordinator's corrections) and the historical series (files of published figures). Each
runs in one transaction with its audit entry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.core.locking import StaleVersion, bump, lock_version
from ctis.core.models import Job
from ctis.plan.models import Measure
from ctis.plan.selectors import official_plan_present
from ctis.stats import exports, tasks
from ctis.stats.access import access_report
from ctis.stats.disclosure import DisclosureRefused, protect
from ctis.stats.exports import Spec
from ctis.stats.models import (
    REPORT_JOB_KIND,
    Population,
    Publication,
    Recommendation,
    ReportText,
    SeriesValue,
)
from ctis.stats.periods import Period
from ctis.stats.public import release_for
from ctis.stats.recommendations import parse
from ctis.stats.series import Reading

REFERENCE_POPULATION = Path(__file__).resolve().parent / "data" / "population.json"

POPULATION_FIELDS = ["population", "source"]


@transaction.atomic
def population_load_reference(*, path: Path = REFERENCE_POPULATION) -> int:
    """Create the years of population the system ships with; a year already present (a
    figure the coordinator corrected) is left alone."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    existing = set(Population.objects.values_list("year", flat=True))
    created = []
    for row in rows:
        if row["year"] in existing:
            continue
        year = Population(year=row["year"], population=row["population"], source=row["source"])
        year.full_clean()
        created.append(year)
    Population.objects.bulk_create(created)
    if created:
        audit_record(
            actor=None,
            action="stats.population.load",
            object_type="stats.population",
            changes={"created": [y.year for y in created]},
        )
    return len(created)


@transaction.atomic
def population_save(*, actor: User, year: int, population: int, source: str = "") -> Population:
    """Set the population of a year (a new year, or a corrected figure)."""
    require_permission(actor, "stats.manage_statistics")
    row = Population.objects.select_for_update().filter(year=year).first()
    creating = row is None
    row = row or Population(year=year)
    before = {} if creating else snapshot(row, POPULATION_FIELDS)
    row.population, row.source = population, source.strip()
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="stats.population.create" if creating else "stats.population.update",
        obj=row,
        changes=diff(before, snapshot(row, POPULATION_FIELDS)),
    )
    return row


SERIES_KEY = [
    "indicator",
    "country",
    "year",
    "first_year",
    "dimension",
    "category",
    "sex",
    "age",
    "source",
]


@dataclass
class SeriesImport:
    created: int
    changed: int
    unchanged: int
    refused: list


@transaction.atomic
def series_import(*, actor: User | None, reading: Reading, file_name: str = "") -> SeriesImport:
    """Save the figures read from a file into the historical series: a figure already held
    (same indicator, country, years, breakdown and source) takes the file's value; the
    refused rows are reported, not saved. All of it or, if a figure cannot be saved, none."""
    if actor is not None:
        require_permission(actor, "stats.manage_statistics")
    held = {
        tuple(getattr(row, key) for key in SERIES_KEY): row
        for row in SeriesValue.objects.filter(
            indicator__in={row.indicator for row in reading.rows},
            year__in={row.year for row in reading.rows},
        )
    }
    created, changed, unchanged = [], [], 0
    seen: set[tuple] = set()
    for row in reading.rows:
        key = tuple(getattr(row, name) for name in SERIES_KEY)
        if key in seen:
            continue  # the same figure twice in one file: the first counts
        seen.add(key)
        existing = held.get(key)
        if existing is None:
            value = SeriesValue(
                **{name: getattr(row, name) for name in SERIES_KEY},
                value=row.value,
                below=row.below,
                value_text=row.value_text,
                note=row.note,
            )
            value.full_clean(validate_unique=False)
            created.append(value)
        elif (existing.value, existing.below, existing.note) != (row.value, row.below, row.note):
            existing.value, existing.below = row.value, row.below
            existing.value_text, existing.note = row.value_text, row.note
            existing.updated_at = timezone.now()
            existing.full_clean(validate_unique=False)
            changed.append(existing)
        else:
            unchanged += 1
    SeriesValue.objects.bulk_create(created, batch_size=1000)
    SeriesValue.objects.bulk_update(
        changed, ["value", "below", "value_text", "note", "updated_at"], batch_size=1000
    )
    audit_record(
        actor=actor,
        action="stats.series.import",
        object_type="stats.seriesvalue",
        object_repr=file_name[:200],
        changes={
            "layout": reading.layout,
            "created": len(created),
            "changed": len(changed),
            "unchanged": unchanged,
            "refused": len(reading.refused),
        },
    )
    return SeriesImport(len(created), len(changed), unchanged, reading.refused)


REFERENCE_SERIES = Path(__file__).resolve().parent / "data" / "series.csv"


def series_load_reference(*, path: Path = REFERENCE_SERIES) -> int:
    """The figures of the annual reports to Parliament that came before ctis (seeds 000
    and 001), as the store's first data; figures already held are left as they are."""
    from ctis.stats.series import read

    reading = read(path.read_bytes(), name=path.name)
    if reading.refused:
        raise ValueError(f"{path.name}: {reading.refused[0].line}: {reading.refused[0].reason}")
    return series_import(actor=None, reading=reading, file_name=path.name).created


@transaction.atomic
def publication_make(*, actor: User, period: Period) -> Publication:
    """Publish the public statistics of an ended period: protect its tables together,
    hiding again what earlier releases of an overlapping period hid, and keep the pattern.
    Refused (nothing saved) if no pattern protects every small count."""
    require_permission(actor, "stats.manage_statistics")
    if period.end >= timezone.localdate():
        raise ValidationError({"year": [_("A period is published once it has ended.")]})
    earlier = Publication.objects.filter(
        period_start__lte=period.end, period_end__gte=period.start
    ).values_list("pattern", flat=True)
    keep = sorted({cell for pattern in earlier for cell in pattern})
    release, plain = release_for(period)
    threshold = settings.CTIS_STATS_THRESHOLD
    width = settings.CTIS_STATS_PROTECTION_WIDTH
    try:
        pattern = protect(release, threshold=threshold, width=width, keep=keep)
    except DisclosureRefused as refused:
        raise ValidationError(
            {
                "year": [
                    _(
                        "These figures cannot be published safely: no choice of hidden "
                        "figures protects every small count."
                    )
                ]
            }
        ) from refused
    shown = {**pattern.shown(release.values), **{k: str(v) for k, v in plain.items()}}
    publication = Publication(
        period_start=period.start,
        period_end=period.end,
        label=period.label,
        threshold=threshold,
        width=width,
        shown=shown,
        pattern=pattern.suppressed,
        published_by=actor,
    )
    publication.full_clean()
    publication.save()
    audit_record(
        actor=actor,
        action="stats.publication.create",
        obj=publication,
        changes={
            "period": period.label,
            "cells": len(release.values),
            "primary": sum(1 for s in pattern.suppressed.values() if s == "primary"),
            "secondary": sum(1 for s in pattern.suppressed.values() if s == "secondary"),
            "kept_from_earlier": len([k for k in keep if k in pattern.suppressed]),
        },
    )
    return publication


REFERENCE_RECOMMENDATIONS = Path(__file__).resolve().parent / "data" / "recommendations.json"


@transaction.atomic
def recommendations_load_reference(*, path: Path = REFERENCE_RECOMMENDATIONS) -> int:
    """The recommendations of the US TIP report's 2013 chapter on Azerbaijan, read from
    its text, tied to the official plan's measures as ``recommendations.json`` proposes;
    recommendations already held (and the links the coordinator changed) are left alone."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    texts = parse((path.parent / spec["text_file"]).read_text(encoding="utf-8"))
    held = set(
        Recommendation.objects.filter(source=spec["source"], year=spec["year"]).values_list(
            "number", flat=True
        )
    )
    plan = official_plan_present()
    measures = {m.number: m for m in Measure.objects.filter(plan=plan)} if plan is not None else {}
    created = []
    for number, text in enumerate(texts, start=1):
        if number in held:
            continue
        recommendation = Recommendation(
            source=spec["source"],
            year=spec["year"],
            number=number,
            text=text,
            reference=spec["reference"],
        )
        recommendation.full_clean()
        recommendation.save()
        linked = [measures[n] for n in spec["measures"].get(str(number), []) if n in measures]
        recommendation.measures.set(linked)
        created.append(number)
    if created:
        audit_record(
            actor=None,
            action="stats.recommendations.load",
            object_type="stats.recommendation",
            changes={"source": spec["source"], "year": spec["year"], "created": created},
        )
    return len(created)


@transaction.atomic
def recommendation_measures_set(
    *, actor: User, recommendation: Recommendation, measures: list
) -> Recommendation:
    """Say which plan measures answer a recommendation."""
    require_permission(actor, "stats.manage_statistics")
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    before = sorted(locked.measures.values_list("number", flat=True))
    locked.measures.set(measures)
    after = sorted(m.number for m in measures)
    if before != after:
        audit_record(
            actor=actor,
            action="stats.recommendation.measures",
            obj=locked,
            changes={"measures": {"before": before, "after": after}},
        )
    return locked


EXPORT_MAX_YEARS = 30


def _export_problems(spec: Spec) -> dict[str, str]:
    problems = {}
    if spec.kind not in exports.KINDS:
        problems["kind"] = _("Choose one of the exports: %(kinds)s.") % {
            "kinds": ", ".join(exports.KINDS)
        }
    if spec.kind == "tip":
        if spec.tip_year is None or not 1991 <= spec.tip_year <= 2100:
            problems["tip_year"] = _("Give the report's year, between 1991 and 2100.")
    elif not (1990 <= spec.first <= 2100 and 1990 <= spec.last <= 2100):
        problems["first"] = _("Give years between 1990 and 2100.")
    elif spec.last < spec.first:
        problems["last"] = _("The last year comes after the first.")
    elif spec.last - spec.first >= EXPORT_MAX_YEARS:
        problems["last"] = _("At most %(n)d years at once.") % {"n": EXPORT_MAX_YEARS}
    if not 2 <= spec.k <= 1000:
        problems["k"] = _("k is a whole number from 2 to 1000.")
    if spec.language not in exports.LANGUAGES:
        problems["language"] = _("Choose English, Azerbaijani or Russian.")
    return problems


def _export_changes(spec: Spec, made: exports.Made | None = None) -> dict:
    """What the audit entry says of an export: what, which years, how many rows and the k
    achieved; never a value of a person."""
    changes: dict = {"kind": spec.kind, "language": spec.language}
    if spec.kind == "tip":
        changes["tip_year"] = spec.tip_year
    else:
        changes["years"] = [spec.first, spec.last]
    if spec.kind == "ctdc":
        changes["k_requested"] = spec.k
    if made is not None:
        changes["file"] = made.file_name
        changes["rows"] = made.rows
        for key in ("k_achieved", "rows_removed", "threshold", "cells_below_threshold"):
            if key in made.summary:
                changes[key] = made.summary[key]
    return changes


def export_make(*, actor: User | None, spec: Spec, output: Path | None = None) -> exports.Made:
    """Make an export that leaves the system (``actor`` None: the command line, run by the
    server's operator), write it to ``output`` if given, and audit it, file and entry in
    one transaction: a file that cannot be written leaves no entry. An export whose
    protection check fails (CTDC's k) is refused, and the refusal audited."""
    if actor is not None:
        require_permission(actor, "stats.export_statistics")
    problems = _export_problems(spec)
    if problems:
        raise ValidationError(problems)
    try:
        made = exports.build(spec)
    except exports.ExportRefused:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="stats.export.refused",
                object_type="stats.export",
                object_repr=spec.kind,
                changes=_export_changes(spec),
            )
        raise
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="stats.export",
            object_type="stats.export",
            object_repr=made.file_name,
            changes=_export_changes(spec, made),
        )
        if output is not None:
            output.write_bytes(made.content)  # an OSError here takes the entry back
    return made


# --- the annual report ------------------------------------------------------------------

REPORT_TEXT_FIELDS = ["text"]


@transaction.atomic
def report_text_save(
    *,
    actor: User,
    year: int,
    section: str,
    language: str,
    text: str,
    version: int | None,
) -> ReportText:
    """Save the narrative block of a section of the ``year`` report in ``language``.

    ``version`` is the block's version when the form was opened (None: it did not exist
    then); a block saved by someone else since is refused with who changed it."""
    require_permission(actor, "stats.manage_statistics")
    existing = ReportText.objects.filter(year=year, section=section, language=language).first()
    if existing is None and version is not None:
        # Opened at a version of a block that is gone: there is nothing to compare with.
        version = None
    if existing is not None:
        if version is None:
            # Two people created the same block: the second is told, not overwritten.
            raise StaleVersion(changes_since(existing, 0, label=_("report text")), code="stale")
        row = lock_version(
            ReportText.objects,
            existing.pk,
            version,
            explain=partial(changes_since, label=_("report text")),
        )
    else:
        row = ReportText(year=year, section=section, language=language)
    before = {} if row.pk is None else snapshot(row, REPORT_TEXT_FIELDS)
    row.text = text.strip()
    row.updated_by = actor
    if row.pk is not None:
        if before["text"] == row.text:
            return row
        bump(row)
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="stats.report_text.update" if before else "stats.report_text.create",
        obj=row,
        object_repr=str(row),
        changes={
            "fields": {"before": None, "after": ["text"]},
            "length": {"before": len(before.get("text", "")), "after": len(row.text)},
            "version": {"before": version, "after": row.version},
        },
    )
    return row


def report_request(*, actor: User, year: int, fmt: str, language: str) -> Job:
    """Queue the annual report on ``year`` for ``actor``; the job to follow. A request
    for the same file while the first is waiting or running gets the first."""
    access_report(actor)
    params = {"year": year, "format": fmt, "language": language}
    with transaction.atomic():
        waiting = (
            Job.objects.defer("content")
            .filter(
                requested_by=actor,
                kind=REPORT_JOB_KIND,
                params=params,
                state__in=[Job.State.QUEUED, Job.State.RUNNING],
            )
            .order_by("-created_at")
            .first()
        )
        if waiting is not None:
            return waiting
        job = Job.objects.create(kind=REPORT_JOB_KIND, params=params, requested_by=actor)
        # Enqueued in the same transaction: the worker sees the task and the job together.
        result = tasks.make_report.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
        job.refresh_from_db(fields=["task_id", "state"])
        audit_record(
            actor=actor,
            action="stats.report.request",
            obj=job,
            object_repr=f"{year} annual report.{fmt} ({language})",
            changes=params,
        )
    return job


def report_fetch(*, actor: User, job: Job) -> None:
    """Record that ``actor`` downloaded the report's file (the view checked the gate)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="stats.report.download",
            obj=job,
            object_repr=f"{job.params.get('format', '')} {job.file_name}"[:300],
        )
