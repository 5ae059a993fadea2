"""Criminal cases, the persons linked to them, and the prosecutions of the accused."""

from __future__ import annotations

import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ctis.accounts.models import Agency, User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, sealed_changes, snapshot
from ctis.cases.access import decide, require_case_change
from ctis.cases.choices import (
    CaseStatus,
    ParticipantRole,
    PerpetratorRole,
    SentenceKind,
    VerdictOutcome,
    WantedStatus,
)
from ctis.cases.inputs import CaseInput, ProsecutionInput
from ctis.cases.models import (
    CaseParticipant,
    CriminalCase,
    Person,
    Prosecution,
)
from ctis.cases.services.crimes import wanted_history_add
from ctis.core.errors import InvalidTransition, require_permission
from ctis.core.locking import (
    StaleVersion,
    bump,
    bump_stored,
    check_version,
    lock_version,
    refusing_twins,
)
from ctis.core.states import Machine, Step, has_perm

# A criminal case's course. The change form picks a status; the step is the move to it. A
# court may return a case for further investigation; a closed case may be reopened (new
# circumstances). A new case may be entered at any status (cases since 2016 are entered
# as they stand).
_police = has_perm("cases.edit_records")
_S = CaseStatus
CASE_STEPS = Machine(
    [
        Step(
            "send_to_court",
            frozenset({_S.INVESTIGATION}),
            _S.IN_COURT,
            pgettext_lazy("criminal case step", "sent to court"),
            _police,
        ),
        Step(
            "suspend",
            frozenset({_S.INVESTIGATION}),
            _S.SUSPENDED,
            pgettext_lazy("criminal case step", "suspended"),
            _police,
        ),
        Step(
            "resume",
            frozenset({_S.SUSPENDED, _S.IN_COURT}),
            _S.INVESTIGATION,
            pgettext_lazy("criminal case step", "returned to investigation"),
            _police,
        ),
        Step(
            "close",
            frozenset({_S.INVESTIGATION, _S.SUSPENDED, _S.IN_COURT}),
            _S.CLOSED,
            pgettext_lazy("criminal case step", "closed"),
            _police,
        ),
        Step(
            "reopen",
            frozenset({_S.CLOSED}),
            _S.INVESTIGATION,
            pgettext_lazy("criminal case step", "reopened"),
            _police,
        ),
    ],
    refused=gettext_lazy("A criminal case that is %(state)s cannot be %(step)s."),
    field="status",
    state_label=lambda case: case.get_status_display().lower(),
)


def case_status_step(case: CriminalCase, status: str, user) -> str | None:
    """The step that moves ``case`` to ``status`` (None: it stays); refused with a message
    on the status field when the case's course does not allow the move."""
    if status == case.status:
        return None
    steps = [step for step in CASE_STEPS.steps.values() if step.target == status]
    name = next((s.name for s in steps if case.status in s.sources), None)
    name = name or (steps[0].name if steps else None)
    if name is None:
        raise ValidationError({"status": _("Choose the case's status.")})
    try:
        CASE_STEPS.check(case, name, user)
    except InvalidTransition as error:
        raise ValidationError({"status": error.messages}) from None
    return name


def case_statuses_offered(case: CriminalCase, user) -> list[str]:
    """The statuses a change form offers: the case's own and those its course allows."""
    targets = {CASE_STEPS.steps[name].target for name in CASE_STEPS.allowed(case, user)}
    return [value for value in CaseStatus.values if value == case.status or value in targets]


CASE_FIELDS = [
    "number",
    "registered_on",
    "registering_agency",
    "status",
    "solved",
    "criminal_group",
    "summary",
]
CASE_SEALED = ["summary"]  # named in the audit entry, never its text
# The audit actions, recorded against the case, of the changes that make a new version of
# it (its own, and its parties', prosecutions', crimes' and groups'): what a change
# refused as stale names (``changes_since``).
CASE_VERSIONS = [
    f"cases.{name}"
    for name in (
        "case.update",
        "participant.add",
        "participant.remove",
        "participant.wanted",
        "prosecution.create",
        "prosecution.update",
        "crime.create",
        "crime.update",
        "crime.delete",
        "group.create",
        "group.case_link",
        "group.member_add",
        "group.member_remove",
    )
]


