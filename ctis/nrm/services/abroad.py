"""Citizens harmed abroad: recording a case and closing it."""

from __future__ import annotations

import datetime

from django.core.exceptions import (
    ValidationError,
)
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases.access import require_person_change
from ctis.cases.models import Person
from ctis.core.errors import require_permission
from ctis.core.states import Machine, Step, Who, has_perm
from ctis.nrm.models import (
    AbroadCase,
    AbroadStatus,
    ServiceDelivery,
    ServiceKind,
)

# An open case ends repatriated or closed without repatriation, by the agency that recorded it.
_recorder = has_perm("nrm.record_abroad") & Who(
    lambda user, case: user.agency_id == case.agency_id,
    gettext_lazy("Only the agency that recorded the case closes it."),
)
ABROAD_STEPS = Machine(
    [
        Step(
            "repatriated",
            frozenset({AbroadStatus.OPEN}),
            AbroadStatus.REPATRIATED,
            gettext_lazy("repatriated"),
            _recorder,
        ),
        Step(
            "closed",
            frozenset({AbroadStatus.OPEN}),
            AbroadStatus.CLOSED,
            gettext_lazy("closed without repatriation"),
            _recorder,
        ),
    ],
    refused=gettext_lazy("This case is already closed."),
    field="status",
)


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
    if status not in ABROAD_STEPS.steps:
        raise ValidationError({"status": _("Choose repatriated or closed.")})
    ABROAD_STEPS.check(case, status, actor)
    locked = AbroadCase.objects.select_for_update().get(pk=case.pk)
    if (
        status == AbroadStatus.REPATRIATED
        and not ServiceDelivery.objects.filter(
            person=locked.person, kind=ServiceKind.REPATRIATION
        ).exists()
    ):
        raise ValidationError(_("Record the repatriation, with its return certificate, first."))
    ABROAD_STEPS.advance(locked, status)
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
