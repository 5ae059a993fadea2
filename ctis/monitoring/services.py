"""Writes of monitoring: the signals (reference data and the analysts' edits), items
recorded and screened, near-duplicates grouped, triage steps and other actions taken."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import regex
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError
from rapidfuzz import fuzz

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.core import identifiers
from ctis.core.errors import require_permission
from ctis.core.locking import bump, check_version
from ctis.core.states import Machine, Step, has_perm
from ctis.monitoring import alerts, language, selectors
from ctis.monitoring.inputs import ItemInput, SignalInput
from ctis.monitoring.models import (
    ACTION_NAMES,
    Action,
    Category,
    Item,
    ItemIdentifier,
    ItemSketch,
    Label,
    Signal,
    TriageState,
)
from ctis.monitoring.screen import RISKY_AT, fold

DATA = Path(__file__).resolve().parent / "data"

# Near-duplicates: the same advertisement reposted, among the items of the last half-year
# that share a blocking key or an identifier with the new one.
DUPLICATE_WINDOW_DAYS = 180
DUPLICATE_CANDIDATES = 50
DUPLICATE_RATIO = 90
DUPLICATE_LENGTH_RATIO = 0.6

MAX_SCREENSHOT_BYTES = 10 * 1024 * 1024

_triage = has_perm("monitoring.triage_items")
OPEN = frozenset({TriageState.NEW, TriageState.REVIEW})
TRIAGE_STEPS = Machine(
    [
        Step(
            "review",
            frozenset({TriageState.NEW}),
            TriageState.REVIEW,
            gettext_lazy("taken under review"),
            _triage,
        ),
        Step(
            "refer",
            OPEN,
            TriageState.REFERRED,
            gettext_lazy("referred to the police unit"),
            _triage,
        ),
        Step(
            "block",
            OPEN | {TriageState.REFERRED},
            TriageState.BLOCKING,
            gettext_lazy("sent for blocking"),
            _triage,
        ),
        Step("close", OPEN, TriageState.CLOSED, gettext_lazy("closed without action"), _triage),
        Step(
            "reopen",
            frozenset({TriageState.CLOSED}),
            TriageState.REVIEW,
            gettext_lazy("reopened"),
            _triage,
        ),
    ],
    refused=gettext_lazy("An item that is %(state)s cannot be %(step)s."),
)
# Each decision is a label for the evaluation (ctis monitoring evaluate).
STEP_LABELS = {"refer": Label.RISKY, "block": Label.RISKY, "close": Label.HARMLESS}
ACTION_KINDS = {
    code: ACTION_NAMES[code] for code in ("platform_report", "removed", "escalated", "other")
}


# --- signals ---------------------------------------------------------------------------


def _clean_signal(data: SignalInput) -> tuple[Decimal, list[str], list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        weight = Decimal(str(data.weight).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        weight = Decimal("0")
    if not Decimal("0") < weight < Decimal(str(RISKY_AT)):
        errors["weight"] = [
            _(
                "A weight is more than 0 and less than %(limit)s: no single signal makes an item risky."
            )
            % {"limit": RISKY_AT}
        ]
    patterns = [p.strip() for p in data.patterns if p and p.strip()]
    expressions = [e.strip() for e in data.expressions if e and e.strip()]
    for pattern in patterns:
        if not fold(pattern).text.strip():
            errors.setdefault("patterns", []).append(
                _("%(pattern)s has no letters or digits to match.") % {"pattern": pattern[:60]}
            )
        if len(pattern) > 200:
            errors.setdefault("patterns", []).append(_("A pattern is at most 200 characters."))
    for expression in expressions:
        try:
            regex.compile(expression, regex.V1)
        except regex.error as error:
            errors.setdefault("expressions", []).append(
                _("%(expression)s is not a valid regular expression (%(error)s).")
                % {"expression": expression[:60], "error": error}
            )
    if not patterns and not expressions and not data.test:
        errors.setdefault("patterns", []).append(_("Give at least one pattern or expression."))
    if errors:
        raise ValidationError(errors)
    return weight, patterns, expressions


@transaction.atomic
def signal_save(*, actor: User | None, data: SignalInput, signal: Signal | None = None) -> Signal:
    """Create a signal or change one (an analyst's edit in the UI)."""
    if actor is not None:
        require_permission(actor, "monitoring.manage_signals")
    weight, patterns, expressions = _clean_signal(data)
    before = None
    if signal is None:
        signal = Signal(code=data.code.strip())
    else:
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        before = {
            "weight": str(signal.weight),
            "patterns": len(signal.patterns),
            "active": signal.active,
        }
    signal.name_az, signal.name_ru, signal.name_en = (
        data.name_az.strip(),
        data.name_ru.strip(),
        data.name_en.strip(),
    )
    signal.weight = weight
    signal.patterns = patterns
    signal.expressions = expressions
    signal.test = data.test or ""
    signal.active = data.active
    signal.full_clean()
    signal.save()
    after = {"weight": str(signal.weight), "patterns": len(patterns), "active": signal.active}
    audit_record(
        actor=actor,
        action="monitoring.signal.save",
        obj=signal,
        object_repr=signal.code,
        changes={k: {"before": (before or {}).get(k), "after": v} for k, v in after.items()},
    )
    return signal


@transaction.atomic
def signals_load_reference(*, actor: User | None = None) -> int:
    """The seed signals of ``data/signals.json``: those missing are added; a signal an
    analyst has edited keeps the analyst's version."""
    data = json.loads((DATA / "signals.json").read_text(encoding="utf-8"))
    existing = set(Signal.objects.values_list("code", flat=True))
    added = 0
    for row in data["signals"]:
        if row["code"] in existing:
            continue
        signal = Signal(
            code=row["code"],
            name_az=row["name_az"],
            name_ru=row["name_ru"],
            name_en=row["name_en"],
            weight=Decimal(row["weight"]),
            patterns=row.get("patterns", []),
            expressions=row.get("expressions", []),
            test=row.get("test", ""),
        )
        signal.full_clean()
        signal.save()
        added += 1
    if added:
        audit_record(
            actor=actor,
            action="monitoring.signals.load",
            object_type="monitoring.signal",
            changes={"signals": {"before": len(existing), "after": len(existing) + added}},
        )
    return added


# --- items -------------------------------------------------------------------------------


def _check_screenshot(upload) -> None:
    """Refuse a file that is not an image Pillow can read (whatever its name says)."""
    if upload.size is not None and upload.size > MAX_SCREENSHOT_BYTES:
        raise ValidationError({"screenshot": [_("The screenshot is larger than 10 MB.")]})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            if image.format not in ("PNG", "JPEG", "GIF", "WEBP", "BMP"):
                raise UnidentifiedImageError(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            {
                "screenshot": [
                    _("This file is not an image. Upload a PNG, JPEG, GIF or WebP screenshot.")
                ]
            }
        ) from None
    finally:
        upload.seek(0)


def _check_item(data: ItemInput) -> None:
    errors: dict[str, list[str]] = {}
    try:
        Item._meta.get_field("url").clean(data.url.strip(), None)
    except ValidationError as error:
        errors["url"] = error.messages
    if data.category == Category.CSAM:
        if data.text.strip():
            errors["text"] = [
                _(
                    "Child sexual abuse material is never stored: do not copy its text, keep only the address, the date and the escalation."
                )
            ]
        if data.screenshot:
            errors["screenshot"] = [
                _("Child sexual abuse material is never stored: do not upload a screenshot.")
            ]
        if not data.escalated_to.strip():
            errors["escalated_to"] = [_("Say to which responsible body it was escalated.")]
    elif data.escalated_to.strip():
        errors["escalated_to"] = [
            _("Only child sexual abuse material is escalated from this form.")
        ]
    if data.screenshot and "screenshot" not in errors:
        try:
            _check_screenshot(data.screenshot)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def _near_duplicate(item: Item, keys: list[str], indexes: list[str]) -> Item | None:
    """The closest earlier item whose text is a near-copy of this one's, among the recent
    items sharing a blocking key or an identifier (never all items)."""
    since = item.found_on - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    shared: dict = {}
    for item_id in (
        ItemSketch.objects.filter(key__in=keys, item__found_on__gte=since)
        .exclude(item=item)
        .values_list("item_id", flat=True)
    ):
        shared[item_id] = shared.get(item_id, 0) + 1
    for item_id in (
        ItemIdentifier.objects.filter(index__in=indexes, item__found_on__gte=since)
        .exclude(item=item)
        .values_list("item_id", flat=True)
    ):
        shared[item_id] = shared.get(item_id, 0) + 1
    if not shared:
        return None
    candidates = sorted(shared, key=lambda pk: -shared[pk])[:DUPLICATE_CANDIDATES]
    mine = fold(item.text or "").text.strip()
    best, best_ratio = None, 0.0
    for other in Item.objects.filter(pk__in=candidates).exclude(category=Category.CSAM):
        theirs = fold(other.text or "").text.strip()
        if not theirs or not mine:
            continue
        if min(len(mine), len(theirs)) / max(len(mine), len(theirs)) < DUPLICATE_LENGTH_RATIO:
            continue
        ratio = fuzz.token_set_ratio(mine, theirs)
        if ratio >= DUPLICATE_RATIO and (
            ratio > best_ratio
            or (ratio == best_ratio and best and other.created_at < best.created_at)
        ):
            best, best_ratio = other, ratio
    return best


@transaction.atomic
def item_create(*, actor: User, data: ItemInput) -> Item:
    """Record an item found online or in the media: screened, its identifiers sealed and
    indexed, joined to the group of an earlier near-copy (whose triage it takes)."""
    require_permission(actor, "monitoring.record_items")
    _check_item(data)
    text = data.text.strip() if data.category != Category.CSAM else ""
    found = identifiers.extract(text) if text else []
    result = selectors.screen().screen(text, found) if text else None
    item = Item(
        url=data.url.strip(),
        platform=data.platform,
        category=data.category,
        found_on=data.found_on or timezone.localdate(),
        text=text or None,
        language=data.language or (language.detect(text) if text else ""),
        score=result.score if result else 0.0,
        matches=[
            {"signal": m.signal, "start": m.start, "end": m.end}
            for m in (result.matches if result else [])
        ],
        escalated_to=data.escalated_to.strip(),
        recorded_by=actor,
    )
    if data.screenshot:
        item.screenshot.save("upload", data.screenshot, save=False)
    try:
        item.full_clean()
        item.save()
        _index(item, text, found)
        _group(item, text, found, actor)
        audit_record(
            actor=actor,
            action="monitoring.item.create",
            obj=item,
            object_repr=item.short_id,
            changes={
                "category": {"before": None, "after": item.category},
                "platform": {"before": None, "after": item.platform},
                "score": {"before": None, "after": item.score},
                "identifiers": {"before": None, "after": len(found)},
            },
        )
    except Exception:
        if item.screenshot:
            item.screenshot.delete(save=False)
        raise
    return item


def _index(item: Item, text: str, found: list[identifiers.Found]) -> None:
    ItemIdentifier.objects.bulk_create(
        [
            ItemIdentifier(
                item=item,
                kind=f.identifier.kind,
                value=f.identifier.key,
                index=f.identifier.index,
                start=f.start,
                end=f.end,
            )
            for f in found
        ]
    )
    if text:
        ItemSketch.objects.bulk_create(
            [ItemSketch(item=item, key=key) for key in selectors.sketch_keys(text)]
        )


def _group(item: Item, text: str, found: list[identifiers.Found], actor: User) -> None:
    if not text:
        return
    twin = _near_duplicate(item, selectors.sketch_keys(text), [f.identifier.index for f in found])
    if twin is None:
        return
    leader = twin.group or twin
    if leader.group_id is None:
        Item.objects.filter(pk=leader.pk).update(group=leader)
    item.group = leader
    item.state = leader.state
    item.save(update_fields=["group", "state"])
    Action.objects.create(
        item=item,
        step="grouped",
        before=TriageState.NEW,
        after=item.state,
        taken_on=item.found_on,
        taken_by=actor,
    )


@transaction.atomic
def item_edit(
    *, actor: User, item: Item, language_code: str, category: str, version: int | None = None
) -> Item:
    """Correct the detected language or the category (CSAM is chosen only when recording,
    since such an item keeps nothing but its address). ``version`` is the item's when the
    form was opened (or the client read it); a change since is refused (``StaleVersion``)
    naming who made it and when."""
    require_permission(actor, "monitoring.triage_items")
    locked = Item.objects.select_for_update().get(pk=item.pk)
    check_version(locked, version, explain=selectors.item_changes_since)
    if locked.is_csam:  # its page offers no correction; nor does any other way in
        raise PermissionDenied(
            _("An item of child sexual abuse material keeps only its address: it is not corrected.")
        )
    if (category == Category.CSAM) != locked.is_csam:
        raise ValidationError(
            {
                "category": [
                    _(
                        "Child sexual abuse material is recorded as such from the start, with nothing but its address."
                    )
                ]
            }
        )
    before = {"language": locked.language, "category": locked.category}
    locked.language = language_code
    locked.category = category
    if before == {"language": locked.language, "category": locked.category}:
        return locked
    locked.full_clean()
    bump(locked)
    locked.save()
    audit_record(
        actor=actor,
        action="monitoring.item.edit",
        obj=locked,
        object_repr=locked.short_id,
        changes={
            k: {"before": before[k], "after": getattr(locked, k)}
            for k in before
            if before[k] != getattr(locked, k)
        },
    )
    return locked


@transaction.atomic
def item_step(
    *,
    actor: User,
    item: Item,
    step: str,
    note: str = "",
    taken_on: datetime.date | None = None,
    version: int | None = None,
) -> Item:
    """A triage step on the item and every near-copy in its group, kept as an action
    (and, for a decision, a label); a referral alerts the police unit. ``version`` is the
    item's when it was read: a step or correction since is refused (``StaleVersion``), so
    that two officers do not decide on the same item without seeing each other's step."""
    if step not in TRIAGE_STEPS.steps:
        raise ValidationError({"step": [_("Choose a step.")]})
    TRIAGE_STEPS.check(item, step, actor)
    locked = Item.objects.select_for_update().get(pk=item.pk)
    check_version(locked, version, explain=selectors.item_changes_since)
    before, after = TRIAGE_STEPS.advance(locked, step, actor)
    action = Action(
        item=locked,
        step=step,
        before=before,
        after=after,
        label=STEP_LABELS.get(step, ""),
        note=note.strip() or None,
        taken_on=taken_on or timezone.localdate(),
        taken_by=actor,
    )
    action.full_clean()
    locked.full_clean()
    bump(locked)
    locked.save()
    action.save()
    leader_id = locked.group_id or locked.pk
    Item.objects.filter(group_id=leader_id).exclude(pk=locked.pk).update(
        state=after, version=F("version") + 1, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=f"monitoring.item.{step}",
        obj=locked,
        object_repr=locked.short_id,
        changes={"state": {"before": before, "after": after}},
    )
    if step == "refer":
        alerts.item_referred(item=locked, actor=actor)
    return locked


@transaction.atomic
def item_action_record(
    *, actor: User, item: Item, kind: str, note: str = "", taken_on: datetime.date | None = None
) -> Action:
    """Another action taken on the item, with its date (reported to the platform, removed)."""
    require_permission(actor, "monitoring.triage_items")
    if kind not in ACTION_KINDS:
        raise ValidationError({"kind": [_("Choose what was done.")]})
    action = Action(
        item=item,
        step=kind,
        note=note.strip() or None,
        taken_on=taken_on or timezone.localdate(),
        taken_by=actor,
    )
    action.full_clean()
    action.save()
    audit_record(
        actor=actor,
        action="monitoring.item.action",
        obj=item,
        object_repr=item.short_id,
        changes={"action": {"before": None, "after": kind}},
    )
    return action


@transaction.atomic
def items_rescreen(*, actor: User | None = None) -> int:
    """Screen the open items (new, under review) again with the signals now in use, after
    analysts changed them; returns how many scores changed. One audit entry for the run."""
    if actor is not None:
        require_permission(actor, "monitoring.manage_signals")
    screen = selectors.screen()
    changed = 0
    for item in Item.objects.filter(state__in=OPEN, text__isnull=False).select_for_update():
        found = [
            identifiers.Found(identifiers.Identifier(i.kind, i.value), i.start, i.end)
            for i in item.identifiers.all()
        ]
        result = screen.screen(item.text or "", found)
        matches = [{"signal": m.signal, "start": m.start, "end": m.end} for m in result.matches]
        if result.score != item.score or matches != item.matches:
            item.score, item.matches = result.score, matches
            item.save(update_fields=["score", "matches", "updated_at"])
            changed += 1
    audit_record(
        actor=actor,
        action="monitoring.items.rescreen",
        object_type="monitoring.item",
        changes={"rescored": {"before": None, "after": changed}},
    )
    return changed
