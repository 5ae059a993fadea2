"""The catalogue of indicators agencies report as numbers in their yearly reports (ADR 0019):
the reference catalogue the system ships with, the coordinator's changes to it, and the
numbers of one report, which the reporting services save with the report."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.plan.models import Indicator, IndicatorValue, Measure, MeasureReport
from ctis.plan.selectors import official_plan_present, report_indicators

REFERENCE_INDICATORS = Path(__file__).resolve().parent.parent / "data" / "indicators.json"

INDICATOR_FIELDS = [
    "name_az",
    "name_en",
    "name_ru",
    "unit",
    "breakdown",
    "description",
    "is_active",
]

# A value beyond this is a typing slip, not a count (the column holds 12 digits before the point).
VALUE_LIMIT = Decimal("1e12")


@dataclass
class IndicatorValueInput:
    """One number a reporter typed: an indicator's value in one breakdown category
    ("" for an indicator without breakdown); an empty value records nothing."""

    indicator: int
    category: str
    value: str | Decimal | None


def value_field(indicator_id: int, category: str) -> str:
    """The name of the report form's input for one value, which the service's refusals
    name so that they show beside it."""
    return f"indicator_{indicator_id}_{category or 'total'}"


# --- the reference catalogue ------------------------------------------------------------


@transaction.atomic
def indicators_load_reference(*, path: Path = REFERENCE_INDICATORS) -> int:
    """Create the indicators the system ships with, tied to the current plan's measures by
    number and to agencies by code. Indicators already present are left alone, so that
    the coordinator's changes stay; the count of those created is returned."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    existing = set(Indicator.objects.values_list("code", flat=True))
    plan = official_plan_present()
    if plan is None:
        raise ValidationError(_("Load the official plan before its indicators (ctis setup does)."))
    plan_measures = {m.number: m for m in plan.measures.all()}
    agencies = {a.code: a for a in Agency.objects.all()}
    unknown = sorted(
        {code for row in rows for code in row["agencies"] if code not in agencies}
        | {number for row in rows for number in row["measures"] if number not in plan_measures}
    )
    if unknown:
        raise ValidationError(
            _("The indicator catalogue names measures or agencies that do not exist: %(names)s.")
            % {"names": ", ".join(unknown)}
        )
    position = Indicator.objects.aggregate(m=Max("position"))["m"] or 0
    created = []
    for row in rows:
        if row["code"] in existing:
            continue
        position += 1
        indicator = Indicator(
            code=row["code"],
            position=position,
            **{name: row[name] for name in INDICATOR_FIELDS if name in row},
        )
        indicator.full_clean()
        indicator.save()
        indicator.measures.set([plan_measures[number] for number in row["measures"]])
        indicator.agencies.set([agencies[code] for code in row["agencies"]])
        created.append(indicator.code)
    if created:
        audit_record(
            actor=None,
            action="plan.indicators.load",
            object_type="plan.indicator",
            changes={"created": created},
        )
    return len(created)


# --- the coordinator's changes ------------------------------------------------------------


def _ties(indicator: Indicator) -> dict[str, list[str]]:
    return {
        "measures": sorted(m.number for m in indicator.measures.all()),
        "agencies": sorted(a.code for a in indicator.agencies.all()),
    }


@transaction.atomic
def indicator_save(
    *,
    actor: User,
    code: str,
    name_az: str,
    name_en: str = "",
    name_ru: str = "",
    unit: str,
    breakdown: str = Indicator.Breakdown.NONE,
    description: str = "",
    measures: list[Measure] | None = None,
    agencies: list[Agency] | None = None,
    is_active: bool = True,
) -> Indicator:
    """Add an indicator to the catalogue or change one, with the measures it serves and
    the agencies that report it. Indicators are never deleted (reports hold their
    numbers); one no longer asked for is switched off."""
    require_permission(actor, "plan.manage_indicators")
    code = (code or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) or len(code) > 60:
        raise ValidationError(
            {"code": _("Write the code in small Latin letters, digits and hyphens, e.g. leaflets.")}
        )
    indicator = Indicator.objects.select_for_update().filter(code=code).first()
    creating = indicator is None
    indicator = indicator or Indicator(code=code)
    before = {} if creating else {**snapshot(indicator, INDICATOR_FIELDS), **_ties(indicator)}
    if (
        not creating
        and breakdown != indicator.breakdown
        and IndicatorValue.objects.filter(indicator=indicator).exists()
    ):
        raise ValidationError(
            {
                "breakdown": _(
                    "Reports already hold numbers for this indicator by its present breakdown; "
                    "the breakdown cannot change. Switch this indicator off and add a new one."
                )
            }
        )
    indicator.name_az, indicator.name_en, indicator.name_ru = (
        (name_az or "").strip(),
        (name_en or "").strip(),
        (name_ru or "").strip(),
    )
    indicator.unit, indicator.breakdown = unit, breakdown
    indicator.description = (description or "").strip()
    indicator.is_active = is_active
    if creating:
        indicator.position = (Indicator.objects.aggregate(m=Max("position"))["m"] or 0) + 1
    indicator.full_clean()
    indicator.save()
    indicator.measures.set(measures or [])
    indicator.agencies.set(agencies or [])
    audit_record(
        actor=actor,
        action="plan.indicator.create" if creating else "plan.indicator.update",
        obj=indicator,
        changes=diff(before, {**snapshot(indicator, INDICATOR_FIELDS), **_ties(indicator)}),
    )
    return indicator


