"""Recording a contact, finding its caller by a blind-indexed identifier, follow-ups, the
link to a person, topics."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases.access import Access, access_person
from ctis.cases.models import Person
from ctis.core import bounds, identifiers
from ctis.core.errors import require_permission
from ctis.hotline.access import may_see_contact
from ctis.hotline.models import (
    NATURES_WITHOUT_TOPIC,
    Caller,
    CallerIdentifier,
    Contact,
    ContactConsent,
    ContactDay,
    ContactTopic,
    Outcome,
    Recipient,
    Topic,
    TopicDay,
)


@dataclass
class ContactInput:
    """What the call form gives; ``identifier`` is the number, address or handle the caller
    used, as typed (empty: not known)."""

    topics: Sequence[Topic] = ()
    received_at: datetime.datetime | None = None
    channel: str = "phone"
    language: str = "az"
    caller_type: str = "at_risk"
    nature: str = "case"
    region: str = ""
    outcome: str = Outcome.INFORMATION
    emergency: str = ""
    follow_up_on: datetime.date | None = None
    notes: str = ""
    identifier: str = ""
    consents: Sequence[str] = field(default_factory=tuple)


def caller_for(identifier: identifiers.Identifier) -> Caller:
    """The caller with this identifier, made on its first call (two writings of one number
    are one caller: the blind index is of the canonical form)."""
    index = identifier.index
    found = CallerIdentifier.objects.filter(index=index).select_related("caller").first()
    if found is not None:
        return found.caller
    try:
        with transaction.atomic():
            caller = Caller.objects.create()
            row = CallerIdentifier(
                caller=caller, kind=identifier.kind, value=identifier.key, index=index
            )
            row.full_clean(exclude=["caller"])
            row.save()
            return caller
    except IntegrityError:  # the same number, recorded at the same moment elsewhere
        return CallerIdentifier.objects.select_related("caller").get(index=index).caller


def _count(model: type[models.Model], **keys) -> None:
    """Add one to the day's count (the row is made by the day's first contact; two first
    contacts at the same moment: the second finds the row the first made)."""
    manager = model._default_manager
    if manager.filter(**keys).update(contacts=F("contacts") + 1):
        return
    try:
        with transaction.atomic():
            manager.create(**keys, contacts=1)
    except IntegrityError:
        manager.filter(**keys).update(contacts=F("contacts") + 1)


def _count_day(contact: Contact, topics: Sequence[Topic]) -> None:
    """The contact in its day's counts (``ContactDay``, ``TopicDay``), by the day in the
    server's time zone, as the statistics' periods are."""
    day = timezone.localdate(contact.received_at, timezone.get_default_timezone())
    _count(ContactDay, day=day, nature=contact.nature, channel=contact.channel)
    for topic in {t.pk: t for t in topics}.values():
        _count(TopicDay, day=day, topic=topic)


def _validate(data: ContactInput) -> identifiers.Identifier | None:
    errors: dict[str, list[str]] = {}
    if not data.topics and data.nature not in NATURES_WITHOUT_TOPIC:
        errors.setdefault("topics", []).append(_("Choose at least one topic the contact is about."))
    found = None
    if data.identifier.strip():
        try:
            found = identifiers.recognise(data.identifier)
        except ValidationError as refused:
            errors.setdefault("identifier", []).extend(refused.messages)
    if data.received_at and data.received_at > timezone.now() + datetime.timedelta(minutes=5):
        errors.setdefault("received_at", []).append(_("The time is in the future."))
    if data.received_at and (
        problems := bounds.date_problems(data.received_at.date(), bounds.PAST)
    ):
        errors.setdefault("received_at", []).extend(problems)
    unknown = set(data.consents) - set(Recipient.values)
    if unknown:
        errors.setdefault("consents", []).append(_("Choose among the recipients offered."))
    if errors:
        raise ValidationError(errors)
    return found


@transaction.atomic
def contact_record(*, actor: User, data: ContactInput) -> Contact:
    """Record a call or message. Its caller is found (or made) by the identifier's blind
    index; the caller's consents to pass details on are recorded per recipient. Nothing is
    saved when a field is refused (no topic, an identifier that is none)."""
    require_permission(actor, "hotline.record_contact")
    if actor.agency_id is None:
        raise PermissionDenied(_("Only a member of an agency records contacts."))
    found = _validate(data)
    contact = Contact(
        received_at=data.received_at or timezone.now(),
        channel=data.channel,
        language=data.language,
        caller_type=data.caller_type,
        nature=data.nature,
        region=data.region,
        outcome=data.outcome,
        emergency=data.emergency if data.outcome == Outcome.EMERGENCY else "",
        follow_up_on=data.follow_up_on,
        notes=data.notes.strip() or None,
        operator=actor,
        agency_id=actor.agency_id,
    )
    contact.full_clean(exclude=["caller", "person", "notification"])
    if found is not None:
        contact.caller = caller_for(found)
    contact.save()
    ContactTopic.objects.bulk_create(
        [
            ContactTopic(contact=contact, topic=topic, received_at=contact.received_at)
            for topic in data.topics
        ]
    )
    _count_day(contact, data.topics)
    ContactConsent.objects.bulk_create(
        [
            ContactConsent(contact=contact, recipient=recipient, recorded_by=actor)
            for recipient in sorted(set(data.consents))
        ]
    )
    audit_record(
        actor=actor,
        action="hotline.contact.create",
        obj=contact,
        changes={
            "channel": {"before": None, "after": contact.channel},
            "outcome": {"before": None, "after": contact.outcome},
            "topics": {"before": None, "after": sorted(t.code for t in data.topics)},
            "caller": {"before": None, "after": "known" if found else "unknown"},
            "consents": {"before": None, "after": sorted(set(data.consents))},
        },
    )
    return contact


@transaction.atomic
def contact_follow_up_done(*, actor: User, contact: Contact) -> Contact:
    require_permission(actor, "hotline.record_contact")
    if not may_see_contact(actor, contact):
        raise PermissionDenied(_("There is no such contact, or you may not see it."))
    if contact.follow_up_done_at is None:
        contact.follow_up_done_at = timezone.now()
        contact.save(update_fields=["follow_up_done_at", "updated_at"])
        audit_record(
            actor=actor,
            action="hotline.contact.follow_up",
            obj=contact,
            changes={"follow_up": {"before": "due", "after": "done"}},
        )
    return contact


@transaction.atomic
def contact_person_link(*, actor: User, contact: Contact, person: Person | None) -> Contact:
    """Link the contact to a person of the unified database (many contacts may name one
    person), or unlink it (``None``). The person is opened through the access decision: the
    user must see the record's identity."""
    require_permission(actor, "hotline.link_person")
    if not may_see_contact(actor, contact):
        raise PermissionDenied(_("There is no such contact, or you may not see it."))
    if person is not None:
        access_person(actor, person, level=Access.IDENTITY)
    before = contact.person.code if contact.person is not None else None
    contact.person = person
    contact.save(update_fields=["person", "updated_at"])
    audit_record(
        actor=actor,
        action="hotline.contact.link",
        obj=contact,
        changes={"person": {"before": before, "after": person.code if person else None}},
    )
    return contact
