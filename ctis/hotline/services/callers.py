"""Flags on a caller (at risk, abusive, blocked): a reason and an end date, audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.core.errors import require_permission
from ctis.hotline.models import Caller, CallerFlag, FlagKind


@transaction.atomic
def flag_set(
    *, actor: User, caller: Caller, kind: str, reason: str, until: datetime.date
) -> CallerFlag:
    """Flag the caller until ``until`` (inclusive), saying why."""
    require_permission(actor, "hotline.flag_callers")
    errors: dict[str, list[str]] = {}
    if kind not in FlagKind.values:
        errors["kind"] = [_("Choose at risk, abusive or blocked.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the caller is flagged.")]
    if until is None:
        errors["until"] = [_("Give the day the flag ends.")]
    elif until < timezone.localdate():
        errors["until"] = [_("The flag would end before today.")]
    if errors:
        raise ValidationError(errors)
    flag = CallerFlag(caller=caller, kind=kind, reason=reason.strip(), until=until, set_by=actor)
    flag.full_clean()
    flag.save()
    audit_record(
        actor=actor,
        action="hotline.caller.flag",
        obj=caller,
        changes={
            "flag": {"before": None, "after": kind},
            "until": {"before": None, "after": until.isoformat()},
        },
    )
    return flag


@transaction.atomic
def flag_lift(*, actor: User, flag: CallerFlag) -> CallerFlag:
    """End a flag today (once; a lifted flag stays lifted)."""
    require_permission(actor, "hotline.flag_callers")
    locked = CallerFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.lifted_at is None:
        locked.lifted_at = timezone.now()
        locked.lifted_by = actor
        locked.save(update_fields=["lifted_at", "lifted_by"])
        audit_record(
            actor=actor,
            action="hotline.caller.unflag",
            obj=locked.caller,
            changes={"flag": {"before": locked.kind, "after": None}},
        )
    return locked
