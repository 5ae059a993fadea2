"""Victim profiles, the events of their trafficking, and the links to their children."""

from __future__ import annotations

import dataclasses
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, sealed_changes, snapshot
from ctis.cases.access import require_person_change
from ctis.cases.choices import (
    HOME_COUNTRY,
    ChildMeasure,
    ControlMethod,
    EventKind,
    ExploitationForm,
    Scope,
    SexualExploitationKind,
    TraffickingStatus,
    exploited_countries,
    exploited_mask,
)
from ctis.cases.inputs import VICTIM_INPUT_FIELDS, EventInput, VictimInput
from ctis.cases.models import (
    ChildOfVictim,
    Person,
    TraffickingEvent,
    VictimProfile,
)
from ctis.core.locking import bump_stored, lock_version

# What an event's audit entry records by value; its place and description are sealed and
# named only (``EVENT_SEALED``).
EVENT_FIELDS = ["kind", "country", "started_on", "ended_on"]
EVENT_SEALED = ["place", "description"]


# The actions that make a new version of a person (the person's page edits them all), so
# that a change refused as stale names each one.
PERSON_VERSIONS = [
    "cases.person.update",
    "cases.victim.create",
    "cases.victim.update",
    "cases.event.create",
    "cases.event.delete",
]


VICTIM_FIELDS = [
    "status",
    "status_decided_by",
    "status_decided_on",
    "identified_on",
    "forms",
    "labour_sector",
    "sexual_kinds",
    "control_methods",
    "recruitment_method",
    "recruiter_relationship",
    "age_when_trafficked",
    "scope",
]


