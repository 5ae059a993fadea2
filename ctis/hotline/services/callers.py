"""Flags on a caller (at risk, abusive, blocked): a reason and an end date, audited; and
the call form's look-ups of a caller's earlier contacts, counted and audited."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.core.errors import require_permission
from ctis.core.throttle import throttle_hit
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


def caller_lookup_count(*, actor: User) -> None:
    """Count one look-up of a caller by an identifier typed on the call form; past
    ``CTIS_CALLER_LOOKUP_LIMIT`` within ``CTIS_PROBE_MINUTES`` refuse it
    (``ValidationError``), auditing the first refusal of the window. A number is a key to
    a caller's history, so trying numbers one after another is a probe (issue 10); an
    operator's day of calls stays far below the limit. Only identifiers that are well
    formed are counted (what the operator is still typing reaches no record)."""
    limit = settings.CTIS_CALLER_LOOKUP_LIMIT
    minutes = settings.CTIS_PROBE_MINUTES
    with transaction.atomic():
        count = throttle_hit(
            "hotline.lookup",
            str(actor.pk),
            limit=limit,
            window=datetime.timedelta(minutes=minutes),
        )
        if count.first_over:
            audit_record(
                actor=actor,
                action="hotline.caller.lookup_limited",
                object_type="hotline.caller",
                changes={"limit": limit, "minutes": minutes},
            )
    if count.exceeded:
        raise ValidationError(
            _(
                "You have looked up %(limit)d callers in %(window)d minutes, the most "
                "allowed. Try again in %(minutes)d minutes."
            )
            % {"limit": limit, "window": minutes, "minutes": count.minutes_left}
        )


@transaction.atomic
def caller_lookup_record(*, actor: User, caller: Caller, shown: int) -> None:
    """A look-up that showed a caller's earlier contacts is a read of them: logged, with
    the caller and how many contacts were shown, never the identifier typed."""
    audit_record(
        actor=actor,
        action="hotline.caller.lookup",
        obj=caller,
        changes={"contacts": shown},
    )