def _validate_case(data: CaseInput, case: CriminalCase | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not data.number.strip():
        errors.setdefault("number", []).append(_("Enter the case number."))
    if data.registered_on is None:
        errors.setdefault("registered_on", []).append(_("Enter the date the case was registered."))
    elif data.registered_on > timezone.localdate():
        errors.setdefault("registered_on", []).append(_("The registration date is in the future."))
    if not data.articles:
        errors.setdefault("articles", []).append(
            _("Choose at least one article of the Criminal Code.")
        )
    if case is not None and data.registered_on:
        verdict = case.prosecutions.filter(verdict_on__lt=data.registered_on).first()
        if verdict and verdict.verdict_on:
            errors.setdefault("registered_on", []).append(
                _("A verdict in this case (%(date)s) is before this registration date.")
                % {"date": date_format(verdict.verdict_on)}
            )
    if errors:
        raise ValidationError(errors)


def _check_number_free(
    registering: Agency | None, number: str, case: CriminalCase | None = None
) -> None:
    """Refuse a number the registering agency gave another case (than ``case``)."""
    twins = CriminalCase.objects.filter(registering_agency=registering, number=number)
    if case is not None:
        twins = twins.exclude(pk=case.pk)
    if twins.exists():
        raise ValidationError(
            {
                "number": _("%(agency)s already registered a case with this number.")
                % {"agency": registering.short_name if registering else ""}
            }
        )


@transaction.atomic
def case_create(*, actor: User, data: CaseInput) -> CriminalCase:
    require_permission(actor, "cases.view_identities")
    require_permission(actor, "cases.edit_records")
    _validate_case(data)
    registering = data.registering_agency or actor.agency
    check = partial(_check_number_free, registering, data.number.strip())
    check()
    case = CriminalCase(owner_agency=actor.agency, registering_agency=registering)
    _apply_case(case, data)
    with refusing_twins(check):
        case.full_clean()
        case.save()
    case.articles.set(data.articles)
    audit_record(
        actor=actor,
        action="cases.case.create",
        obj=case,
        changes={
            **sealed_changes(diff({}, snapshot(case, CASE_FIELDS)), CASE_SEALED),
            "articles": {"before": None, "after": [a.code for a in data.articles]},
        },
    )
    return case


def _apply_case(case: CriminalCase, data: CaseInput) -> None:
    case.number = data.number.strip()
    if data.registered_on is not None:
        case.registered_on = data.registered_on
    if data.registering_agency is not None:
        case.registering_agency = data.registering_agency
    case.status = data.status
    case.solved = data.solved
    if data.criminal_group is not None:
        case.criminal_group = data.criminal_group.strip()
    if data.summary is not None:
        case.summary = data.summary.strip()


@transaction.atomic
def case_update(*, actor: User, case: CriminalCase, version: int, data: CaseInput) -> CriminalCase:
    require_case_change(actor, case)
    _validate_case(data, case)
    locked = lock_version(
        CriminalCase.objects,
        case.pk,
        version,
        explain=partial(changes_since, label=_("criminal case"), bumping=CASE_VERSIONS),
    )
    case_status_step(locked, data.status, actor)
    before = snapshot(locked, CASE_FIELDS)
    before["articles"] = sorted(locked.articles.values_list("code", flat=True))
    _apply_case(locked, data)
    after = snapshot(locked, CASE_FIELDS)
    after["articles"] = sorted(a.code for a in data.articles)
    changes = diff(before, after)
    if not changes:
        return locked
    bump(locked)
    # A number another case was given in the same moment: the check's message, not a 500.
    check = partial(_check_number_free, locked.registering_agency, locked.number, locked)
    check()
    with refusing_twins(check):
        locked.full_clean()
        locked.save()
    locked.articles.set(data.articles)
    audit_record(
        actor=actor,
        action="cases.case.update",
        obj=locked,
        changes={
            **sealed_changes(changes, CASE_SEALED),
            "fields": {"before": None, "after": sorted(changes)},
            "version": {"before": version, "after": locked.version},
        },
    )
    return locked


@transaction.atomic
def participant_add(
    *,
    actor: User,
    case: CriminalCase,
    person: Person,
    role: str,
    perpetrator_roles: list[str] | None = None,
    group_member: bool = False,
    wanted: str = "",
    caught_on: datetime.date | None = None,
    extradition: str = "",
    wanted_on: datetime.date | None = None,
) -> CaseParticipant:
    """Link a person to the case. A wanted status other than "not wanted" starts the
    participant's wanted history: from ``caught_on`` for the caught, else from
    ``wanted_on`` (today when not given)."""
    require_case_change(actor, case)
    if not decide(actor, person).identity:
        raise PermissionDenied(_("You may not link a person whose record you cannot open."))
    perpetrator_roles = perpetrator_roles or []
    errors: dict[str, list[str]] = {}
    if role not in ParticipantRole.values:
        errors.setdefault("role", []).append(_("Choose victim or perpetrator."))
    if role == ParticipantRole.VICTIM and (perpetrator_roles or group_member or wanted):
        errors.setdefault("role", []).append(
            _("Roles in the crime, group membership and search apply to perpetrators only.")
        )
    unknown = [r for r in perpetrator_roles if r not in PerpetratorRole.values]
    if unknown:
        errors.setdefault("perpetrator_roles", []).append(
            _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if caught_on and caught_on < case.registered_on:
        errors.setdefault("caught_on", []).append(
            _("The person was caught before the case was registered.")
        )
    if caught_on and caught_on > timezone.localdate():
        errors.setdefault("caught_on", []).append(_("The date is in the future."))
    if wanted not in WantedStatus.values:
        errors.setdefault("wanted", []).append(_("Choose the wanted status."))
    if wanted_on and not wanted:
        errors.setdefault("wanted_on", []).append(
            _(
                "A person not wanted has no date of being wanted: choose the status, or clear the date."
            )
        )
    if wanted_on and wanted_on < case.registered_on:
        errors.setdefault("wanted_on", []).append(
            _("The person was put on the wanted list before the case was registered.")
        )
    if wanted_on and wanted_on > timezone.localdate():
        errors.setdefault("wanted_on", []).append(_("The date is in the future."))
    if caught_on and wanted == WantedStatus.ABROAD:
        errors.setdefault("caught_on", []).append(
            _(
                "A person wanted abroad has not been caught: clear the date, or record them "
                "as caught."
            )
        )
    if CaseParticipant.objects.filter(case=case, person=person, role=role).exists():
        errors.setdefault("person", []).append(
            _("This person is already linked to the case in this part.")
        )
    if errors:
        raise ValidationError(errors)
    part = CaseParticipant(
        case=case,
        person=person,
        role=role,
        perpetrator_roles=sorted(set(perpetrator_roles)),
        group_member=group_member,
        wanted=wanted,
        caught_on=caught_on,
        extradition=extradition,
    )
    part.full_clean()
    part.save()
    if wanted:
        since = (caught_on if wanted == WantedStatus.CAUGHT else None) or wanted_on
        wanted_history_add(
            actor=actor, participant=part, status=wanted, on=since or timezone.localdate()
        )
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.participant.add",
        obj=case,
        changes={
            "person": {"before": None, "after": person.code},
            "role": {"before": None, "after": role},
            **({"wanted": {"before": None, "after": wanted}} if wanted else {}),
        },
    )
    return part


@transaction.atomic
def participant_remove(*, actor: User, participant: CaseParticipant) -> None:
    case = participant.case
    require_case_change(actor, case)
    if (
        participant.role == ParticipantRole.PERPETRATOR
        and case.prosecutions.filter(accused=participant.person).exists()
    ):
        raise ValidationError(_("This person has a prosecution in the case; it stays linked."))
    code = participant.person.code
    participant.delete()
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.participant.remove",
        obj=case,
        changes={"person": {"before": code, "after": None}},
    )


