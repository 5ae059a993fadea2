"""The ISO 3166-1 country list that every module refers to (``ctis setup``).

Core holds the Country table but sits below the audit log, so the audited load is here.
"""

import json
from pathlib import Path

from django.db import transaction

from ctis.audit.services import audit_record
from ctis.core.models import Country

REFERENCE_COUNTRIES = Path(__file__).resolve().parent / "data" / "countries.json"
COUNTRY_FIELDS = ["alpha3", "numeric", "name_az", "name_en", "name_ru"]


@transaction.atomic
def countries_load_reference(*, path: Path = REFERENCE_COUNTRIES) -> tuple[int, int]:
    """Create or update the ISO 3166-1 countries; returns (created, updated)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    existing = {c.code: c for c in Country.objects.all()}
    created: list[Country] = []
    changed: list[Country] = []
    for row in rows:
        values = {name: row[name] for name in COUNTRY_FIELDS}
        country = existing.get(row["code"])
        if country is None:
            country = Country(code=row["code"], **values)
            country.full_clean(validate_unique=False)
            created.append(country)
        elif any(getattr(country, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(country, name, value)
            country.full_clean(validate_unique=False)
            changed.append(country)
    Country.objects.bulk_create(created)
    Country.objects.bulk_update(changed, COUNTRY_FIELDS)
    if created or changed:
        audit_record(
            actor=None,
            action="core.countries.load",
            object_type="core.country",
            changes={
                "created": {"before": None, "after": len(created)},
                "updated": {"before": None, "after": len(changed)},
            },
        )
    return len(created), len(changed)
