"""Recording awareness events, their participants, knowledge questions and the organiser's
own assessment; opening and closing them for feedback."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import Agency, User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core import bounds
from ctis.core.errors import require_permission
from ctis.core.locking import bump, lock_version
from ctis.core.states import Machine, Step, Who, has_perm
from ctis.outreach.access import may_change
from ctis.outreach.inputs import EventInput
from ctis.outreach.models import (
    Audience,
    Event,
    EventKind,
    EventMode,
    FeedbackState,
    KnowledgeQuestion,
    MaterialLanguage,
    ParticipantGroup,
)
from ctis.plan.models import Measure

EVENT_FIELDS = [
    "title",
    "kind",
    "starts_on",
    "ends_on",
    "place",
    "mode",
    "participants_total",
    "materials_count",
    "materials_languages",
    "description",
]
MAX_QUESTIONS = 10

_organiser = Who(
    lambda user, event: may_change(user, event),
    gettext_lazy("Only the organising agency's own staff may change its events."),
)
FEEDBACK_STEPS = Machine(
    [
        Step(
            "close",
            frozenset({FeedbackState.OPEN}),
            FeedbackState.CLOSED,
            gettext_lazy("closed"),
            has_perm("outreach.record_events") & _organiser,
        ),
        Step(
            "reopen",
            frozenset({FeedbackState.CLOSED}),
            FeedbackState.OPEN,
            gettext_lazy("reopened"),
            has_perm("outreach.record_events") & _organiser,
        ),
    ],
    refused=gettext_lazy("Feedback that is %(state)s cannot be %(step)s."),
    field="feedback",
)


def _whole(value, name: str, errors: dict) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        errors[name].append(_("Give a whole number."))
        return 0
    if number < 0:
        errors[name].append(_("A number of people or materials cannot be negative."))
        return 0
    if number > 10_000_000:
        errors[name].append(_("This number is too large."))
        return 0
    return number


def _write(*, event: Event, data: EventInput) -> tuple[list, list, list, list]:
    """Check everything, then fill the event's own fields; the related rows to save are
    returned (partners, measures, audiences, groups). Raises one ValidationError naming
    every field that is wrong."""
    errors: dict[str, list[str]] = defaultdict(list)
    event.title = (data.title or "").strip()
    event.kind = data.kind
    event.starts_on = data.starts_on  # type: ignore[assignment]  # None: full_clean says so
    event.ends_on = data.ends_on  # type: ignore[assignment]
    event.place = (data.place or "").strip()
    event.mode = data.mode or EventMode.IN_PERSON
    event.participants_total = _whole(data.participants_total, "participants_total", errors)
    event.materials_count = _whole(data.materials_count, "materials_count", errors)
    event.description = (data.description or "").strip()
    languages = list(dict.fromkeys(data.materials_languages or []))
    if any(code not in MaterialLanguage.values for code in languages):
        errors["materials_languages"].append(_("Choose the languages from the list."))
    event.materials_languages = ",".join(c for c in MaterialLanguage.values if c in languages)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        # The constraint's own message, beside the day to correct rather than above the form.
        errors["ends_on"].append(_("The last day cannot be before the first day."))
    if event.kind not in EventKind.values:
        errors["kind"].append(_("Choose the type of the event."))

    partners = list(Agency.objects.filter(pk__in=set(data.partner_ids), is_active=True))
    if len(partners) != len(set(data.partner_ids)):
        errors["partners"].append(_("Choose the partner agencies from the list."))
    if any(p.pk == event.organiser_id for p in partners):
        errors["partners"].append(_("The organiser is not its own partner."))
    measures = list(Measure.objects.filter(pk__in=set(data.measure_ids)))
    if len(measures) != len(set(data.measure_ids)):
        errors["measures"].append(_("Choose the measures from the plan."))
    counted = {
        g.audience_id
        for g in data.groups
        if any(v not in (0, None, "") for v in (g.total, g.women, g.men))
    }
    wanted = set(data.audience_ids) | counted
    audiences = {a.pk: a for a in Audience.objects.filter(pk__in=wanted)}
    if len(audiences) != len(wanted):
        errors["audiences"].append(_("Choose the audiences from the list."))

    groups = []
    for group in data.groups:
        name = f"group_{group.audience_id}"
        total = _whole(group.total, f"{name}_total", errors)
        women = _whole(group.women, f"{name}_women", errors)
        men = _whole(group.men, f"{name}_men", errors)
        if not (total or women or men) or group.audience_id not in audiences:
            continue
        if women + men > total:
            errors[f"{name}_total"].append(
                _("Women and men together (%(sum)d) cannot be more than the group's total.")
                % {"sum": women + men}
            )
        groups.append(
            ParticipantGroup(
                audience=audiences[group.audience_id], total=total, women=women, men=men
            )
        )
    in_groups = sum(g.total for g in groups)
    if in_groups > event.participants_total:
        errors["participants_total"].append(
            _(
                "The groups add up to %(groups)d participants, more than the total of "
                "%(total)d: correct the total or the groups."
            )
            % {"groups": in_groups, "total": event.participants_total}
        )
    try:
        event.full_clean(exclude=["organiser", "created_by"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            # The days' constraint says again what is already said beside the last day.
            new = [m for m in messages if m not in errors.get("ends_on", [])]
            if new:
                errors[name].extend(new)
    if errors:
        raise ValidationError(dict(errors))
    return partners, measures, list(audiences.values()), groups


def _save_parts(event: Event, partners, measures, audiences, groups) -> None:
    event.partners.set(partners)
    event.measures.set(measures)
    event.audiences.set(audiences)
    event.groups.all().delete()
    for group in groups:
        group.event = event
    ParticipantGroup.objects.bulk_create(groups)


def _parts(event: Event) -> dict:
    return {
        "partners": sorted(event.partners.values_list("code", flat=True)),
        "measures": sorted(event.measures.values_list("number", flat=True)),
        "audiences": sorted(event.audiences.values_list("code", flat=True)),
        "groups": sorted(
            f"{code}:{total}/{women}/{men}"
            for code, total, women, men in event.groups.values_list(
                "audience__code", "total", "women", "men"
            )
        ),
    }


def event_create(*, actor: User, data: EventInput, agency: Agency | None = None) -> Event:
    """A new event of the actor's own agency."""
    require_permission(actor, "outreach.record_events")
    organiser = agency or actor.agency
    if organiser is None or organiser.pk != actor.agency_id:
        raise PermissionDenied(_("Events are recorded by the organising agency's own staff."))
    event = Event(organiser=organiser, created_by=actor)
    with transaction.atomic():
        parts = _write(event=event, data=data)
        event.save()
        _save_parts(event, *parts)
        audit_record(
            actor=actor,
            action="outreach.event.create",
            obj=event,
            changes={
                **diff({}, snapshot(event, EVENT_FIELDS)),
                **{k: {"before": None, "after": v} for k, v in _parts(event).items()},
            },
        )
    return event


