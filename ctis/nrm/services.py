"""Writes of the National Referral Mechanism, each with its audit entry, in sections:
indicator sets; screening (``screening_assess`` serves the web form and ``ctis nrm screen``
alike, ``screening_record`` keeps it); notifications and status decisions; consent;
referrals (a table of allowed steps, one service per step); shelters, stays and services;
support plans and closure; citizens harmed abroad.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record
from ctis.cases.access import Access, person_access, person_fields, require_person_change
from ctis.cases.models import Person, VictimProfile
from ctis.cases.services import VICTIM_INPUT_FIELDS, VictimInput, victim_profile_save
from ctis.core.errors import InvalidTransition, require_permission
from ctis.nrm import rules
from ctis.nrm.models import (
    AbroadCase,
    AbroadStatus,
    AgencyFunction,
    AllowanceRate,
    CaseClosure,
    ClosureReason,
    CombinationRule,
    Consent,
    ConsentPurpose,
    DecisionStatus,
    Dimension,
    Facility,
    Indicator,
    IndicatorSet,
    Notification,
    NrmAgency,
    OverrideReason,
    Progress,
    Referral,
    ReferralState,
    Screening,
    ServiceDelivery,
    ServiceKind,
    StatusDecision,
    Stay,
    SupportAction,
    SupportPlan,
)
from ctis.nrm.referral_fields import SharedField, allowed_fields

REFERENCE_SETS = Path(__file__).resolve().parent / "data" / "indicator_sets.json"
LANGUAGES = ("az", "en", "ru")
SET_FIELDS = ["population", "exploitation", "rule", "name_az", "name_en", "name_ru", "source"]
INDICATOR_FIELDS = ["dimension", "weight", "text_az", "text_en", "text_ru"]


# Indicator sets --------------------------------------------------------------------------


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


# Screening -------------------------------------------------------------------------------


@dataclass
class ScreeningAssessment:
    indicator_set: IndicatorSet
    observed: list[Indicator]
    result: str
    dimensions: dict[str, dict]
    explanation: dict[str, str]

    def as_json(self) -> dict:
        return {
            "result": self.result,
            "dimensions": self.dimensions,
            "explanation": self.explanation,
        }


def screening_indicators(indicator_set: IndicatorSet, codes: Iterable[str]) -> list[Indicator]:
    """The set's indicators with these codes, in the set's order; ValidationError naming
    any code the set does not have (or no longer uses)."""
    wanted = [code.strip() for code in codes if code.strip()]
    found = {
        i.code: i
        for i in Indicator.objects.filter(
            indicator_set=indicator_set, code__in=wanted, is_active=True
        )
    }
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(
            ngettext(
                "Set %(set)s has no indicator %(codes)s.",
                "Set %(set)s has no indicators %(codes)s.",
                len(unknown),
            )
            % {"set": indicator_set.code, "codes": ", ".join(unknown)}
        )
    return sorted(found.values(), key=lambda i: (i.position, i.code))


def screening_assess(*, indicator_set: IndicatorSet, codes: Iterable[str]) -> ScreeningAssessment:
    observed = screening_indicators(indicator_set, codes)
    if indicator_set.rule == CombinationRule.CHECKLIST:
        explanation = {
            language: _checklist_explanation(observed, language) for language in LANGUAGES
        }
        return ScreeningAssessment(indicator_set, observed, rules.RECORDED, {}, explanation)
    assessment = rules.assess(indicator_set.population, [(i.dimension, i.weight) for i in observed])
    dimensions = {
        name: {"met": tally.met, "strong": tally.strong, "medium": tally.medium, "weak": tally.weak}
        for name, tally in assessment.dimensions.items()
    }
    explanation = {language: _explanation(assessment, observed, language) for language in LANGUAGES}
    return ScreeningAssessment(indicator_set, observed, assessment.result, dimensions, explanation)


def _weights(strong: int, medium: int, weak: int) -> str:
    parts = []
    if strong:
        parts.append(ngettext("%(count)d strong", "%(count)d strong", strong) % {"count": strong})
    if medium:
        parts.append(ngettext("%(count)d medium", "%(count)d medium", medium) % {"count": medium})
    if weak:
        parts.append(ngettext("%(count)d weak", "%(count)d weak", weak) % {"count": weak})
    return ", ".join(parts)


def _explanation(assessment: rules.Assessment, observed: Sequence[Indicator], language: str) -> str:
    """The result and, per dimension with anything observed, whether it is met and why,
    e.g. "Coercion at destination met: 2 strong — confiscation of documents; ..."."""
    with translation.override(language):
        labels = dict(Dimension.choices)
        lines = []
        if assessment.result == rules.PRESUMED_VICTIM:
            if assessment.population == rules.CHILD:
                lines.append(
                    _(
                        "Presumed victim: recruitment and exploitation are met (for a "
                        "child the means need not be shown)."
                    )
                )
            else:
                lines.append(
                    _(
                        "Presumed victim: recruitment, exploitation and coercion or "
                        "abuse of vulnerability at destination are met."
                    )
                )
        else:
            missing = []
            if not assessment.recruitment:
                missing.append(_("recruitment"))
            if not assessment.exploitation:
                missing.append(_("exploitation"))
            if assessment.population != rules.CHILD and not assessment.means:
                missing.append(_("coercion or abuse of vulnerability at destination"))
            lines.append(
                _("Not enough indicators: not met — %(missing)s.") % {"missing": ", ".join(missing)}
            )
        for dimension in rules.DIMENSIONS:
            seen = [i for i in observed if i.dimension == dimension]
            if not seen:
                continue
            tally = assessment.dimensions[dimension]
            template = (
                _("%(dimension)s met: %(weights)s — %(indicators)s")
                if tally.met
                else _("%(dimension)s not met: %(weights)s — %(indicators)s")
            )
            lines.append(
                template
                % {
                    "dimension": labels[dimension],
                    "weights": _weights(tally.strong, tally.medium, tally.weak),
                    "indicators": "; ".join(
                        getattr(i, f"text_{language}") or i.text_az for i in seen
                    ),
                }
            )
        return "\n".join(lines)


def _checklist_explanation(observed: Sequence[Indicator], language: str) -> str:
    with translation.override(language):
        if not observed:
            return _("No indicator observed.")
        head = ngettext(
            "%(count)d indicator observed; this list has no combination rule, the officer judges:",
            "%(count)d indicators observed; this list has no combination rule, the officer judges:",
            len(observed),
        ) % {"count": len(observed)}
        return head + " " + "; ".join(getattr(i, f"text_{language}") or i.text_az for i in observed)


@transaction.atomic
def screening_record(
    *,
    actor: User,
    person: Person,
    indicator_set: IndicatorSet,
    codes: Iterable[str],
    screened_on: datetime.date | None = None,
    notes: str = "",
) -> Screening:
    require_permission(actor, "nrm.screen")
    require_person_change(actor, person)
    if not indicator_set.is_active:
        raise ValidationError({"indicator_set": _("This indicator set is no longer in use.")})
    screened_on = screened_on or timezone.localdate()
    if screened_on > timezone.localdate():
        raise ValidationError({"screened_on": _("The date is in the future.")})
    assessment = screening_assess(indicator_set=indicator_set, codes=codes)
    screening = Screening(
        person=person,
        indicator_set=indicator_set,
        screened_on=screened_on,
        agency=actor.agency,
        screened_by=actor,
        population=indicator_set.population,
        result=assessment.result,
        dimensions=assessment.dimensions,
        explanation=assessment.explanation,
        notes=notes.strip() or None,
    )
    screening.full_clean()
    screening.save()
    screening.observed.set(assessment.observed)
    audit_record(
        actor=actor,
        action="nrm.screening.create",
        obj=person,
        changes={
            "indicator_set": {"before": None, "after": indicator_set.code},
            "indicators": {"before": None, "after": [i.code for i in assessment.observed]},
            "result": {"before": None, "after": assessment.result},
        },
    )
    unit = police_unit()
    if assessment.result == rules.PRESUMED_VICTIM and actor.agency_id != unit.pk:
        notification_send(actor=actor, person=person, screening=screening)
    return screening


# Notifications and status decisions -----------------------------------------------------

NOTIFICATION_HOURS = 24


def police_unit() -> Agency:
    """The special police unit (``settings.CTIS_POLICE_UNIT``)."""
    unit = Agency.objects.filter(code=settings.CTIS_POLICE_UNIT).first()
    if unit is None:
        raise ImproperlyConfigured(
            f"CTIS_POLICE_UNIT names no agency: {settings.CTIS_POLICE_UNIT!r}"
        )
    return unit


def _in_police_unit(actor: User) -> bool:
    return actor.agency_id is not None and actor.agency_id == police_unit().pk


@transaction.atomic
def notification_send(
    *, actor: User, person: Person, screening: Screening | None = None
) -> Notification:
    """Tell the special police unit of a presumed victim; the unit takes it up within 24
    hours. Sending opens the person to the unit (``ctis.nrm.access``)."""
    require_permission(actor, "nrm.screen")
    require_person_change(actor, person)
    unit = police_unit()
    if actor.agency_id == unit.pk:
        raise ValidationError(_("The police unit does not notify itself."))
    sent_at = timezone.now()
    notification = Notification(
        person=person,
        screening=screening,
        from_agency=actor.agency,
        to_agency=unit,
        sent_at=sent_at,
        sent_by=actor,
        due_at=sent_at + datetime.timedelta(hours=NOTIFICATION_HOURS),
    )
    notification.full_clean()
    notification.save()
    audit_record(
        actor=actor,
        action="nrm.notification.send",
        obj=person,
        changes={"to": {"before": None, "after": unit.code}},
    )
    return notification


@transaction.atomic
def notification_receive(*, actor: User, notification: Notification) -> Notification:
    """The unit takes the notification up (once; later calls change nothing)."""
    require_permission(actor, "nrm.decide_status")
    if actor.agency_id != notification.to_agency_id:
        raise PermissionDenied(_("Only the agency notified takes the notification up."))
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.received_at is None:
        locked.received_at = timezone.now()
        locked.received_by = actor
        locked.save(update_fields=["received_at", "received_by", "updated_at"])
        audit_record(
            actor=actor,
            action="nrm.notification.receive",
            obj=locked.person,
            changes={"overdue": {"before": None, "after": locked.due_at < locked.received_at}},
        )
    return locked


@transaction.atomic
def status_decide(
    *,
    actor: User,
    person: Person,
    status: str,
    decided_on: datetime.date,
    basis: str,
    notification: Notification | None = None,
) -> StatusDecision:
    """The special police unit's formal decision: actual victim or not a victim. It sets
    the victim profile's status, deciding body and date (making the profile if the person
    has none yet, identified on the day of their first screening)."""
    if not actor.has_perm("nrm.decide_status") or not _in_police_unit(actor):
        raise PermissionDenied(
            _("Only the police unit decides whether a person is a victim of trafficking.")
        )
    errors: dict[str, list[str]] = {}
    if status not in DecisionStatus.values:
        errors.setdefault("status", []).append(_("Choose victim of trafficking or not a victim."))
    if decided_on > timezone.localdate():
        errors.setdefault("decided_on", []).append(_("The date is in the future."))
    if not basis.strip():
        errors.setdefault("basis", []).append(
            _("Say on what the decision rests (interview, documents, case number).")
        )
    if notification is not None and notification.person_id != person.pk:
        errors.setdefault("__all__", []).append(_("The notification is about another person."))
    if errors:
        raise ValidationError(errors)
    profile = VictimProfile.objects.filter(person=person).first()
    if profile is not None:
        values = {name: getattr(profile, name) for name in VICTIM_INPUT_FIELDS}
    else:
        first = (
            Screening.objects.filter(person=person)
            .order_by("screened_on")
            .values_list("screened_on", flat=True)
            .first()
        )
        values = {"identified_on": min(first or decided_on, decided_on)}
    data = VictimInput(
        **{
            **values,
            "status": status,
            "status_decided_by": actor.agency,
            "status_decided_on": decided_on,
        }
    )
    victim_profile_save(actor=actor, person=person, data=data)
    decision = StatusDecision(
        person=person,
        notification=notification,
        status=status,
        decided_on=decided_on,
        basis=basis.strip(),
        agency=actor.agency,
        decided_by=actor,
    )
    decision.full_clean()
    decision.save()
    if notification is not None and notification.received_at is None:
        notification_receive(actor=actor, notification=notification)
    audit_record(
        actor=actor,
        action="nrm.status.decide",
        obj=person,
        changes={
            "status": {"before": None, "after": status},
            "decided_on": {"before": None, "after": decided_on.isoformat()},
        },
    )
    return decision


# Consent ------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *, actor: User, person: Person, purpose: str, given_on: datetime.date | None = None
) -> Consent:
    require_permission(actor, "nrm.record_consent")
    require_person_change(actor, person)
    given_on = given_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = [_("Choose what the consent is for.")]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("The date is in the future.")]
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        person=person, purpose=purpose, given_on=given_on, agency=actor.agency, recorded_by=actor
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="nrm.consent.record",
        obj=person,
        changes={"purpose": {"before": None, "after": purpose}},
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, withdrawn_on: datetime.date | None = None
) -> Consent:
    require_permission(actor, "nrm.record_consent")
    require_person_change(actor, consent.person)
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_on is not None:
        raise InvalidTransition(_("This consent was already withdrawn."))
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on > timezone.localdate() or withdrawn_on < locked.given_on:
        raise ValidationError(
            {
                "withdrawn_on": _(
                    "The date must lie between the day the consent was given and today."
                )
            }
        )
    locked.withdrawn_on = withdrawn_on
    locked.withdrawn_by = actor
    locked.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
    audit_record(
        actor=actor,
        action="nrm.consent.withdraw",
        obj=locked.person,
        changes={"purpose": {"before": locked.purpose, "after": None}},
    )
    return locked


def active_consent(person: Person, purpose: str) -> Consent | None:
    return (
        Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True)
        .order_by("-given_on")
        .first()
    )


# Referrals ----------------------------------------------------------------------------------

# The referral's state machine: (state, step) -> next state. Anything else is refused.
REFERRAL_STEPS: dict[tuple[str, str], str] = {
    (ReferralState.SENT, "accept"): ReferralState.ACCEPTED,
    (ReferralState.SENT, "decline"): ReferralState.DECLINED,
    (ReferralState.SENT, "withdraw"): ReferralState.WITHDRAWN,
    (ReferralState.ACCEPTED, "complete"): ReferralState.COMPLETED,
    (ReferralState.ACCEPTED, "withdraw"): ReferralState.WITHDRAWN,
}


def agency_function(agency: Agency) -> str:
    row = NrmAgency.objects.filter(agency=agency).first()
    return row.function if row else AgencyFunction.OTHER


@dataclass
class ReferralInput:
    to_agency: Agency | None
    reason: str
    services: list[str]
    fields: list[str]
    override: str = ""
    override_note: str = ""


@transaction.atomic
def referral_send(*, actor: User, person: Person, data: ReferralInput) -> Referral:
    """Send a person to another agency. Needs the person's consent to referral, unless a
    police supervisor overrides it, in writing, for a child or for the person's safety.
    An agency that sees the person through a referral may refer on, with no more fields
    than it was sent itself."""
    require_permission(actor, "nrm.refer")
    if person_access(actor, person) < Access.IDENTITY:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    own = person_fields(actor, person)
    errors: dict[str, list[str]] = {}
    if data.to_agency is None:
        errors["to_agency"] = [_("Choose the agency to refer to.")]
    elif data.to_agency.pk == actor.agency_id:
        errors["to_agency"] = [_("Refer to another agency than your own.")]
    elif not NrmAgency.objects.filter(agency=data.to_agency, receives_referrals=True).exists():
        errors["to_agency"] = [_("This agency does not receive referrals.")]
    if not data.reason.strip():
        errors["reason"] = [_("Say why the person is referred.")]
    unknown = [s for s in data.services if s not in ServiceKind.values]
    if unknown or not data.services:
        errors["services"] = [_("Choose the services asked for.")]
    if data.to_agency is not None and "to_agency" not in errors:
        allowed = allowed_fields(agency_function(data.to_agency))
        refused = [f for f in data.fields if f not in allowed]
        if own is not None:
            refused += [f for f in data.fields if f not in own and f not in refused]
        if refused:
            labels = dict(SharedField.choices)
            errors["fields"] = [
                _("%(agency)s may not receive: %(fields)s.")
                % {
                    "agency": data.to_agency.short_name,
                    "fields": ", ".join(str(labels.get(f, f)) for f in refused),
                }
            ]
    consent = active_consent(person, ConsentPurpose.REFERRAL)
    override = data.override if consent is None else ""
    if consent is None:
        if not data.override:
            errors.setdefault("__all__", []).append(
                _(
                    "The person has not consented to referral. Record the consent first; only a "
                    "police supervisor may send without it, for a child or for safety."
                )
            )
        elif not actor.has_perm("nrm.override_consent"):
            raise PermissionDenied(_("Only a police supervisor may refer without consent."))
        elif data.override not in OverrideReason.values:
            errors["override"] = [_("Say why: the person is a child, or for safety.")]
        elif data.override == OverrideReason.CHILD and not _is_child(person):
            errors["override"] = [_("The person's recorded age is not that of a child.")]
        elif not data.override_note.strip():
            errors["override_note"] = [_("Write why consent could not be asked for.")]
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        person=person,
        from_agency=actor.agency,
        to_agency=data.to_agency,
        reason=data.reason.strip(),
        services=sorted(set(data.services)),
        fields=[f for f in SharedField.values if f in set(data.fields)],
        consent=consent,
        override=override,
        override_note=data.override_note.strip() or None,
        sent_at=timezone.now(),
        sent_by=actor,
    )
    referral.full_clean()
    referral.save()
    audit_record(
        actor=actor,
        action="nrm.referral.send",
        obj=person,
        changes={
            "to": {"before": None, "after": data.to_agency.code if data.to_agency else None},
            "fields": {"before": None, "after": referral.fields},
            "override": {"before": None, "after": override or None},
        },
    )
    return referral


def _is_child(person: Person) -> bool:
    born = person.birth_date_value
    today = timezone.localdate()
    if born:
        return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < 18
    return person.birth_year is not None and today.year - person.birth_year < 18


def _referral_step(*, actor: User, referral: Referral, step: str, **values) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    target = REFERRAL_STEPS.get((locked.state, step))
    if target is None:
        raise InvalidTransition(
            _("A referral that is %(state)s cannot be %(step)s.")
            % {"state": locked.get_state_display(), "step": STEP_LABELS[step]}
        )
    before = locked.state
    locked.state = target
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action=f"nrm.referral.{step}",
        obj=locked.person,
        changes={"state": {"before": before, "after": target}},
    )
    return locked


# Labels of the state each step leads to, translated when a message is written.
STEP_LABELS = {
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "complete": gettext_lazy("completed"),
    "withdraw": gettext_lazy("withdrawn"),
}


def _require_receiver(actor: User, referral: Referral) -> None:
    if not actor.has_perm("nrm.receive_referrals") or actor.agency_id != referral.to_agency_id:
        raise PermissionDenied(_("Only the agency the person was referred to may do this."))


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral) -> Referral:
    """The receiver accepts: the person opens to it, with the fields it was sent."""
    _require_receiver(actor, referral)
    return _referral_step(
        actor=actor, referral=referral, step="accept", answered_at=timezone.now(), answered_by=actor
    )


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    _require_receiver(actor, referral)
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why the referral is declined.")})
    return _referral_step(
        actor=actor,
        referral=referral,
        step="decline",
        answered_at=timezone.now(),
        answered_by=actor,
        decline_reason=reason.strip(),
    )


@transaction.atomic
def referral_complete(*, actor: User, referral: Referral) -> Referral:
    """The receiver has done what was asked: the person closes to it again."""
    _require_receiver(actor, referral)
    return _referral_step(
        actor=actor, referral=referral, step="complete", closed_at=timezone.now(), closed_by=actor
    )


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> Referral:
    if not actor.has_perm("nrm.refer") or actor.agency_id != referral.from_agency_id:
        raise PermissionDenied(_("Only the agency that sent the referral may withdraw it."))
    return _referral_step(
        actor=actor, referral=referral, step="withdraw", closed_at=timezone.now(), closed_by=actor
    )


REFERENCE_AGENCY_FUNCTIONS = Path(__file__).resolve().parent / "data" / "agency_functions.json"


def nrm_agencies_load_reference(*, path: Path = REFERENCE_AGENCY_FUNCTIONS) -> int:
    """Each shipped agency's function in the referral mechanism; agencies already placed
    (by an administrator) are left alone. Returns how many were placed."""
    functions = json.loads(path.read_text(encoding="utf-8"))
    placed = set(NrmAgency.objects.values_list("agency_id", flat=True))
    rows = [
        NrmAgency(agency=agency, function=functions[agency.code])
        for agency in Agency.objects.filter(code__in=functions)
        if agency.pk not in placed
    ]
    for row in rows:
        row.full_clean(validate_unique=False)
    NrmAgency.objects.bulk_create(rows)
    if rows:
        audit_record(
            actor=None,
            action="nrm.agencies.load",
            object_type="nrm.nrmagency",
            changes={"placed": {"before": None, "after": len(rows)}},
        )
    return len(rows)


# Shelters, stays and services ----------------------------------------------------------------

ALLOWANCES = (ServiceKind.ONE_TIME_ALLOWANCE, ServiceKind.MONTHLY_ALLOWANCE)
REFERENCE_ALLOWANCE_RATES = Path(__file__).resolve().parent / "data" / "allowance_rates.json"


def allowance_rate(kind: str, on: datetime.date) -> AllowanceRate | None:
    """The rate in force on a day: the latest that started on or before it."""
    return (
        AllowanceRate.objects.filter(kind=kind, valid_from__lte=on).order_by("-valid_from").first()
    )


def allowance_rates_load_reference(*, path: Path = REFERENCE_ALLOWANCE_RATES) -> int:
    rows = json.loads(path.read_text(encoding="utf-8"))
    have = set(AllowanceRate.objects.values_list("kind", "valid_from"))
    created = []
    for row in rows:
        valid_from = datetime.date.fromisoformat(row["valid_from"])
        if (row["kind"], valid_from) in have:
            continue
        rate = AllowanceRate(
            kind=row["kind"],
            amount=Decimal(row["amount"]),
            valid_from=valid_from,
            source=row.get("source", ""),
        )
        rate.full_clean(validate_unique=False)
        created.append(rate)
    AllowanceRate.objects.bulk_create(created)
    if created:
        audit_record(
            actor=None,
            action="nrm.allowance_rates.load",
            object_type="nrm.allowancerate",
            changes={"created": {"before": None, "after": len(created)}},
        )
    return len(created)


def _require_service_access(actor: User, person: Person) -> None:
    """Services are recorded by the agencies that hold the person or had them referred
    (and accepted): seeing the identity is enough, changing the record is not needed."""
    require_permission(actor, "nrm.record_services")
    if actor.agency_id is None or person_access(actor, person) < Access.IDENTITY:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})


@transaction.atomic
def facility_save(
    *,
    actor: User,
    agency: Agency,
    name_az: str,
    capacity: int,
    name_en: str = "",
    name_ru: str = "",
    facility: Facility | None = None,
) -> Facility:
    require_permission(actor, "nrm.manage_facilities")
    facility = facility or Facility(agency=agency)
    before = {"capacity": facility.capacity, "name_az": facility.name_az}
    facility.agency = agency
    facility.name_az, facility.name_en, facility.name_ru = name_az.strip(), name_en, name_ru
    facility.capacity = capacity
    facility.full_clean()
    facility.save()
    audit_record(
        actor=actor,
        action="nrm.facility.save",
        obj=facility,
        changes={
            "capacity": {"before": before["capacity"], "after": capacity},
            "name_az": {"before": before["name_az"] or None, "after": facility.name_az},
        },
    )
    return facility


def occupancy(facility: Facility, on: datetime.date | None = None) -> int:
    """Persons staying in the facility on a day (today by default); the day of discharge
    frees the place."""
    on = on or timezone.localdate()
    return (
        Stay.objects.filter(facility=facility, admitted_on__lte=on)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=on))
        .count()
    )


@transaction.atomic
def stay_admit(
    *, actor: User, person: Person, facility: Facility, admitted_on: datetime.date | None = None
) -> Stay:
    _require_service_access(actor, person)
    if facility.agency_id != actor.agency_id:
        raise PermissionDenied(_("Only the agency that runs the shelter admits to it."))
    admitted_on = admitted_on or timezone.localdate()
    _not_future(admitted_on, "admitted_on")
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    current = (
        Stay.objects.filter(person=person, discharged_on__isnull=True)
        .select_related("facility")
        .first()
    )
    if current is not None:
        raise ValidationError(
            _("The person is staying at %(facility)s since %(date)s; discharge them there first.")
            % {"facility": current.facility.name, "date": current.admitted_on.isoformat()}
        )
    taken = occupancy(locked, admitted_on)
    if taken >= locked.capacity:
        raise ValidationError(
            _("%(facility)s is full: %(taken)d of %(places)d places are taken.")
            % {"facility": locked.name, "taken": taken, "places": locked.capacity}
        )
    stay = Stay(person=person, facility=locked, admitted_on=admitted_on, admitted_by=actor)
    stay.full_clean()
    stay.save()
    audit_record(
        actor=actor,
        action="nrm.stay.admit",
        obj=person,
        changes={"facility": {"before": None, "after": locked.pk}},
    )
    return stay


@transaction.atomic
def stay_discharge(*, actor: User, stay: Stay, discharged_on: datetime.date | None = None) -> Stay:
    _require_service_access(actor, stay.person)
    if stay.facility.agency_id != actor.agency_id:
        raise PermissionDenied(_("Only the agency that runs the shelter discharges from it."))
    locked = Stay.objects.select_for_update().get(pk=stay.pk)
    if locked.discharged_on is not None:
        raise InvalidTransition(_("The person was already discharged."))
    discharged_on = discharged_on or timezone.localdate()
    _not_future(discharged_on, "discharged_on")
    if discharged_on < locked.admitted_on:
        raise ValidationError({"discharged_on": _("The discharge is before the admission.")})
    locked.discharged_on = discharged_on
    locked.discharged_by = actor
    locked.save(update_fields=["discharged_on", "discharged_by", "updated_at"])
    audit_record(
        actor=actor,
        action="nrm.stay.discharge",
        obj=locked.person,
        changes={"facility": {"before": locked.facility_id, "after": None}},
    )
    return locked


@dataclass
class ServiceInput:
    kind: str
    delivered_on: datetime.date
    amount: Decimal | None = None
    certificate_number: str = ""
    note: str = ""


@transaction.atomic
def service_record(*, actor: User, person: Person, data: ServiceInput) -> ServiceDelivery:
    """A service delivered, signed by the actor. An allowance takes the rate in force on
    the day unless an amount is given; a repatriation needs its return certificate."""
    _require_service_access(actor, person)
    errors: dict[str, list[str]] = {}
    if data.kind not in ServiceKind.values:
        errors["kind"] = [_("Choose the service.")]
    if data.delivered_on > timezone.localdate():
        errors["delivered_on"] = [_("The date is in the future.")]
    amount = data.amount
    if data.kind in ALLOWANCES and amount is None:
        rate = allowance_rate(data.kind, data.delivered_on)
        if rate is None:
            errors["amount"] = [_("No rate is in force on that day: enter the amount.")]
        else:
            amount = rate.amount
    if data.kind not in ALLOWANCES and amount is not None:
        errors["amount"] = [_("Only allowances have an amount.")]
    if amount is not None and amount <= 0:
        errors["amount"] = [_("The amount must be more than zero.")]
    if data.kind == ServiceKind.REPATRIATION and not data.certificate_number.strip():
        errors["certificate_number"] = [
            _("A repatriation needs the number of the return certificate.")
        ]
    if errors:
        raise ValidationError(errors)
    referral = (
        Referral.objects.filter(
            person=person, to_agency_id=actor.agency_id, state=ReferralState.ACCEPTED
        )
        .order_by("-sent_at")
        .first()
    )
    delivery = ServiceDelivery(
        person=person,
        kind=data.kind,
        delivered_on=data.delivered_on,
        agency=actor.agency,
        signed_by=actor,
        amount=amount,
        certificate_number=data.certificate_number.strip(),
        referral=referral,
        note=data.note.strip() or None,
    )
    delivery.full_clean()
    delivery.save()
    audit_record(
        actor=actor,
        action="nrm.service.record",
        obj=person,
        changes={
            "kind": {"before": None, "after": data.kind},
            "amount": {"before": None, "after": str(amount) if amount is not None else None},
        },
    )
    return delivery


# Support plans and closure -----------------------------------------------------------------------


@dataclass
class ActionInput:
    action: str
    responsible: Agency | None
    due_on: datetime.date | None
    service: str = ""


@transaction.atomic
def support_plan_create(
    *, actor: User, person: Person, objectives: str, actions: Sequence[ActionInput]
) -> SupportPlan:
    _require_service_access(actor, person)
    errors: dict[str, list[str]] = {}
    if not objectives.strip():
        errors["objectives"] = [_("Write the plan's objectives.")]
    problems = []
    for n, item in enumerate(actions, start=1):
        if not item.action.strip() or item.responsible is None or item.due_on is None:
            problems.append(
                _("Action %(n)d needs what is to be done, the responsible agency and a due date.")
                % {"n": n}
            )
        if item.service and item.service not in ServiceKind.values:
            problems.append(_("Action %(n)d: unknown service.") % {"n": n})
    if problems:
        errors["actions"] = problems
    if errors:
        raise ValidationError(errors)
    plan = SupportPlan(
        person=person, agency=actor.agency, objectives=objectives.strip(), created_by=actor
    )
    plan.full_clean()
    plan.save()
    for item in actions:
        assert item.due_on is not None  # checked above
        action = SupportAction(
            plan=plan,
            action=item.action.strip(),
            service=item.service,
            responsible=item.responsible,
            due_on=item.due_on,
        )
        action.full_clean()
        action.save()
    audit_record(
        actor=actor,
        action="nrm.support_plan.create",
        obj=person,
        changes={"actions": {"before": None, "after": len(actions)}},
    )
    return plan


@transaction.atomic
def support_action_progress(
    *, actor: User, action: SupportAction, progress: str, note: str = ""
) -> SupportAction:
    """The responsible agency, or the plan's own, reports progress on an action."""
    require_permission(actor, "nrm.record_services")
    if actor.agency_id not in (action.responsible_id, action.plan.agency_id):
        raise PermissionDenied(
            _("Only the responsible agency or the plan's agency reports progress.")
        )
    if progress not in Progress.values:
        raise ValidationError({"progress": _("Choose the progress.")})
    before = action.progress
    action.progress = progress
    action.progress_note = note.strip()[:300]
    action.full_clean()
    action.save()
    audit_record(
        actor=actor,
        action="nrm.support_action.progress",
        obj=action.plan.person,
        changes={"progress": {"before": before, "after": progress}},
    )
    return action


