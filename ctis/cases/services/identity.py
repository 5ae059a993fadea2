"""Looks into identities and the end of a record: opening an identity with a purpose,
break-the-glass and its review, searches by name, decisions on likely duplicates, and
erasure under the retention procedure."""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases.access import Grant, decide
from ctis.cases.choices import (
    AccessPurpose,
)
from ctis.cases.models import (
    BreakGlassGrant,
    DuplicateDecision,
    IdentityAccess,
    Person,
)
from ctis.core.errors import require_permission
from ctis.core.throttle import throttle_hit

BREAK_GLASS_HOURS = 4


@transaction.atomic
def identity_open(*, actor: User, person: Person, purpose: str, note: str = "") -> IdentityAccess:
    """Record that the actor opens the person's identity, and why."""
    if purpose not in AccessPurpose.values:
        raise ValidationError({"purpose": _("Choose why you open this record.")})
    if purpose == AccessPurpose.OTHER and len(note.strip()) < 10:
        raise ValidationError({"note": _("Explain the purpose in a few words.")})
    decision = decide(actor, person)
    if not decision.identity:
        raise PermissionDenied(_("You may not open this person's identity."))
    # Opened under emergency access: the grant that opens it is the break-glass alone, not
    # the agency's own hold on the record.
    glass = Grant.BREAK_GLASS in decision.grants and not (
        {Grant.OWNER, Grant.ENTERED} & set(decision.grants)
    )
    access = IdentityAccess.objects.create(
        person=person,
        user=actor,
        agency_id=actor.agency_id,
        purpose=purpose,
        note=note.strip()[:300],
        break_glass=glass,
    )
    audit_record(
        actor=actor,
        action="cases.person.identity_view",
        obj=person,
        purpose=f"{purpose}: {note.strip()}" if note.strip() else purpose,
        changes={"break_glass": access.break_glass} if access.break_glass else {},
    )
    return access


@transaction.atomic
def break_glass_open(*, actor: User, person: Person, reason: str) -> BreakGlassGrant:
    require_permission(actor, "cases.break_glass")
    if len(reason.strip()) < 20:
        raise ValidationError(
            {"reason": _("Write the reason in at least 20 characters: it is read in review.")}
        )
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        person=person,
        user=actor,
        reason=reason.strip(),
        expires_at=now + datetime.timedelta(hours=BREAK_GLASS_HOURS),
    )
    audit_record(
        actor=actor,
        action="cases.break_glass.open",
        obj=person,
        # The reason is sealed in the grant, read by its reviewers; the entry names it only.
        changes={
            "grant": grant.pk,
            "expires_at": {"before": None, "after": grant.expires_at},
            "fields": {"before": None, "after": ["reason"]},
        },
    )
    return grant


@transaction.atomic
def break_glass_review(*, actor: User, grant: BreakGlassGrant, note: str) -> BreakGlassGrant:
    require_permission(actor, "cases.review_break_glass")
    if grant.reviewed_at is not None:
        raise ValidationError(_("This access has already been reviewed."))
    if grant.user_id == actor.pk:
        raise PermissionDenied(_("Nobody reviews their own emergency access."))
    grant.reviewed_by = actor
    grant.reviewed_at = timezone.now()
    grant.review_note = note.strip()
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=actor,
        action="cases.break_glass.review",
        obj=grant.person,
        changes={"grant": grant.pk, "note": note.strip()},
    )
    return grant


@transaction.atomic
def person_name_search_record(*, actor: User, results: int) -> None:
    """A search by name is a look into identities: logged, without the name searched."""
    audit_record(
        actor=actor,
        action="cases.person.name_search",
        object_type="cases.person",
        changes={"results": results},
    )


PROBE_KINDS = ("search", "duplicates")


def person_probe_count(*, actor: User, kind: str) -> None:
    """Count one search or duplicate check by the actor; past ``CTIS_PROBE_LIMIT`` within
    ``CTIS_PROBE_MINUTES`` refuse it (``ValidationError``), auditing the first refusal of
    the window. Searches and checks share one count: either finds persons by their parts.
    The count and its audit entry commit before the refusal is raised."""
    if kind not in PROBE_KINDS:
        raise ValueError(kind)
    limit = settings.CTIS_PROBE_LIMIT
    with transaction.atomic():
        count = throttle_hit(
            "cases.probe",
            str(actor.pk),
            limit=limit,
            window=timedelta(minutes=settings.CTIS_PROBE_MINUTES),
        )
        if count.first_over:
            audit_record(
                actor=actor,
                action="cases.probe.limited",
                object_type="cases.person",
                changes={"kind": kind, "limit": limit, "minutes": settings.CTIS_PROBE_MINUTES},
            )
    if not count.exceeded:
        return
    raise ValidationError(
        _(
            "You have searched or checked for duplicates %(limit)d times in %(window)d minutes, "
            "the most allowed. Try again in %(minutes)d minutes."
        )
        % {"limit": limit, "window": settings.CTIS_PROBE_MINUTES, "minutes": count.minutes_left}
    )


@transaction.atomic
def person_probe_restricted_record(
    *, actor: User, kind: str, withheld: dict[str, list[str]]
) -> None:
    """A search or duplicate check asked for a part some matching persons' records do not
    show the actor (``selectors.search_withheld``, ``duplicates_withheld``): it compared
    nothing there, and the audit log says which parts and persons, never the value."""
    if kind not in PROBE_KINDS:
        raise ValueError(kind)
    if not withheld:
        return
    audit_record(
        actor=actor,
        action=f"cases.{kind}.restricted",
        object_type="cases.person",
        changes={
            "parts": sorted(withheld),
            "persons": sorted({c for v in withheld.values() for c in v}),
        },
    )


@transaction.atomic
def duplicate_decision_record(
    *,
    actor: User,
    decision: str,
    candidates: list[Person],
    chosen: Person | None = None,
    created: Person | None = None,
) -> DuplicateDecision:
    record = DuplicateDecision.objects.create(
        user=actor, decision=decision, chosen=chosen, created=created
    )
    record.candidates.set(candidates)
    audit_record(
        actor=actor,
        action="cases.person.duplicate_decision",
        obj=chosen or created,
        changes={"decision": decision, "candidates": [p.code for p in candidates]},
    )
    return record


@transaction.atomic
def person_erase(*, actor: User, person: Person, reason: str) -> None:
    """The retention procedure: the only way a person leaves the database."""
    require_permission(actor, "cases.erase_records")
    if len(reason.strip()) < 20:
        raise ValidationError(
            {"reason": _("Give the legal ground for erasure in at least 20 characters.")}
        )
    if person.prosecutions.exists() or person.case_parts.exists():
        raise ValidationError(
            _("This person is part of a criminal case; unlink them from the case first.")
        )
    code, pk = person.code, person.pk
    person.delete()  # cascades to its profile, events, documents, indexes and child links
    audit_record(
        actor=actor,
        action="cases.person.erase",
        object_type="cases.person",
        object_id=str(pk),
        object_repr=code,
        purpose=reason.strip(),
    )
