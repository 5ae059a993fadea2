"""Screening: keeping an assessment (``ctis.nrm.selectors.screening_assess`` makes it, for
the web form and ``ctis nrm screen`` alike) and notifying the police unit of a presumed
victim."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import (
    ValidationError,
)
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases.access import require_person_change
from ctis.cases.models import Person
from ctis.core.errors import require_permission
from ctis.nrm import rules
from ctis.nrm.models import (
    IndicatorSet,
    Screening,
)
from ctis.nrm.selectors import person_populations, police_unit, screening_assess, set_fits
from ctis.nrm.services.notifications import notification_send


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
    populations = person_populations(person, screened_on)
    if not set_fits(indicator_set, populations):
        raise ValidationError(
            {
                "indicator_set": _(
                    "This set is for adults; by the year of birth the person was a child on "
                    "the screening date. Choose a set for children."
                )
                if indicator_set.population == rules.ADULT
                else _(
                    "This set is for children; by the year of birth the person was an adult "
                    "on the screening date. Choose a set for adults."
                )
            }
        )
    if indicator_set.population != rules.ANY_AGE:
        population = indicator_set.population
    elif len(populations) == 1:
        (population,) = populations
    else:
        population = rules.ANY_AGE  # a checklist for both, the age not known
    assessment = screening_assess(indicator_set=indicator_set, codes=codes)
    screening = Screening(
        person=person,
        indicator_set=indicator_set,
        screened_on=screened_on,
        agency=actor.agency,
        screened_by=actor,
        population=population,
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