def event_update(*, actor: User, event: Event, data: EventInput, version: int | None) -> Event:
    with transaction.atomic():
        event = lock_version(
            Event.objects,
            event.pk,
            version,
            explain=lambda row, v: changes_since(row, v, label=_("event")),
        )
        if not may_change(actor, event):
            raise PermissionDenied(
                _("Only the organising agency's own staff may change its events.")
            )
        before = {**snapshot(event, EVENT_FIELDS), **_parts(event)}
        parts = _write(event=event, data=data)
        bump(event)
        event.save()
        _save_parts(event, *parts)
        changes = diff(before, {**snapshot(event, EVENT_FIELDS), **_parts(event)})
        audit_record(actor=actor, action="outreach.event.update", obj=event, changes=changes)
    return event


def event_assess(*, actor: User, event: Event, assessment: str) -> Event:
    """The organiser's own assessment of how the event went."""
    text = (assessment or "").strip()
    if not text:
        raise ValidationError({"assessment": _("Write the assessment.")})
    bounds.check_text(text, bounds.NOTE, field="assessment")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not may_change(actor, event):
            raise PermissionDenied(
                _("Only the organising agency's own staff may change its events.")
            )
        had = bool(event.assessment)
        event.assessment = text
        event.assessed_at = timezone.now()
        bump(event)
        event.save(update_fields=["assessment", "assessed_at", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="outreach.event.assess",
            obj=event,
            changes={"assessment": {"before": "set" if had else None, "after": "set"}},
        )
    return event


def event_feedback_step(*, actor: User, event: Event, step: str) -> Event:
    """Close the event for feedback, or open it again."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        before, after = FEEDBACK_STEPS.advance(event, step, actor)
        bump(event)
        event.save(update_fields=["feedback", "version", "updated_at"])
        audit_record(
            actor=actor,
            action=f"outreach.feedback.{step}",
            obj=event,
            changes={"feedback": {"before": before, "after": after}},
        )
    return event


def question_add(*, actor: User, event: Event, statement: str, is_true: bool) -> KnowledgeQuestion:
    """A knowledge statement for a training's participants, asked before and after."""
    text = (statement or "").strip()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not may_change(actor, event):
            raise PermissionDenied(
                _("Only the organising agency's own staff may change its events.")
            )
        if not event.is_training:
            raise ValidationError(
                {"statement": _("Knowledge questions are asked at trainings only.")}
            )
        if event.responses.exists():
            raise ValidationError(
                {
                    "statement": _(
                        "Participants have answered already: the questions can no longer change."
                    )
                }
            )
        count = event.questions.count()
        if count >= MAX_QUESTIONS:
            raise ValidationError(
                {"statement": _("A training has at most %(n)d questions.") % {"n": MAX_QUESTIONS}}
            )
        question = KnowledgeQuestion(
            event=event, position=count + 1, statement=text, is_true=bool(is_true)
        )
        question.full_clean(exclude=["event"])
        question.save()
        audit_record(
            actor=actor,
            action="outreach.question.add",
            obj=event,
            changes={"questions": {"before": count, "after": count + 1}},
        )
    return question


def question_remove(*, actor: User, question: KnowledgeQuestion) -> None:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=question.event_id)
        if not may_change(actor, event):
            raise PermissionDenied(
                _("Only the organising agency's own staff may change its events.")
            )
        if event.responses.exists():
            raise ValidationError(
                _("Participants have answered already: the questions can no longer change.")
            )
        count = event.questions.count()
        question.delete()
        audit_record(
            actor=actor,
            action="outreach.question.remove",
            obj=event,
            changes={"questions": {"before": count, "after": count - 1}},
        )
