"""The audiences' reference table, loaded from ``ctis/outreach/data/audiences.json``."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from ctis.audit.services import audit_record
from ctis.outreach.models import Audience

REFERENCE_AUDIENCES = Path(__file__).resolve().parent.parent / "data" / "audiences.json"


@transaction.atomic
def audiences_load_reference(*, path: Path = REFERENCE_AUDIENCES) -> tuple[int, int]:
    """Create the audiences not there yet and update the names of those that are;
    (created, updated). An audience an administrator added is left alone."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    have = {a.code: a for a in Audience.objects.all()}
    created = updated = 0
    for position, row in enumerate(rows, start=1):
        audience = have.get(row["code"]) or Audience(code=row["code"])
        names = {k: row.get(k, "") for k in ("name_az", "name_en", "name_ru")}
        if audience.pk and all(getattr(audience, k) == v for k, v in names.items()):
            continue
        for k, v in names.items():
            setattr(audience, k, v)
        if not audience.pk:
            audience.position = position * 10
        audience.full_clean()
        if audience.pk:
            updated += 1
        else:
            created += 1
        audience.save()
    if created or updated:
        audit_record(
            actor=None,
            action="outreach.audiences.load",
            object_type="outreach.audience",
            changes={
                "created": {"before": None, "after": created},
                "updated": {"before": None, "after": updated},
            },
        )
    return created, updated
