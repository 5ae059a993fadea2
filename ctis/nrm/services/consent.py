"""The person's consent, to referral and to other purposes, and its withdrawal."""

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
from ctis.core.states import Machine, Step, has_perm
from ctis.nrm.models import (
    Consent,
    ConsentPurpose,
)

# A consent is given until it is withdrawn (its withdrawal date), and withdrawn for good.
CONSENT_STEPS = Machine(
    [
        Step(
            "withdraw",
            frozenset({"given"}),
            "withdrawn",
            gettext_lazy("withdrawn"),
            has_perm("nrm.record_consent"),
        )
    ],
    refused=gettext_lazy("This consent was already withdrawn."),
    state_of=lambda consent: "withdrawn" if consent.withdrawn_on is not None else "given",
)


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
    CONSENT_STEPS.check(consent, "withdraw", actor)
    require_person_change(actor, consent.person)
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    CONSENT_STEPS.check(locked, "withdraw")
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
