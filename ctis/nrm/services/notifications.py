"""Notifications to the special police unit and its status decisions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases.access import require_person_change
from ctis.cases.models import Person, VictimProfile
from ctis.cases.services import VICTIM_INPUT_FIELDS, VictimInput, victim_profile_save
from ctis.core.errors import require_permission
from ctis.nrm import alerts
from ctis.nrm.models import (
    DecisionStatus,
    Notification,
    Screening,
    StatusDecision,
)
from ctis.nrm.selectors import police_unit

NOTIFICATION_HOURS = 24


def _in_police_unit(actor: User) -> bool:
    return actor.agency_id is not None and actor.agency_id == police_unit().pk


@transaction.atomic
def notification_send(
    *, actor: User, person: Person, screening: Screening | None = None, note: str = ""
) -> Notification:
    """Tell the special police unit of a presumed victim; the unit takes it up within 24
    hours. Sending opens the person to the unit (``ctis.nrm.access``). Without a screening
    the note says why (with one, the screening's reasons do, and a note may add to them)."""
    require_permission(actor, "nrm.screen")
    require_person_change(actor, person)
    unit = police_unit()
    if actor.agency_id == unit.pk:
        raise ValidationError(_("The police unit does not notify itself."))
    return notification_record(actor=actor, person=person, screening=screening, note=note)


@transaction.atomic
def notification_record(
    *, actor: User, person: Person, screening: Screening | None = None, note: str = ""
) -> Notification:
    """The notification itself, for a module that has made its own checks (the hotline's
    tip: its operator neither screens nor holds the record, and may work in the unit)."""
    unit = police_unit()
    note = note.strip()
    if screening is None and not note:
        raise ValidationError({"note": _("Say why the police unit is told.")})
    sent_at = timezone.now()
    notification = Notification(
        person=person,
        screening=screening,
        from_agency=actor.agency,
        to_agency=unit,
        sent_at=sent_at,
        sent_by=actor,
        due_at=sent_at + datetime.timedelta(hours=NOTIFICATION_HOURS),
        note=note or None,
    )
    notification.full_clean()
    notification.save()
    audit_record(
        actor=actor,
        action="nrm.notification.send",
        obj=person,
        changes={"to": {"before": None, "after": unit.code}},
    )
    alerts.notification_sent(notification=notification, actor=actor)
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
    forms: Sequence[str] | None = None,
) -> StatusDecision:
    """The special police unit's formal decision: actual victim or not a victim. It sets
    the victim profile's status, deciding body and date (making the profile if the person
    has none yet, identified on the day of their first screening). ``forms``, when given,
    become the profile's forms of exploitation: an actual victim needs at least one."""
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
    profile = VictimProfile.objects.filter(person=person).first()
    chosen = sorted(set(forms or [])) or (list(profile.forms) if profile is not None else [])
    if status == DecisionStatus.ACTUAL and not chosen:
        errors.setdefault("forms", []).append(
            _("An actual victim of trafficking needs at least one form of exploitation.")
        )
    if errors:
        raise ValidationError(errors)
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
            "forms": chosen,
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
