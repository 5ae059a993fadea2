"""Referrals between agencies: a table of allowed steps, one service per step; and the
agencies' functions in the mechanism."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record
from ctis.cases.access import decide
from ctis.cases.models import Person
from ctis.core.errors import require_permission
from ctis.core.locking import bump, check_version, refusing_twins
from ctis.core.states import Machine, Step, Who
from ctis.nrm import alerts
from ctis.nrm.models import (
    ConsentPurpose,
    NrmAgency,
    OverrideReason,
    Referral,
    ReferralState,
    ServiceKind,
)
from ctis.nrm.referral_fields import SharedField, allowed_fields
from ctis.nrm.selectors import active_consent, agency_function

# The receiver answers and completes; the sender may withdraw until the referral is done.
_receiver = Who(
    lambda user, referral: (
        user.has_perm("nrm.receive_referrals") and user.agency_id == referral.to_agency_id
    ),
    gettext_lazy("Only the agency the person was referred to may do this."),
)
_sender = Who(
    lambda user, referral: user.has_perm("nrm.refer") and user.agency_id == referral.from_agency_id,
    gettext_lazy("Only the agency that sent the referral may withdraw it."),
)

# The referral's state machine: anything not in the table is refused.
REFERRAL_STEPS = Machine(
    [
        Step(
            "accept",
            frozenset({ReferralState.SENT}),
            ReferralState.ACCEPTED,
            gettext_lazy("accepted"),
            _receiver,
        ),
        Step(
            "decline",
            frozenset({ReferralState.SENT}),
            ReferralState.DECLINED,
            gettext_lazy("declined"),
            _receiver,
        ),
        Step(
            "complete",
            frozenset({ReferralState.ACCEPTED}),
            ReferralState.COMPLETED,
            gettext_lazy("completed"),
            _receiver,
        ),
        Step(
            "withdraw",
            frozenset({ReferralState.SENT, ReferralState.ACCEPTED}),
            ReferralState.WITHDRAWN,
            gettext_lazy("withdrawn"),
            _sender,
        ),
    ],
    refused=gettext_lazy("A referral that is %(state)s cannot be %(step)s."),
)


@dataclass
class ReferralInput:
    to_agency: Agency | None
    reason: str
    services: list[str]
    fields: list[str]
    override: str = ""
    override_note: str = ""


OPEN_STATES = [ReferralState.SENT, ReferralState.ACCEPTED]
ONE_OPEN = gettext_lazy(
    "This person already has an open referral to this agency: wait for its answer, or "
    "withdraw it first."
)


def _open_referral(person: Person, to_agency) -> bool:
    return Referral.objects.filter(
        person=person, to_agency=to_agency, state__in=OPEN_STATES
    ).exists()


def _check_none_open(person: Person, to_agency) -> None:
    if _open_referral(person, to_agency):
        raise ValidationError({"to_agency": [str(ONE_OPEN)]})


@transaction.atomic
def referral_send(*, actor: User, person: Person, data: ReferralInput) -> Referral:
    """Send a person to another agency. Needs the person's consent to referral, unless a
    police supervisor overrides it, in writing, for a child or for the person's safety.
    An agency that sees the person through a referral may refer on, with no more fields
    than it was sent itself."""
    require_permission(actor, "nrm.refer")
    access = decide(actor, person)
    if not access.identity:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    errors: dict[str, list[str]] = {}
    if data.to_agency is None:
        errors["to_agency"] = [_("Choose the agency to refer to.")]
    elif data.to_agency.pk == actor.agency_id:
        errors["to_agency"] = [_("Refer to another agency than your own.")]
    elif not NrmAgency.objects.filter(agency=data.to_agency, receives_referrals=True).exists():
        errors["to_agency"] = [_("This agency does not receive referrals.")]
    elif _open_referral(person, data.to_agency):
        errors["to_agency"] = [str(ONE_OPEN)]
    if not data.reason.strip():
        errors["reason"] = [_("Say why the person is referred.")]
    unknown = [s for s in data.services if s not in ServiceKind.values]
    if unknown or not data.services:
        errors["services"] = [_("Choose the services asked for.")]
    if data.to_agency is not None and "to_agency" not in errors:
        allowed = allowed_fields(agency_function(data.to_agency))
        refused = [f for f in data.fields if f not in allowed]
        # Referred on: no more than the agency was sent itself.
        refused += [f for f in data.fields if not access.sees(f) and f not in refused]
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
    # A twin sent at the same moment: the second meets the one-open constraint.
    with refusing_twins(partial(_check_none_open, person, data.to_agency)):
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
    alerts.referral_sent(referral=referral, actor=actor)
    return referral


def _is_child(person: Person) -> bool:
    born = person.birth_date_value
    today = timezone.localdate()
    if born:
        return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < 18
    return person.birth_year is not None and today.year - person.birth_year < 18


def referral_changed_since(referral: Referral, version: int) -> str:
    """Why a step on ``referral`` read at ``version`` is refused: who took the step since,
    and when (the referral keeps who answered and who closed it)."""
    closed = referral.closed_at is not None
    who = referral.closed_by if closed else referral.answered_by
    when = referral.closed_at if closed else referral.answered_at
    return _(
        "This referral changed after you read it: %(who)s made it %(state)s at %(when)s. "
        "Read it again before you take a step."
    ) % {
        "who": (who.get_full_name() or who.username) if who else _("someone"),
        "state": referral.get_state_display(),
        "when": date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "",
    }


def _referral_step(
    *, actor: User, referral: Referral, step: str, version: int | None, **values
) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    # A referral both agencies see: who took a step since may be told before anything else.
    check_version(locked, version, explain=referral_changed_since)
    before, target = REFERRAL_STEPS.advance(locked, step, actor)
    for name, value in values.items():
        setattr(locked, name, value)
    bump(locked)
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action=f"nrm.referral.{step}",
        obj=locked.person,
        changes={"state": {"before": before, "after": target}},
    )
    alerts.referral_answered(referral=locked, actor=actor)
    return locked


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, version: int | None = None) -> Referral:
    """The receiver accepts: the person opens to it, with the fields it was sent."""
    return _referral_step(
        actor=actor,
        referral=referral,
        step="accept",
        version=version,
        answered_at=timezone.now(),
        answered_by=actor,
    )


@transaction.atomic
def referral_decline(
    *, actor: User, referral: Referral, reason: str, version: int | None = None
) -> Referral:
    check_version(referral, version, explain=referral_changed_since)
    REFERRAL_STEPS.check(referral, "decline", actor)  # before asking for the reason
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why the referral is declined.")})
    return _referral_step(
        actor=actor,
        referral=referral,
        step="decline",
        version=version,
        answered_at=timezone.now(),
        answered_by=actor,
        decline_reason=reason.strip(),
    )


@transaction.atomic
def referral_complete(*, actor: User, referral: Referral, version: int | None = None) -> Referral:
    """The receiver has done what was asked: the person closes to it again."""
    return _referral_step(
        actor=actor,
        referral=referral,
        step="complete",
        version=version,
        closed_at=timezone.now(),
        closed_by=actor,
    )


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, version: int | None = None) -> Referral:
    return _referral_step(
        actor=actor,
        referral=referral,
        step="withdraw",
        version=version,
        closed_at=timezone.now(),
        closed_by=actor,
    )


def referral_step(
    *, actor: User, referral: Referral, step: str, version: int | None = None, reason: str = ""
) -> Referral:
    """Take the step named ``step`` (one of ``REFERRAL_STEPS``), as the referral's page and
    the API post it: ``reason`` is the decline's; ``version`` the one the step was offered
    at (None: not compared)."""
    if step == "accept":
        return referral_accept(actor=actor, referral=referral, version=version)
    if step == "decline":
        return referral_decline(actor=actor, referral=referral, reason=reason, version=version)
    if step == "complete":
        return referral_complete(actor=actor, referral=referral, version=version)
    if step == "withdraw":
        return referral_withdraw(actor=actor, referral=referral, version=version)
    raise ValidationError({"step": _("Unknown step.")})


REFERENCE_AGENCY_FUNCTIONS = (
    Path(__file__).resolve().parent.parent / "data" / "agency_functions.json"
)


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
