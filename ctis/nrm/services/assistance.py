"""Support plans, progress on their actions, and the closing of an agency's assistance."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import (
    ValidationError,
)
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record
from ctis.cases.models import Person
from ctis.core import bounds
from ctis.core.states import Machine, Step, Who, has_perm
from ctis.nrm.models import (
    AssistanceClosure,
    AssistanceClosureReason,
    Progress,
    Referral,
    ReferralState,
    ServiceKind,
    Stay,
    SupportAction,
    SupportPlan,
)
from ctis.nrm.services._checks import require_service_access
from ctis.nrm.services.referrals import referral_complete

# Progress on an action is reported until it is done or cancelled; each step is named by
# the progress it reports, and reporting the same progress again updates the note.
_reporter = has_perm("nrm.record_services") & Who(
    lambda user, action: user.agency_id in (action.responsible_id, action.plan.agency_id),
    gettext_lazy("Only the responsible agency or the plan's agency reports progress."),
)
_OPEN = frozenset({Progress.NOT_STARTED, Progress.IN_PROGRESS})
ACTION_STEPS = Machine(
    [
        Step(
            Progress.NOT_STARTED,
            frozenset({Progress.NOT_STARTED}),
            Progress.NOT_STARTED,
            "",
            _reporter,
        ),
        Step(Progress.IN_PROGRESS, _OPEN, Progress.IN_PROGRESS, "", _reporter),
        Step(Progress.DONE, _OPEN, Progress.DONE, "", _reporter),
        Step(Progress.CANCELLED, _OPEN, Progress.CANCELLED, "", _reporter),
    ],
    refused=gettext_lazy("This action is %(state)s; its progress can no longer be changed."),
    field="progress",
)


@dataclass
class ActionInput:
    action: str
    responsible: Agency | None
    due_on: datetime.date | None
    service: str = ""
    objective: str = ""


@transaction.atomic
def support_plan_create(
    *, actor: User, person: Person, objectives: str, actions: Sequence[ActionInput]
) -> SupportPlan:
    require_service_access(actor, person)
    today = timezone.localdate()
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
        if item.due_on is not None and item.due_on < today:
            problems.append(_("Action %(n)d is due before today, the day it is set.") % {"n": n})
        elif item.due_on is not None:
            problems.extend(
                _("Action %(n)d: %(problem)s") % {"n": n, "problem": problem}
                for problem in bounds.date_problems(item.due_on, bounds.DUE)
            )
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
            objective=item.objective.strip() or None,
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
    if progress not in Progress.values:
        raise ValidationError({"progress": _("Choose the progress.")})
    ACTION_STEPS.check(action, progress, actor)
    action = SupportAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    before, _after = ACTION_STEPS.advance(action, progress)
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
def assistance_close(
    *,
    actor: User,
    person: Person,
    reason: str,
    closed_on: datetime.date | None = None,
    note: str = "",
) -> AssistanceClosure:
    """Close the actor's agency's assistance case: refused while the person still stays in
    one of its shelters; its accepted referrals for the person complete (so the person
    closes to it), and the reason is kept."""
    require_service_access(actor, person)
    closed_on = closed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if reason not in AssistanceClosureReason.values:
        errors["reason"] = [_("Choose why the case is closed.")]
    if closed_on > timezone.localdate():
        errors["closed_on"] = [_("The date is in the future.")]
    if reason == AssistanceClosureReason.OTHER and not note.strip():
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
    closure = AssistanceClosure(
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
        action="nrm.assistance.close",
        obj=person,
        changes={"reason": {"before": None, "after": reason}},
    )
    for referral in Referral.objects.filter(
        person=person, to_agency_id=actor.agency_id, state=ReferralState.ACCEPTED
    ):
        if actor.has_perm("nrm.receive_referrals"):
            referral_complete(actor=actor, referral=referral)
    return closure