# --- the numbers of one report ----------------------------------------------------------


@dataclass
class CleanValue:
    indicator: Indicator
    category: str
    value: Decimal


def _number(raw: str | Decimal | None) -> str:
    if raw is None:
        return ""
    return str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")


def clean_indicator_values(
    *,
    measure: Measure,
    agency: Agency,
    report: MeasureReport | None,
    values: list[IndicatorValueInput],
) -> list[CleanValue]:
    """The values a report may hold, or a refusal beside each wrong one: only the
    indicators of the measure and agency (and those the report already holds), only their
    breakdown's categories, numbers not below zero, whole where the unit counts."""
    allowed = {i.pk: i for i in report_indicators(measure, agency, report)}
    cleaned: list[CleanValue] = []
    errors: dict[str, list[str]] = {}
    seen: set[tuple[int, str]] = set()
    for given in values:
        raw = _number(given.value)
        if not raw:
            continue
        field = value_field(given.indicator, given.category)
        indicator = allowed.get(given.indicator)
        if indicator is None:
            errors.setdefault(field, []).append(
                _("This indicator is not reported on measure %(measure)s by %(agency)s.")
                % {"measure": measure.number, "agency": agency.short_name}
            )
            continue
        if given.category not in indicator.categories or (indicator.pk, given.category) in seen:
            errors.setdefault(field, []).append(
                _("“%(indicator)s” has no such breakdown category.") % {"indicator": indicator}
            )
            continue
        seen.add((indicator.pk, given.category))
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors.setdefault(field, []).append(
                _("“%(value)s” is not a number.") % {"value": raw[:30]}
            )
            continue
        if not value.is_finite() or abs(value) >= VALUE_LIMIT:
            errors.setdefault(field, []).append(_("The number is out of range."))
        elif value < 0:
            errors.setdefault(field, []).append(_("A figure cannot be negative."))
        elif indicator.whole_numbers and value != value.to_integral_value():
            errors.setdefault(field, []).append(
                _("Count %(unit)s in whole numbers.") % {"unit": indicator.get_unit_display()}
            )
        elif value != value.quantize(Decimal("0.01")):
            errors.setdefault(field, []).append(_("Give at most two decimal places."))
        else:
            cleaned.append(CleanValue(indicator, given.category, value))
    if errors:
        raise ValidationError(errors)
    return cleaned


def replace_indicator_values(report: MeasureReport, values: list[CleanValue]) -> None:
    report.indicator_values.all().delete()
    rows = [
        IndicatorValue(report=report, indicator=v.indicator, category=v.category, value=v.value)
        for v in values
    ]
    # The constraints (one value a category, none below zero) were checked by the cleaning;
    # validating them again would cost a query a row.
    for row in rows:
        row.full_clean(exclude=["report"], validate_unique=False, validate_constraints=False)
    IndicatorValue.objects.bulk_create(rows)


def indicator_values_snapshot(report: MeasureReport) -> list[str]:
    """The report's numbers as the audit log keeps them: ``code/category: value``."""
    return [
        f"{v.indicator.code}{'/' + v.category if v.category else ''}: {v.value.normalize():f}"
        for v in report.indicator_values.select_related("indicator").order_by(
            "indicator__position", "indicator__code", "category"
        )
    ]
