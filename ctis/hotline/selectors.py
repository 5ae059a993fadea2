"""Reads of the hotline: contacts a user may see, a caller's earlier contacts (by the blind
index of an identifier), follow-ups due, a person's contacts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ctis.accounts.models import User
from ctis.cases.models import Person
from ctis.hotline.access import contact_scope
from ctis.hotline.models import (
    Caller,
    CallerFlag,
    CallerIdentifier,
    ConsentOverride,
    Contact,
    ContactConsent,
    ContactTopic,
    Recipient,
    Topic,
)


def contacts(user: User) -> QuerySet[Contact]:
    """The contacts the user may see, newest first, with their topics."""
    return (
        Contact.objects.filter(contact_scope(user))
        .select_related("operator")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "code")))
        .order_by("-received_at", "-pk")
    )


def contacts_with_identifier(user: User, indexes: Iterable[str]) -> QuerySet[Contact]:
    """The contacts the user may see whose caller has an identifier with one of these blind
    indexes (``ctis.core.identifiers.Identifier.index``), newest first."""
    indexes = list(indexes)
    if not indexes:
        return Contact.objects.none()
    callers = CallerIdentifier.objects.filter(index__in=indexes).values("caller_id")
    return contacts(user).filter(caller_id__in=callers)


def caller_by_index(index: str) -> Caller | None:
    identifier = CallerIdentifier.objects.filter(index=index).select_related("caller").first()
    return identifier.caller if identifier else None


def earlier_contacts(
    user: User, caller: Caller | None, *, before: Contact | None = None, limit: int = 10
) -> list[Contact]:
    """The caller's contacts the user may see (but the one open), newest first."""
    if caller is None:
        return []
    found = contacts(user).filter(caller=caller)
    if before is not None:
        found = found.exclude(pk=before.pk)
    return list(found[:limit])


def active_flags(caller: Caller | None, today: datetime.date | None = None) -> list[CallerFlag]:
    if caller is None:
        return []
    today = today or timezone.localdate()
    return list(
        CallerFlag.objects.with_sealed()
        .filter(caller=caller, lifted_at__isnull=True, until__gte=today)
        .order_by("-set_at")
    )


def caller_identifiers(caller: Caller | None) -> list[CallerIdentifier]:
    if caller is None:
        return []
    return list(CallerIdentifier.objects.with_sealed().filter(caller=caller).order_by("first_seen"))


def topics_in_use() -> QuerySet[Topic]:
    return Topic.objects.filter(active=True).order_by("position", "code")


@dataclass(frozen=True)
class Disclosure:
    """May the caller's details go to ``recipient``: by consent, by override, or not."""

    recipient: str
    consented: bool
    override: ConsentOverride | None

    @property
    def allowed(self) -> bool:
        return self.consented or self.override is not None


def disclosures(contact: Contact) -> dict[str, Disclosure]:
    """For each recipient, whether the caller's details may be passed on (two queries)."""
    consented = set(
        ContactConsent.objects.filter(contact=contact).values_list("recipient", flat=True)
    )
    overrides = {o.recipient: o for o in ConsentOverride.objects.filter(contact=contact)}
    return {r: Disclosure(r, r in consented, overrides.get(r)) for r in Recipient.values}


def follow_ups_due(user: User, today: datetime.date | None = None) -> QuerySet[Contact]:
    """The user's agency's contacts with a follow-up due by today and not yet done."""
    today = today or timezone.localdate()
    return Contact.objects.filter(
        contact_scope(user),
        follow_up_on__isnull=False,
        follow_up_on__lte=today,
        follow_up_done_at__isnull=True,
    ).order_by("follow_up_on", "received_at")


def person_contacts(person: Person) -> QuerySet[Contact]:
    return Contact.objects.filter(person=person).prefetch_related("topics").order_by("-received_at")


def with_topic(found: QuerySet[Contact], code: str) -> QuerySet[Contact]:
    """Those of ``found`` about the topic with this code (through the narrow topic table,
    not a join of the contacts)."""
    return found.filter(pk__in=ContactTopic.objects.filter(topic__code=code).values("contact_id"))