def victim_validate(person: Person, data: VictimInput) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for name, values, allowed in (
        ("forms", data.forms, ExploitationForm.values),
        ("sexual_kinds", data.sexual_kinds, SexualExploitationKind.values),
        ("control_methods", data.control_methods, ControlMethod.values),
    ):
        unknown = [v for v in values if v not in allowed]
        if unknown:
            errors.setdefault(name, []).append(
                _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
    if data.status != TraffickingStatus.POSSIBLE:
        if data.status_decided_by is None:
            errors.setdefault("status_decided_by", []).append(
                _("Say which body decided the status.")
            )
        if data.status_decided_on is None:
            errors.setdefault("status_decided_on", []).append(
                _("Give the date of the status decision.")
            )
    if data.status_decided_on and data.status_decided_on > today:
        errors.setdefault("status_decided_on", []).append(_("The decision date is in the future."))
    if data.identified_on and data.identified_on > today:
        errors.setdefault("identified_on", []).append(
            _("The identification date is in the future.")
        )
    if data.status == TraffickingStatus.ACTUAL and not data.forms:
        errors.setdefault("forms", []).append(
            _("An actual victim of trafficking needs at least one form of exploitation.")
        )
    if data.sexual_kinds and ExploitationForm.SEXUAL not in data.forms:
        errors.setdefault("sexual_kinds", []).append(
            _("Kinds of sexual exploitation need sexual exploitation among the forms.")
        )
    if data.labour_sector and ExploitationForm.FORCED_LABOUR not in data.forms:
        errors.setdefault("labour_sector", []).append(
            _("A labour sector needs forced labour among the forms.")
        )
    born = person.birth_date_value
    if born and data.identified_on and data.identified_on < born:
        errors.setdefault("identified_on", []).append(
            _("The identification date is before the date of birth.")
        )
    if data.age_when_trafficked is not None and person.birth_year and data.identified_on:
        if data.age_when_trafficked > data.identified_on.year - person.birth_year + 1:
            errors.setdefault("age_when_trafficked", []).append(
                _("The age when trafficked is more than the person's age when identified.")
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def victim_profile_save(
    *, actor: User, person: Person, data: VictimInput, version: int | None = None
) -> VictimProfile:
    """Create or change a person's victim profile. Changes count against the person's
    version, since the profile is edited on the person's page. Deciding the status (or
    changing a decision) is the police unit's alone."""
    require_person_change(actor, person)
    profile = VictimProfile.objects.filter(person=person).first()
    creating = profile is None
    if creating and data.identified_on is None:
        data = dataclasses.replace(data, identified_on=timezone.localdate())
    decision = (data.status, getattr(data.status_decided_by, "pk", None), data.status_decided_on)
    if profile is None:
        decides = data.status != TraffickingStatus.POSSIBLE
    else:
        decides = decision != (
            profile.status,
            profile.status_decided_by_id,
            profile.status_decided_on,
        )
    if decides:
        require_police_decision(actor)
    victim_validate(person, data)
    locked = lock_version(
        Person.objects,
        person.pk,
        version,
        explain=partial(changes_since, label=_("person"), bumping=PERSON_VERSIONS),
    )
    profile = profile or VictimProfile(person=locked)
    before = {} if creating else snapshot(profile, VICTIM_FIELDS)
    for name in VICTIM_INPUT_FIELDS:
        value = getattr(data, name)
        if not (name == "identified_on" and value is None):
            setattr(profile, name, value)
    profile.forms = sorted(set(profile.forms))
    profile.scope = "" if creating else _scope(profile)
    profile.full_clean()
    profile.save()
    locked.mirror_victim(profile)
    locked.save(update_fields=Person.MIRRORED)
    changes = diff(before, snapshot(profile, VICTIM_FIELDS))
    if creating or changes:
        bump_stored(locked)
        audit_record(
            actor=actor,
            action="cases.victim.create" if creating else "cases.victim.update",
            obj=locked,
            changes=changes,
        )
    return profile


def require_police_decision(actor: User) -> None:
    if not actor.has_perm("cases.view_identities"):
        raise PermissionDenied(
            _("Only the police unit decides whether a person is a victim of trafficking.")
        )


def _events_changed(victim: VictimProfile) -> None:
    """After an event is added or removed: the profile's scope and the person's copy of
    where they were exploited follow the events."""
    victim.scope = _scope(victim)
    victim.save(update_fields=["scope", "updated_at"])
    countries = list(
        victim.events.filter(kind=EventKind.EXPLOITATION).values_list("country_id", flat=True)
    )
    Person.objects.filter(pk=victim.person_id).update(
        exploited_mask=exploited_mask(countries),
        exploited_countries=exploited_countries(countries),
    )


def _scope(profile: VictimProfile) -> str:
    countries = set(profile.events.values_list("country_id", flat=True))
    if not countries:
        return ""
    return Scope.INTERNAL if countries == {HOME_COUNTRY} else Scope.TRANSNATIONAL


@transaction.atomic
def event_add(*, actor: User, victim: VictimProfile, data: EventInput) -> TraffickingEvent:
    person = victim.person
    require_person_change(actor, person)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if data.kind not in EventKind.values:
        errors.setdefault("kind", []).append(_("Choose recruitment, transit or exploitation."))
    if data.country is None:
        errors.setdefault("country", []).append(_("Choose the country."))
    born = person.birth_date_value
    for name, value in (("started_on", data.started_on), ("ended_on", data.ended_on)):
        if value and value > today:
            errors.setdefault(name, []).append(_("The date is in the future."))
        if value and born and value < born:
            errors.setdefault(name, []).append(
                _("The date (%(date)s) is before the person's date of birth (%(born)s).")
                % {"date": date_format(value), "born": date_format(born)}
            )
        elif value and person.birth_year and value.year < person.birth_year:
            errors.setdefault(name, []).append(
                _("The date is before the person's year of birth (%(year)d).")
                % {"year": person.birth_year}
            )
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        errors.setdefault("ended_on", []).append(_("The end is before the start."))
    if errors:
        raise ValidationError(errors)
    event = TraffickingEvent(
        victim=victim,
        kind=data.kind,
        country=data.country,
        place=data.place.strip(),
        started_on=data.started_on,
        ended_on=data.ended_on,
        description=data.description.strip(),
    )
    event.full_clean()
    event.save()
    _events_changed(victim)
    bump_stored(person)
    audit_record(
        actor=actor,
        action="cases.event.create",
        obj=person,
        changes=_event_record(event),
    )
    return event


@transaction.atomic
def event_remove(*, actor: User, event: TraffickingEvent) -> None:
    victim = event.victim
    require_person_change(actor, victim.person)
    record = _event_record(event)
    written = record.pop("fields", None)
    event.delete()
    _events_changed(victim)
    bump_stored(victim.person)
    audit_record(
        actor=actor,
        action="cases.event.delete",
        obj=victim.person,
        changes={
            **{name: {"before": value, "after": None} for name, value in record.items()},
            **({"fields": written} if written else {}),
        },
    )


def _event_record(event: TraffickingEvent) -> dict:
    """The event's fields for its audit entry: the sealed ones that hold text by name."""
    written = [name for name in EVENT_SEALED if getattr(event, name)]
    return sealed_changes({**snapshot(event, EVENT_FIELDS), **dict.fromkeys(written)}, written)


@transaction.atomic
def child_link(
    *, actor: User, parent: Person, child: Person, measures: list[str], note: str = ""
) -> ChildOfVictim:
    require_person_change(actor, parent)
    require_person_change(actor, child)
    unknown = [m for m in measures if m not in ChildMeasure.values]
    if unknown:
        raise ValidationError(
            {"measures": _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if parent.pk == child.pk:
        raise ValidationError(_("A person cannot be their own child."))
    link, _created = ChildOfVictim.objects.get_or_create(parent=parent, child=child)
    before = snapshot(link, ["measures", "note"])
    link.measures = sorted(set(measures))
    link.note = note.strip()
    link.full_clean()
    link.save()
    audit_record(
        actor=actor,
        action="cases.child.link",
        obj=parent,
        changes={
            "child": {"before": None, "after": child.code},
            **sealed_changes(diff(before, snapshot(link, ["measures", "note"])), ["note"]),
        },
    )
    return link
