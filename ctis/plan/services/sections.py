"""The sections of a plan, and the order of the measures in them."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.core.locking import bump, lock_version, refusing_twins
from ctis.plan.models import ActionPlan, Measure, Section
from ctis.plan.services._editing import clean_number, number_key, raise_with_model_errors

SECTION_FIELDS = ["number", "title", "position"]


def _check_section(section: Section) -> None:
    """Refuse the section's number when another section of the plan has it, with the
    model's own field errors (run again by ``refusing_twins`` when a twin was saved)."""
    raise_with_model_errors(section, _section_errors(section))


def _section_errors(section: Section) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = defaultdict(list)
    if (
        section.number
        and Section.objects.filter(plan_id=section.plan_id, number=section.number)
        .exclude(pk=section.pk)
        .exists()
    ):
        errors["number"].append(
            _("Section %(number)s already exists in this plan; give another number.")
            % {"number": section.number}
        )
    return errors


def lock_structure(plan_id: int) -> None:
    """Lock the plan's row for this transaction: an edit of its sections or measures may
    renumber the positions of all of them, so two such edits at the same moment would each
    hold rows the other needs (a deadlock); they take their turns on the plan instead.
    Taken before any section or measure row."""
    list(ActionPlan.objects.select_for_update().filter(pk=plan_id).values_list("pk", flat=True))


def _place_section(section: Section, index: int) -> None:
    """Put ``section`` at ``index`` (0 = first) among its plan's sections; number them 0…n-1."""
    others = list(
        Section.objects.filter(plan_id=section.plan_id)
        .exclude(pk=section.pk)
        .order_by("position", "id")
    )
    others.insert(max(0, min(index, len(others))), section)
    changed = []
    for position, row in enumerate(others):
        if row.position != position or row is section:
            row.position = position
            changed.append(row)
    Section.objects.bulk_update(changed, ["position"])


def resequence_measures(plan: ActionPlan, placed: Measure | None = None) -> None:
    """Keep the plan's measures in section order.

    Within a section the measures keep their order; ``placed`` (new, renumbered or moved)
    goes in by its number.
    """
    sections = list(plan.sections.order_by("position", "id").values_list("pk", flat=True))
    by_section: dict[int, list[Measure]] = defaultdict(list)
    others = plan.measures.only("pk", "section_id", "number", "position").order_by("position", "id")
    for measure in others:
        if placed is None or measure.pk != placed.pk:
            by_section[measure.section_id].append(measure)
    if placed is not None:
        siblings = by_section[placed.section_id]
        key = number_key(placed.number)
        index = next(
            (i for i, m in enumerate(siblings) if number_key(m.number) > key), len(siblings)
        )
        siblings.insert(index, placed)
    ordered = [m for pk in sections for m in by_section.get(pk, [])]
    changed = []
    for position, measure in enumerate(ordered):
        if measure.position != position:
            measure.position = position
            changed.append(measure)
    Measure.objects.bulk_update(changed, ["position"])


@transaction.atomic
def section_create(
    *, actor: User, plan: ActionPlan, number: str, title: str, position: int | None = None
) -> Section:
    """Add a section to ``plan``; at the end unless ``position`` (0 = first) says where."""
    require_permission(actor, "plan.manage_plans")
    lock_structure(plan.pk)
    section = Section(
        plan=plan,
        number=clean_number(number),
        title=" ".join(title.split()),
        position=(plan.sections.aggregate(last=Max("position"))["last"] or 0) + 1,
    )
    check = partial(_check_section, section)
    check()
    with refusing_twins(check):
        section.full_clean()
        section.save()
    if position is not None:
        _place_section(section, position)
        resequence_measures(plan)
    audit_record(
        actor=actor,
        action="plan.section.create",
        obj=section,
        changes=diff({}, snapshot(section, SECTION_FIELDS)),
    )
    return section


@transaction.atomic
def section_update(
    *,
    actor: User,
    section: Section,
    number: str,
    title: str,
    position: int,
    version: int | None = None,
) -> Section:
    """Renumber, retitle or move a section (``position``: its place, 0 = first); refused
    when someone saved it after it was opened at ``version``."""
    require_permission(actor, "plan.manage_plans")
    lock_structure(section.plan_id)
    section = lock_version(
        Section.objects.select_related("plan"),
        section.pk,
        version,
        explain=partial(changes_since, label=_("section")),
    )
    before = snapshot(section, SECTION_FIELDS)
    section.number = clean_number(number)
    section.title = " ".join(title.split())
    check = partial(_check_section, section)
    check()
    bump(section)
    with refusing_twins(check):  # the same number given to another section at once
        section.full_clean()
        section.save()
    _place_section(section, position)
    resequence_measures(section.plan)
    changes = diff(before, snapshot(section, SECTION_FIELDS))
    if changes:
        audit_record(actor=actor, action="plan.section.update", obj=section, changes=changes)
    return section