@transaction.atomic
def case_close(
    *,
    actor: User,
    person: Person,
    reason: str,
    closed_on: datetime.date | None = None,
    note: str = "",
) -> CaseClosure:
    """Close the actor's agency's assistance case: refused while the person still stays in
    one of its shelters; its accepted referrals for the person complete (so the person
    closes to it), and the reason is kept."""
    _require_service_access(actor, person)
    closed_on = closed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = [_("Choose why the case is closed.")]
    if closed_on > timezone.localdate():
        errors["closed_on"] = [_("The date is in the future.")]
    if reason == ClosureReason.OTHER and not note.strip():
        errors["note"] = [_("Say why the case is closed.")]
    if errors:
        raise ValidationError(errors)
    staying = Stay.objects.filter(
        person=person, discharged_on__isnull=True, facility__agency=actor.agency
    ).first()
    if staying is not None:
        raise ValidationError(
            _("The person still stays at %(facility)s: discharge them first.")
            % {"facility": staying.facility.name}
        )
    closure = CaseClosure(
        person=person,
        agency=actor.agency,
        closed_on=closed_on,
        reason=reason,
        note=note.strip() or None,
        closed_by=actor,
    )
    closure.full_clean()
    closure.save()
    audit_record(
        actor=actor,
        action="nrm.case.close",
        obj=person,
        changes={"reason": {"before": None, "after": reason}},
    )
    for referral in Referral.objects.filter(
        person=person, to_agency_id=actor.agency_id, state=ReferralState.ACCEPTED
    ):
        if actor.has_perm("nrm.receive_referrals"):
            referral_complete(actor=actor, referral=referral)
    return closure


