"""Checks that the services of shelters and assistance share."""

from __future__ import annotations

import datetime

from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.cases.access import decide
from ctis.cases.models import Person
from ctis.core.errors import require_permission


def require_service_access(actor: User, person: Person) -> None:
    """Services are recorded by the agencies that hold the person or had them referred
    (and accepted): seeing the identity is enough, changing the record is not needed."""
    require_permission(actor, "nrm.record_services")
    if actor.agency_id is None or not decide(actor, person).identity:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))


def not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})
