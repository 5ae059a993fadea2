"""Crime episodes of a criminal case, criminal groups and their members, and the history of
a participant's wanted status (ADR 0018).

Each is changed by whoever may change the case it is recorded from (the police unit that
holds it: ``ctis.cases.access.require_case_change``); the audit entry names the case, so
the case's history shows it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record, diff, snapshot
from ctis.cases.access import require_case_change
from ctis.cases.choices import Extradition, ParticipantRole, WantedStatus
from ctis.cases.inputs import CrimeInput, GroupInput
from ctis.cases.models import (
    CaseParticipant,
    Crime,
    CriminalCase,
    CriminalGroup,
    GroupMember,
    Person,
    WantedChange,
)
from ctis.core.locking import StaleVersion, bump, bump_stored

CRIME_FIELDS = ["registered_on", "solved", "solved_on", "description"]
GROUP_FIELDS = ["name", "description", "neutralised_on"]


def _stale(what: str) -> StaleVersion:
    return StaleVersion(
        _(
            "Someone saved this %(record)s after you opened it, so your changes were not "
            "saved. Open it again and make your changes again."
        )
        % {"record": what},
        code="stale",
    )


# Crimes --------------------------------------------------------------------------------


def _validate_crime(data: CrimeInput, current: Crime | None) -> None:
    errors: dict[str, list[str]] = {}
    if data.article is None:
        errors.setdefault("article", []).append(_("Choose the article of the Criminal Code."))
    elif not data.article.is_active and (current is None or current.article_id != data.article.pk):
        errors.setdefault("article", []).append(_("This article is no longer in use."))
    if data.registered_on is None:
        errors.setdefault("registered_on", []).append(_("Enter the date the crime was registered."))
    if data.solved_on and not data.solved:
        errors.setdefault("solved_on", []).append(
            _(
                "A crime that is not solved has no date of being solved: tick solved, or clear the date."
            )
        )
    if data.solved_on and data.registered_on and data.solved_on < data.registered_on:
        errors.setdefault("solved_on", []).append(
            _("The crime is solved before it was registered (%(date)s).")
            % {"date": date_format(data.registered_on)}
        )
    if errors:
        raise ValidationError(errors)


def _crime_state(crime: Crime) -> dict:
    state = snapshot(crime, CRIME_FIELDS)
    state["article"] = crime.article.code if crime.article_id else None
    return state


@transaction.atomic
def crime_save(
    *,
    actor: User,
    case: CriminalCase,
    data: CrimeInput,
    crime: Crime | None = None,
    version: int | None = None,
) -> Crime:
    """Record a crime episode in ``case``, or change ``crime`` (one of the case's, opened
    at ``version``)."""
    require_case_change(actor, case)
    creating = crime is None
    if crime is not None:
        crime = Crime.objects.select_for_update().select_related("article").get(pk=crime.pk)
        if crime.case_id != case.pk:
            raise ValidationError(_("This crime is not recorded in this case."))
        if version is not None and crime.version != version:
            raise _stale(_("crime"))
    _validate_crime(data, crime)
    article, registered_on = data.article, data.registered_on
    assert article is not None and registered_on is not None  # refused above otherwise
    crime = crime or Crime(case=case)
    before = _crime_state(crime) if not creating else {}
    crime.article = article
    crime.registered_on = registered_on
    crime.solved = data.solved
    crime.solved_on = data.solved_on if data.solved else None
    crime.description = data.description.strip()
    changes = diff(before, _crime_state(crime))
    if not creating and not changes:
        return crime
    if not creating:
        bump(crime)
    crime.full_clean()
    crime.save()
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.crime.create" if creating else "cases.crime.update",
        obj=case,
        changes={"crime": {"before": None, "after": crime.pk}, **changes},
    )
    return crime


@transaction.atomic
def crime_remove(*, actor: User, crime: Crime) -> None:
    case = crime.case
    require_case_change(actor, case)
    state = _crime_state(crime)
    pk = crime.pk
    crime.delete()
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.crime.delete",
        obj=case,
        changes={
            "crime": {"before": pk, "after": None},
            "article": {"before": state["article"], "after": None},
            "registered_on": {"before": state["registered_on"], "after": None},
        },
    )


# Criminal groups -----------------------------------------------------------------------


def _validate_group(data: GroupInput) -> None:
    if not data.name.strip():
        raise ValidationError(
            {"name": _("Give the name the group is known by, or say what it is.")}
        )


@transaction.atomic
def group_create(*, actor: User, case: CriminalCase, data: GroupInput) -> CriminalGroup:
    """Record a criminal group, tied to ``case`` and owned by the unit that holds it."""
    require_case_change(actor, case)
    _validate_group(data)
    group = CriminalGroup(
        owner_agency=case.owner_agency,
        name=data.name.strip(),
        description=data.description.strip(),
        neutralised_on=data.neutralised_on,
    )
    group.full_clean()
    group.save()
    group.cases.add(case)
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.group.create",
        obj=case,
        changes={
            "group": {"before": None, "after": group.pk},
            **diff({}, snapshot(group, GROUP_FIELDS)),
        },
    )
    return group


def _require_group_of(case: CriminalCase, group: CriminalGroup) -> None:
    if not group.cases.filter(pk=case.pk).exists():
        raise ValidationError(_("This group is not tied to this case."))


@transaction.atomic
def group_update(
    *,
    actor: User,
    case: CriminalCase,
    group: CriminalGroup,
    data: GroupInput,
    version: int | None = None,
) -> CriminalGroup:
    """Change a group tied to ``case``: its name, description, the date it was neutralised."""
    require_case_change(actor, case)
    group = CriminalGroup.objects.select_for_update().get(pk=group.pk)
    _require_group_of(case, group)
    if version is not None and group.version != version:
        raise _stale(_("criminal group"))
    _validate_group(data)
    before = snapshot(group, GROUP_FIELDS)
    group.name, group.description = data.name.strip(), data.description.strip()
    group.neutralised_on = data.neutralised_on
    changes = diff(before, snapshot(group, GROUP_FIELDS))
    if not changes:
        return group
    bump(group)
    group.full_clean()
    group.save()
    audit_record(
        actor=actor,
        action="cases.group.update",
        obj=case,
        changes={"group": {"before": None, "after": group.pk}, **changes},
    )
    return group


@transaction.atomic
def group_case_link(*, actor: User, case: CriminalCase, group: CriminalGroup) -> None:
    """Tie a group the unit already recorded (from another case) to ``case``."""
    require_case_change(actor, case)
    if group.owner_agency_id != case.owner_agency_id:
        raise ValidationError(
            {"group": _("Choose a group recorded by the unit that holds the case.")}
        )
    if group.cases.filter(pk=case.pk).exists():
        raise ValidationError({"group": _("This group is already tied to the case.")})
    group.cases.add(case)
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.group.case_link",
        obj=case,
        changes={"group": {"before": None, "after": group.pk}},
    )


@transaction.atomic
def group_member_add(
    *, actor: User, case: CriminalCase, group: CriminalGroup, participant: CaseParticipant
) -> GroupMember:
    """Make a perpetrator of ``case`` a member of a group tied to the case."""
    require_case_change(actor, case)
    _require_group_of(case, group)
    if participant.case_id != case.pk or participant.role != ParticipantRole.PERPETRATOR:
        raise ValidationError({"participant": _("Choose a perpetrator linked to this case.")})
    person = participant.person
    if GroupMember.objects.filter(group=group, person=person).exists():
        raise ValidationError(
            {
                "participant": _("%(code)s is already a member of this group.")
                % {"code": person.code}
            }
        )
    member = GroupMember(group=group, person=person)
    member.full_clean()
    member.save()
    # The participant's mark of membership, which the case's page and filters read.
    CaseParticipant.objects.filter(pk=participant.pk).update(group_member=True)
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.group.member_add",
        obj=case,
        changes={
            "group": {"before": None, "after": group.pk},
            "person": {"before": None, "after": person.code},
        },
    )
    return member


@transaction.atomic
def group_member_remove(*, actor: User, case: CriminalCase, member: GroupMember) -> None:
    require_case_change(actor, case)
    _require_group_of(case, member.group)
    code, group_pk, person_pk = member.person.code, member.group_id, member.person_id
    member.delete()
    if not GroupMember.objects.filter(person_id=person_pk, group__cases=case).exists():
        CaseParticipant.objects.filter(
            case=case, person_id=person_pk, role=ParticipantRole.PERPETRATOR
        ).update(group_member=False)
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.group.member_remove",
        obj=case,
        changes={
            "group": {"before": group_pk, "after": None},
            "person": {"before": code, "after": None},
        },
    )


# The wanted history --------------------------------------------------------------------


def wanted_history_add(
    *, actor: User | None, participant: CaseParticipant, status: str, on: datetime.date
) -> WantedChange:
    """One row of a participant's wanted history, written by the service that set or changed
    the status, in its transaction (never changed afterwards)."""
    row = WantedChange(participant=participant, status=status, on=on, recorded_by=actor)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def participant_wanted_set(
    *,
    actor: User,
    participant: CaseParticipant,
    wanted: str,
    on: datetime.date | None,
    extradition: str | None = None,
) -> CaseParticipant:
    """Change a perpetrator's wanted status from ``on``: put on the wanted list in the
    country or abroad, caught (``on`` is then the day they were caught), or no longer
    wanted. Every change adds a row to the history; the participant shows the latest.
    ``extradition`` None keeps it as it is."""
    case = participant.case
    require_case_change(actor, case)
    part = CaseParticipant.objects.select_for_update().get(pk=participant.pk)
    code = Person.objects.filter(pk=part.person_id).values_list("code", flat=True).get()
    errors: dict[str, list[str]] = {}
    if part.role != ParticipantRole.PERPETRATOR:
        errors.setdefault("wanted", []).append(_("Only a perpetrator is wanted or caught."))
    if wanted not in WantedStatus.values:
        errors.setdefault("wanted", []).append(_("Choose the wanted status."))
    if extradition is not None and extradition not in Extradition.values:
        errors.setdefault("extradition", []).append(_("Choose the state of extradition."))
    if on is None:
        errors.setdefault("on", []).append(_("Give the date the status holds from."))
    else:
        if on < case.registered_on:
            errors.setdefault("on", []).append(
                _("The date (%(date)s) is before the case was registered (%(registered)s).")
                % {"date": date_format(on), "registered": date_format(case.registered_on)}
            )
        if on > timezone.localdate():
            errors.setdefault("on", []).append(_("The date is in the future."))
        last = part.wanted_changes.order_by("-on", "-recorded_at", "-id").first()
        if last is not None and on < last.on:
            errors.setdefault("on", []).append(
                _("The last change recorded is of %(date)s: a later change cannot be earlier.")
                % {"date": date_format(last.on)}
            )
    status_changes = wanted != part.wanted
    extradition_changes = extradition is not None and extradition != part.extradition
    if not errors and not status_changes and not extradition_changes:
        errors.setdefault("wanted", []).append(
            _("%(code)s already has this status in the case.") % {"code": code}
        )
    if errors:
        raise ValidationError(errors)
    assert on is not None
    before = snapshot(part, ["wanted", "caught_on", "extradition"])
    part.wanted = wanted
    part.caught_on = on if wanted == WantedStatus.CAUGHT else None
    if extradition is not None:
        part.extradition = extradition
    part.full_clean()
    part.save()
    if status_changes:
        wanted_history_add(actor=actor, participant=part, status=wanted, on=on)
    bump_stored(case)
    audit_record(
        actor=actor,
        action="cases.participant.wanted",
        obj=case,
        changes={
            "person": {"before": None, "after": code},
            **diff(before, snapshot(part, ["wanted", "caught_on", "extradition"])),
            **({"on": {"before": None, "after": on.isoformat()}} if status_changes else {}),
        },
    )
    return part
