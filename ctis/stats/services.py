"""Writes of the statistics app: the population by year (reference data and the
coordinator's corrections) and the historical series (files of published figures). Each
runs in one transaction with its audit entry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.core.locking import StaleVersion, bump, lock_version
from ctis.core.models import Job
from ctis.stats import tasks
from ctis.stats.access import access_report
from ctis.stats.models import REPORT_JOB_KIND, Population, ReportText, SeriesValue
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