# Citizens harmed abroad --------------------------------------------------------------------------


@transaction.atomic
def abroad_case_record(
    *,
    actor: User,
    person: Person,
    country,
    situation: str,
    place: str = "",
    reported_on: datetime.date | None = None,
) -> AbroadCase:
    require_permission(actor, "nrm.record_abroad")
    require_person_change(actor, person)
    reported_on = reported_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if country is None:
        errors["country"] = [_("Choose the country.")]
    elif country.code == "AZ":
        errors["country"] = [_("Choose the foreign country where the person is.")]
    if not situation.strip():
        errors["situation"] = [_("Describe the situation.")]
    if reported_on > timezone.localdate():
        errors["reported_on"] = [_("The date is in the future.")]
    if errors:
        raise ValidationError(errors)
    case = AbroadCase(
        person=person,
        agency=actor.agency,
        country=country,
        place=place.strip() or None,
        situation=situation.strip(),
        reported_on=reported_on,
        recorded_by=actor,
    )
    case.full_clean()
    case.save()
    audit_record(
        actor=actor,
        action="nrm.abroad.record",
        obj=person,
        changes={"country": {"before": None, "after": country.code}},
    )
    return case


@transaction.atomic
def abroad_case_close(
    *, actor: User, case: AbroadCase, status: str, closed_on: datetime.date | None = None
) -> AbroadCase:
    """Repatriated (needs a repatriation recorded for the person, with its certificate) or
    closed without repatriation."""
    require_permission(actor, "nrm.record_abroad")
    if actor.agency_id != case.agency_id:
        raise PermissionDenied(_("Only the agency that recorded the case closes it."))
    locked = AbroadCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != AbroadStatus.OPEN:
        raise InvalidTransition(_("This case is already closed."))
    if status not in (AbroadStatus.REPATRIATED, AbroadStatus.CLOSED):
        raise ValidationError({"status": _("Choose repatriated or closed.")})
    if (
        status == AbroadStatus.REPATRIATED
        and not ServiceDelivery.objects.filter(
            person=locked.person, kind=ServiceKind.REPATRIATION
        ).exists()
    ):
        raise ValidationError(_("Record the repatriation, with its return certificate, first."))
    locked.status = status
    locked.closed_on = closed_on or timezone.localdate()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="nrm.abroad.close",
        obj=locked.person,
        changes={"status": {"before": AbroadStatus.OPEN, "after": status}},
    )
    return locked


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


@transaction.atomic
def allowance_rate_set(
    *, actor: User, kind: str, amount: Decimal, valid_from: datetime.date, source: str = ""
) -> AllowanceRate:
    """Add (or correct) the amount of an allowance in force from a day."""
    require_permission(actor, "nrm.manage_facilities")
    if kind not in ALLOWANCES:
        raise ValidationError({"kind": _("Choose the one-time or the monthly allowance.")})
    rate = AllowanceRate.objects.filter(kind=kind, valid_from=valid_from).first()
    before = str(rate.amount) if rate else None
    rate = rate or AllowanceRate(kind=kind, valid_from=valid_from)
    rate.amount = amount
    rate.source = source.strip()
    rate.full_clean()
    rate.save()
    audit_record(
        actor=actor,
        action="nrm.allowance_rate.set",
        obj=rate,
        changes={"amount": {"before": before, "after": str(amount)}},
    )
    return rate
