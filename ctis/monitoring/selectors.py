"""Reads of monitoring: the screen built from the signals in use, the queue, an item's
threads (the other items, hotline contacts and persons that share its identifiers), the
labels the evaluation reads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import audit_entries, field_label
from ctis.cases.selectors import persons_with_contact
from ctis.core import crypto
from ctis.core.identifiers import IdentifierKind
from ctis.hotline.selectors import contacts_with_identifier
from ctis.monitoring.access import item_scope
from ctis.monitoring.models import Action, Item, ItemIdentifier, Signal, TriageState
from ctis.monitoring.screen import Screen, SignalSpec, fold

SKETCH_PURPOSE = "monitoring.sketch"
SKETCH_SIZE = 4
SKETCH_MIN_WORD = 4

_cached: tuple[tuple, Screen] | None = None


def spec(signal: Signal) -> SignalSpec:
    return SignalSpec(
        code=signal.code,
        weight=float(signal.weight),
        patterns=tuple(signal.patterns or ()),
        expressions=tuple(signal.expressions or ()),
        check=signal.test or "",
        names={"az": signal.name_az, "ru": signal.name_ru, "en": signal.name_en},
    )


def screen() -> Screen:
    """The screen of the signals in use, built again only when a signal has changed (one
    small query tells)."""
    global _cached
    stamp = tuple(
        Signal.objects.aggregate(
            n=Count("pk"), last=Max("updated_at"), on=Count("pk", filter=Q(active=True))
        ).values()
    )
    if _cached is None or _cached[0] != stamp:
        _cached = (stamp, Screen([spec(s) for s in Signal.objects.filter(active=True)]))
    return _cached[1]


def sketch_keys(text: str) -> list[str]:
    """The blocking keys of a text: the blind indexes of its distinct folded words of four
    letters or more, the ``SKETCH_SIZE`` smallest (a keyed hash orders words at random,
    the same way for every text, so two texts that share most words share their smallest)."""
    words = {word for word in fold(text).text.split() if len(word) >= SKETCH_MIN_WORD}
    keys = sorted(crypto.blind_index(word, purpose=SKETCH_PURPOSE) for word in words)
    return keys[:SKETCH_SIZE]


def queue(user: User, *, state: str = "", category: str = "", platform: str = "") -> QuerySet[Item]:
    """Items the user may see, one row per group (the group's first item), highest score
    first, with the size of each group."""
    items = (
        Item.objects.filter(item_scope(user))
        .filter(Q(group__isnull=True) | Q(group_id=F("pk")))
        .annotate(copies=Count("members", distinct=True))
        .order_by("-score", "-found_on", "pk")
    )
    if state:
        items = items.filter(state=state)
    else:
        items = items.filter(state__in=[TriageState.NEW, TriageState.REVIEW])
    if category:
        items = items.filter(category=category)
    if platform:
        items = items.filter(platform=platform)
    return items


def referred_to_unit(user: User, limit: int = 20) -> list[Item]:
    return list(
        Item.objects.filter(item_scope(user), state=TriageState.REFERRED)
        .filter(Q(group__isnull=True) | Q(group_id=F("pk")))
        .order_by("-updated_at")[:limit]
    )


@dataclass
class Thread:
    """One identifier of an item and everything else that carries it."""

    identifier: ItemIdentifier
    items: list[Item]
    contacts: list
    persons: list


def threads(user: User, item: Item) -> list[Thread]:
    """For each identifier in the item: the other items the user may see with it, the
    hotline contacts the user may see from it, and the persons whose contacts hold it.
    Queries: three, plus two per identifier (an advertisement holds a few)."""
    found = list(item.identifiers.all())
    if not found:
        return []
    indexes = [identifier.index for identifier in found]
    others: dict[str, list[Item]] = {}
    for row in (
        ItemIdentifier.objects.filter(
            index__in=indexes, item__in=Item.objects.filter(item_scope(user))
        )
        .exclude(item=item)
        .select_related("item")
        .order_by("item__found_on")
    ):
        if row.item not in others.setdefault(row.index, []):
            others[row.index].append(row.item)
    by_index: dict[str, list] = {}
    for contact in (
        contacts_with_identifier(user, indexes)
        .select_related("caller")
        .prefetch_related("caller__identifiers")
    ):
        if contact.caller is None:
            continue
        for caller_identifier in contact.caller.identifiers.all():
            if caller_identifier.index in indexes:
                by_index.setdefault(caller_identifier.index, []).append(contact)
    out = []
    seen: set[str] = set()
    for identifier in found:
        if identifier.index in seen:
            continue
        seen.add(identifier.index)
        persons = []
        if identifier.kind in (IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.HANDLE):
            persons = list(persons_with_contact(user, identifier.kind, identifier.value)[:10])
        out.append(
            Thread(
                identifier=identifier,
                items=others.get(identifier.index, []),
                contacts=by_index.get(identifier.index, []),
                persons=persons,
            )
        )
    return out


def triage_labels() -> dict:
    """The last label a triage decision gave each item (risky: referred or blocking
    requested; harmless: closed without action), keyed by the item's id."""
    labels: dict = {}
    for item_id, label in (
        Action.objects.exclude(label="").order_by("taken_at", "id").values_list("item_id", "label")
    ):
        labels[item_id] = label
    return labels


# The audit actions that change an item as a client or a page reads it (its version).
ITEM_CHANGES = (
    "monitoring.item.edit",
    "monitoring.item.review",
    "monitoring.item.refer",
    "monitoring.item.block",
    "monitoring.item.close",
    "monitoring.item.reopen",
)


def item_changes_since(item: Item, version: int) -> str:
    """Why a change at ``version`` is refused (``ctis.core.locking``): who corrected the
    item or took a step on it (or on the first item of its group, whose steps its copies
    follow) since, and when, from the audit log."""
    later = (
        audit_entries({"object_type": "monitoring.item"})
        .filter(object_id__in={str(item.pk), str(item.group_id or item.pk)})
        .filter(action__in=ITEM_CHANGES)[: max(1, item.version - version)]
    )
    changes = [
        _("%(who)s at %(when)s changed: %(fields)s")
        % {
            "who": entry.actor_username or _("the system"),
            "when": date_format(timezone.localtime(entry.created_at), "DATETIME_FORMAT"),
            "fields": ", ".join(field_label("monitoring.item", name) for name in entry.changes),
        }
        for entry in reversed(list(later))
    ]
    return _(
        "Someone saved this %(record)s after you opened it, so your changes were not saved. "
        "Open the record again to see the current values, then make your changes again. %(changes)s"
    ) % {"record": _("monitoring item"), "changes": " ".join(changes)}


def items(
    user: User,
    *,
    state: str = "",
    category: str = "",
    platform: str = "",
    found_from: datetime.date | None = None,
    found_to: datetime.date | None = None,
) -> QuerySet[Item]:
    """Every item the user may see (copies of a group too), without its sealed text: for
    a list that shows the item's labels, score and state."""
    found = Item.objects.filter(item_scope(user)).select_related("recorded_by")
    if state:
        found = found.filter(state=state)
    if category:
        found = found.filter(category=category)
    if platform:
        found = found.filter(platform=platform)
    if found_from:
        found = found.filter(found_on__gte=found_from)
    if found_to:
        found = found.filter(found_on__lte=found_to)
    return found


def item_actions(item: Item) -> QuerySet[Action]:
    """The item's actions as its page lists them, oldest first, with their notes."""
    return Action.objects.with_sealed().filter(item=item).select_related("taken_by")
