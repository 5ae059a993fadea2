"""Shelters and centres, stays in them, the services delivered and the allowance rates."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record
from ctis.cases.models import Person
from ctis.core.errors import require_permission
from ctis.core.states import Machine, Step, Who, has_perm
from ctis.nrm.models import (
    AllowanceRate,
    DischargeDestination,
    Facility,
    Referral,
    ReferralState,
    ServiceDelivery,
    ServiceKind,
    Stay,
)
from ctis.nrm.selectors import allowance_rate, first_full_day
from ctis.nrm.services._checks import not_future, require_service_access

ALLOWANCES = (ServiceKind.ONE_TIME_ALLOWANCE, ServiceKind.MONTHLY_ALLOWANCE)


REFERENCE_ALLOWANCE_RATES = Path(__file__).resolve().parent.parent / "data" / "allowance_rates.json"


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


@transaction.atomic
def stay_admit(
    *, actor: User, person: Person, facility: Facility, admitted_on: datetime.date | None = None
) -> Stay:
    require_service_access(actor, person)
    if facility.agency_id != actor.agency_id:
        raise PermissionDenied(_("Only the agency that runs the shelter admits to it."))
    admitted_on = admitted_on or timezone.localdate()
    not_future(admitted_on, "admitted_on")
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
    # Every day of the stay (it is open-ended until discharged), not only the admission
    # day: a back-dated admission must not fill the shelter on a later day. The facility's
    # row is locked above, so two admissions at once are counted one after the other.
    full = first_full_day(locked, admitted_on)
    if full is not None:
        raise ValidationError(
            {
                "admitted_on": _(
                    "%(facility)s is full on %(date)s: no place is free that day (places: "
                    "%(places)d)."
                )
                % {"facility": locked.name, "date": full.isoformat(), "places": locked.capacity}
            }
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


# A stay is open until it has a discharge date; the agency that runs the shelter closes it.
STAY_STEPS = Machine(
    [
        Step(
            "discharge",
            frozenset({"staying"}),
            "discharged",
            gettext_lazy("discharged"),
            has_perm("nrm.record_services")
            & Who(
                lambda user, stay: stay.facility.agency_id == user.agency_id,
                gettext_lazy("Only the agency that runs the shelter discharges from it."),
            ),
        )
    ],
    refused=gettext_lazy("The person was already discharged."),
    state_of=lambda stay: "discharged" if stay.discharged_on is not None else "staying",
)


@transaction.atomic
def stay_discharge(
    *,
    actor: User,
    stay: Stay,
    discharged_on: datetime.date,
    destination: str,
    destination_other: str = "",
) -> Stay:
    """Close a stay on a day (not before the admission, not in the future), saying where the
    person went; "other" needs the place in words, which is sealed and kept out of the audit
    entry."""
    require_service_access(actor, stay.person)
    STAY_STEPS.check(stay, "discharge", actor)
    locked = Stay.objects.select_for_update().get(pk=stay.pk)
    STAY_STEPS.check(locked, "discharge")
    errors: dict[str, list[str]] = {}
    if discharged_on is None:
        errors["discharged_on"] = [_("Give the day of the discharge.")]
    elif discharged_on > timezone.localdate():
        errors["discharged_on"] = [_("The date is in the future.")]
    elif discharged_on < locked.admitted_on:
        errors["discharged_on"] = [_("The discharge is before the admission.")]
    other = (destination_other or "").strip()
    if destination not in DischargeDestination.values:
        errors["destination"] = [_("Say where the person went.")]
    elif destination == DischargeDestination.OTHER and not other:
        errors["destination_other"] = [_("Say where the person went, in a few words.")]
    if errors:
        raise ValidationError(errors)
    locked.discharged_on = discharged_on
    locked.discharged_by = actor
    locked.discharged_to = destination
    locked.discharged_to_other = other if destination == DischargeDestination.OTHER else None
    locked.full_clean()
    locked.save(
        update_fields=[
            "discharged_on",
            "discharged_by",
            "discharged_to",
            "discharged_to_other",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="nrm.stay.discharge",
        obj=locked.person,
        changes={
            "facility": {"before": locked.facility_id, "after": None},
            "discharged_to": {"before": None, "after": destination},
        },
    )
    return locked


@dataclass
class ServiceInput:
    kind: str
    delivered_on: datetime.date
    amount: Decimal | None = None
    certificate_number: str = ""
    note: str = ""
    # Why a service the referral did not ask for is given (needed only then; sealed).
    unrequested_reason: str = ""


@transaction.atomic
def service_record(*, actor: User, person: Person, data: ServiceInput) -> ServiceDelivery:
    """A service delivered, signed by the actor. An allowance takes the rate in force on
    the day unless an amount is given; a repatriation needs its return certificate."""
    require_service_access(actor, person)
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
    referral = (
        Referral.objects.filter(
            person=person, to_agency_id=actor.agency_id, state=ReferralState.ACCEPTED
        )
        .order_by("-sent_at")
        .first()
    )
    # A service the referral asked for needs no reason; one it did not ask for does (a
    # person the agency met itself, with no referral, is its own to serve).
    unrequested = referral is not None and data.kind not in referral.services
    reason = data.unrequested_reason.strip() if unrequested else ""
    if referral is not None and unrequested and not reason:
        asked = ", ".join(str(ServiceKind(s).label) for s in referral.services) or "—"
        errors["unrequested_reason"] = [
            _(
                "The referral did not ask for this service (it asked for: %(asked)s): say why "
                "it is given."
            )
            % {"asked": asked}
        ]
    if errors:
        raise ValidationError(errors)
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
        unrequested_reason=reason or None,
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
            # Named, never its text (sealed).
            **({"fields": {"before": None, "after": ["unrequested_reason"]}} if reason else {}),
        },
    )
    return delivery


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
