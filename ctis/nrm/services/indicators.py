"""Indicator sets: importing and loading them, taking an indicator out of use."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import (
    FieldDoesNotExist,
    ValidationError,
)
from django.db import transaction
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.core.errors import require_permission
from ctis.nrm.models import (
    CombinationRule,
    Indicator,
    IndicatorSet,
    Screening,
)

REFERENCE_SETS = Path(__file__).resolve().parent.parent / "data" / "indicator_sets.json"


SET_FIELDS = ["population", "exploitation", "rule", "name_az", "name_en", "name_ru", "source"]


INDICATOR_FIELDS = ["dimension", "weight", "text_az", "text_en", "text_ru"]


def _field_errors(model, where: str, error: ValidationError) -> list[str]:
    """``where: field label: messages`` for each field, the label in the user's language."""
    lines = []
    for name, messages in error.message_dict.items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a model-wide error (__all__)
            label = name
        lines.append(f"{where}: {label}: {' '.join(messages)}")
    return lines


def _set_from(row: dict, where: str) -> tuple[IndicatorSet, list[Indicator]]:
    """An unsaved set and its indicators from one JSON object, or ValidationError saying
    what is wrong and where (``where``: e.g. "set 2")."""
    errors: list[str] = []
    code = str(row.get("code") or "").strip()
    values = {name: str(row.get(name) or "").strip() for name in SET_FIELDS}
    values["rule"] = values["rule"] or CombinationRule.ILO_EC
    indicator_set = IndicatorSet(code=code, national=bool(row.get("national", False)), **values)
    try:
        indicator_set.full_clean(validate_unique=False)
    except ValidationError as error:
        errors += _field_errors(IndicatorSet, where, error)
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for position, item in enumerate(row.get("indicators") or [], start=1):
        at = _("%(where)s, indicator %(n)d") % {"where": where, "n": position}
        indicator = Indicator(
            indicator_set=indicator_set,
            code=str(item.get("code") or "").strip(),
            position=position,
            **{name: str(item.get(name) or "").strip() for name in INDICATOR_FIELDS},
        )
        try:
            indicator.full_clean(
                exclude=["indicator_set"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors += _field_errors(Indicator, at, error)
        if indicator.code in seen:
            errors.append(
                _("%(at)s: the code %(code)s appears twice.") % {"at": at, "code": indicator.code}
            )
        seen.add(indicator.code)
        weighted = bool(indicator.dimension) and bool(indicator.weight)
        if indicator_set.rule == CombinationRule.ILO_EC and not weighted:
            errors.append(
                _(
                    "%(at)s: a set with the ILO/EC rule needs a dimension and a weight "
                    "for every indicator."
                )
                % {"at": at}
            )
        if indicator_set.rule == CombinationRule.CHECKLIST and (
            indicator.dimension or indicator.weight
        ):
            errors.append(_("%(at)s: a checklist has no dimensions or weights.") % {"at": at})
        indicators.append(indicator)
    if errors:
        raise ValidationError(errors)
    return indicator_set, indicators


@transaction.atomic
def indicator_sets_import(
    *,
    actor: User | None,
    data: dict,
    replace: bool = True,
    action: str = "nrm.indicator_sets.import",
) -> dict[str, int]:
    """Create or change indicator sets from ``{"sets": [...]}`` (the format of
    ``data/indicator_sets.json``), all or nothing. With ``replace`` an existing set takes
    the file's names, and indicators the file names take its texts, dimensions and
    weights; indicators the file leaves out are kept (screenings point at them).
    Without ``replace`` existing sets and indicators are left as they are."""
    if actor is not None:
        require_permission(actor, "nrm.manage_indicators")
    rows = data.get("sets") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValidationError(_('Expected an object with a list "sets".'))
    parsed = [
        _set_from(row, _("set %(n)d") % {"n": n})
        for n, row in enumerate(rows, start=1)
        if isinstance(row, dict)
    ]
    if len(parsed) != len(rows):
        raise ValidationError(_('Every entry of "sets" must be an object.'))
    counts = {
        "sets_created": 0,
        "sets_updated": 0,
        "indicators_created": 0,
        "indicators_updated": 0,
    }
    for incoming, indicators in parsed:
        existing = IndicatorSet.objects.select_for_update().filter(code=incoming.code).first()
        if existing is None:
            incoming.save()
            counts["sets_created"] += 1
            target = incoming
        else:
            target = existing
            if replace and any(getattr(existing, f) != getattr(incoming, f) for f in SET_FIELDS):
                if (
                    existing.rule != incoming.rule
                    and Screening.objects.filter(indicator_set=existing).exists()
                ):
                    raise ValidationError(
                        _(
                            "Set %(code)s has screenings: its combination rule cannot change. "
                            "Make a new set instead."
                        )
                        % {"code": existing.code}
                    )
                for name in SET_FIELDS:
                    setattr(existing, name, getattr(incoming, name))
                existing.full_clean()
                existing.save()
                counts["sets_updated"] += 1
        have = {i.code: i for i in Indicator.objects.filter(indicator_set=target)}
        top = max((i.position for i in have.values()), default=0)
        for indicator in indicators:
            current = have.get(indicator.code)
            if current is None:
                top += 1
                indicator.indicator_set = target
                indicator.position = top if existing is not None else indicator.position
                indicator.full_clean()
                indicator.save()
                counts["indicators_created"] += 1
            elif replace and any(
                getattr(current, f) != getattr(indicator, f) for f in INDICATOR_FIELDS
            ):
                for name in INDICATOR_FIELDS:
                    setattr(current, name, getattr(indicator, name))
                current.full_clean()
                current.save()
                counts["indicators_updated"] += 1
    if any(counts.values()):
        audit_record(
            actor=actor,
            action=action,
            object_type="nrm.indicatorset",
            changes={name: {"before": None, "after": value} for name, value in counts.items()},
        )
    return counts


def indicator_sets_load_reference(*, path: Path = REFERENCE_SETS) -> dict[str, int]:
    """The sets ctis ships with; what administrators changed is left alone."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return indicator_sets_import(
        actor=None, data=data, replace=False, action="nrm.indicator_sets.load"
    )


@transaction.atomic
def indicator_active_set(*, actor: User, indicator: Indicator, active: bool) -> Indicator:
    """Take an indicator out of use (screenings that observed it keep it) or back."""
    require_permission(actor, "nrm.manage_indicators")
    if indicator.is_active != active:
        indicator.is_active = active
        indicator.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="nrm.indicator.active",
            obj=indicator,
            changes={"is_active": {"before": not active, "after": active}},
        )
    return indicator