PROSECUTION_FIELDS = [
    "court",
    "charged_on",
    "sent_to_court_on",
    "verdict_on",
    "outcome",
    "sentence",
    "term_months",
    "fine_azn",
    "confiscation",
    "confiscation_note",
]


def _validate_prosecution(case: CriminalCase, accused: Person, data: ProsecutionInput) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not data.court.strip():
        errors.setdefault("court", []).append(_("Name the court."))
    for name in ("charged_on", "sent_to_court_on", "verdict_on"):
        value = getattr(data, name)
        if value and value < case.registered_on:
            errors.setdefault(name, []).append(
                _("The date (%(date)s) is before the case was registered (%(registered)s).")
                % {"date": date_format(value), "registered": date_format(case.registered_on)}
            )
        if value and value > today:
            errors.setdefault(name, []).append(_("The date is in the future."))
    if data.charged_on and data.sent_to_court_on and data.sent_to_court_on < data.charged_on:
        errors.setdefault("charged_on", []).append(
            _("The person is charged before the case is sent to court: check the dates.")
        )
    elif data.charged_on and data.verdict_on and data.verdict_on < data.charged_on:
        errors.setdefault("charged_on", []).append(
            _("The person is charged before the verdict: check the dates.")
        )
    if data.sent_to_court_on and data.verdict_on and data.verdict_on < data.sent_to_court_on:
        errors.setdefault("verdict_on", []).append(
            _("The verdict is before the case was sent to court.")
        )
    if data.outcome and not data.verdict_on:
        errors.setdefault("verdict_on", []).append(_("Give the date of the verdict."))
    if data.verdict_on and not data.outcome:
        errors.setdefault("outcome", []).append(_("Choose the outcome of the verdict."))
    if data.sentence and data.outcome != VerdictOutcome.CONVICTED:
        errors.setdefault("sentence", []).append(_("A sentence needs a conviction."))
    if data.outcome == VerdictOutcome.CONVICTED and not data.sentence:
        errors.setdefault("sentence", []).append(_("Choose the sentence."))
    if (
        data.sentence
        in (SentenceKind.IMPRISONMENT, SentenceKind.CONDITIONAL, SentenceKind.DEFERRED)
        and not data.term_months
    ):
        errors.setdefault("term_months", []).append(_("Give the term in months."))
    if data.sentence == SentenceKind.FINE and not data.fine_azn:
        errors.setdefault("fine_azn", []).append(_("Give the amount of the fine."))
    if data.confiscation_note and not data.confiscation:
        errors.setdefault("confiscation", []).append(
            _("Tick confiscation, or clear what was confiscated.")
        )
    if (
        data.outcome == VerdictOutcome.CONVICTED
        and CaseParticipant.objects.filter(
            case=case,
            person=accused,
            role=ParticipantRole.PERPETRATOR,
            wanted=WantedStatus.ABROAD,
        ).exists()
    ):
        errors.setdefault("outcome", []).append(
            _(
                "%(code)s is still wanted abroad in this case: record that they were caught "
                "before recording a conviction."
            )
            % {"code": accused.code}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def prosecution_save(
    *,
    actor: User,
    case: CriminalCase,
    accused: Person,
    data: ProsecutionInput,
    version: int | None = None,
) -> Prosecution:
    """Record or change one accused person's trial; the person becomes a perpetrator in the
    case if they were not one yet. ``version`` is the one the user's form was opened at, 0
    for a new prosecution: a form for a new one never overwrites one that exists."""
    require_case_change(actor, case)
    if not decide(actor, accused).identity:
        raise PermissionDenied(_("You may not link a person whose record you cannot open."))
    _validate_prosecution(case, accused, data)
    prosecution = Prosecution.objects.select_for_update().filter(case=case, accused=accused).first()
    creating = prosecution is None
    if prosecution is not None and version == 0:
        raise StaleVersion(
            _(
                "%(code)s already has a prosecution in this case; open it from the case's page "
                "to change it."
            )
            % {"code": accused.code},
            code="stale",
        )
    if prosecution is not None:
        # Its entries are recorded against the case, each naming the accused.
        check_version(
            prosecution,
            version,
            explain=partial(
                changes_since,
                label=_("prosecution"),
                recorded_on=case,
                actions="cases.prosecution",
                naming=("accused", accused.code),
            ),
        )
    prosecution = prosecution or Prosecution(case=case, accused=accused)
    prosecution.accused_sex = accused.sex
    before = snapshot(prosecution, PROSECUTION_FIELDS) if not creating else {}
    for name in PROSECUTION_FIELDS:
        setattr(prosecution, name, getattr(data, name))
    prosecution.court = prosecution.court.strip()
    changes = diff(before, snapshot(prosecution, PROSECUTION_FIELDS))
    if not creating:
        bump(prosecution)
    prosecution.full_clean()
    prosecution.save()
    if not CaseParticipant.objects.filter(
        case=case, person=accused, role=ParticipantRole.PERPETRATOR
    ).exists():
        CaseParticipant.objects.create(case=case, person=accused, role=ParticipantRole.PERPETRATOR)
    if CASE_STEPS.can(case, "send_to_court") and (data.sent_to_court_on or data.verdict_on):
        CriminalCase.objects.filter(pk=case.pk).update(status=CaseStatus.IN_COURT)
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.prosecution.create" if creating else "cases.prosecution.update",
        obj=case,
        changes={
            "accused": {"before": None, "after": accused.code},
            **changes,
            # What a later save refused as stale names (``changes_since``).
            **({} if creating else {"fields": {"before": None, "after": sorted(changes)}}),
        },
    )
    return prosecution
