"""Adding and changing the measures of a plan, with their bodies."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.plan.models import ActionPlan, Measure, MeasureBody, Section
from ctis.plan.selectors import agency_index
from ctis.plan.services._editing import clean_lines, clean_number, raise_with_model_errors
from ctis.plan.services.bodies import body_names_resolve, own_bodies
from ctis.plan.services.sections import lock_structure, resequence_measures

MEASURE_FIELDS = [
    "section_id",
    "number",
    "title",
    "deadline_regular",
    "deadline_from",
    "deadline_to",
    "involving",
]


def _measure_write(
    *,
    measure: Measure,
    plan: ActionPlan,
    section: Section,
    number: str,
    title: str,
    deadline_regular: bool,
    deadline_from: int | None,
    deadline_to: int | None,
    bodies: list[str],
    involving: list[str],
    recommended: list[str],
) -> None:
    """Validate everything, then save the measure and replace the plan's own bodies."""
    errors: dict[str, list[str]] = defaultdict(list)
    moved = measure.pk is None or (measure.section_id, measure.number) != (
        section.pk,
        clean_number(number),
    )
    measure.plan = plan
    measure.section = section
    measure.number = clean_number(number)
    measure.title = (title or "").strip()
    measure.involving = clean_lines(involving)
    measure.deadline_regular = bool(deadline_regular)
    if measure.deadline_regular:
        measure.deadline_from = measure.deadline_to = None
    else:
        measure.deadline_from, measure.deadline_to = deadline_from, deadline_to

    if section.plan_id != plan.pk:
        errors["section"].append(
            _("Section %(number)s belongs to another plan.") % {"number": section.number}
        )
    if (
        measure.number
        and Measure.objects.filter(plan=plan, number=measure.number).exclude(pk=measure.pk).exists()
    ):
        errors["number"].append(
            _("Measure %(number)s already exists in this plan; give another number.")
            % {"number": measure.number}
        )
    if not measure.deadline_regular:
        first, last = measure.deadline_from, measure.deadline_to
        if first is None:
            errors["deadline_from"].append(
                _("Give the deadline's first year, or mark the measure as regular.")
            )
        elif not plan.year_from <= first <= plan.year_to:
            errors["deadline_from"].append(
                _("The deadline's first year, %(year)d, lies outside the plan's period %(period)s.")
                % {"year": first, "period": plan.period_label}
            )
        if last is None:
            errors["deadline_to"].append(
                _("Give the deadline's last year, or mark the measure as regular.")
            )
        elif not plan.year_from <= last <= plan.year_to:
            errors["deadline_to"].append(
                _("The deadline's last year, %(year)d, lies outside the plan's period %(period)s.")
                % {"year": last, "period": plan.period_label}
            )
        elif first is not None and last < first:
            errors["deadline_to"].append(
                _("The deadline's last year cannot come before its first year (%(year)d).")
                % {"year": first}
            )

    index = agency_index()
    seen: dict[object, str] = {}
    executing = body_names_resolve("bodies", bodies, index, seen, errors)
    participants = body_names_resolve("recommended", recommended, index, seen, errors)
    if not executing:
        errors["bodies"].append(_("Name at least one executing body."))
    own = {agency.pk for _name, agency in executing + participants if agency is not None}
    if measure.pk is not None:
        kept = set(
            measure.bodies.filter(role=MeasureBody.Role.ASSIGNED, agency__isnull=False).values_list(
                "agency_id", flat=True
            )
        )
        reported = (
            Agency.objects.filter(measure_reports__measure=measure)
            .exclude(pk__in=own | kept)
            .distinct()
        )
        if reported:
            errors["bodies"].append(
                _("%(agencies)s already reported on this measure and must stay among its bodies.")
                % {"agencies": ", ".join(a.short_name for a in reported)}
            )

    raise_with_model_errors(measure, errors)
    measure.full_clean()
    measure.save()
    if moved:
        resequence_measures(plan, measure)

    measure.bodies.exclude(role=MeasureBody.Role.ASSIGNED).delete()
    # An agency the coordinator had assigned is now one of the plan's own bodies.
    measure.bodies.filter(role=MeasureBody.Role.ASSIGNED, agency_id__in=own).delete()
    for role, rows in (
        (MeasureBody.Role.EXECUTING, executing),
        (MeasureBody.Role.RECOMMENDED, participants),
    ):
        for position, (name, agency) in enumerate(rows):
            body = MeasureBody(
                measure=measure, role=role, position=position, name_as_written=name, agency=agency
            )
            body.full_clean()
            body.save()


@transaction.atomic
def measure_create(
    *,
    actor: User,
    plan: ActionPlan,
    section: Section,
    number: str,
    title: str,
    deadline_regular: bool = False,
    deadline_from: int | None = None,
    deadline_to: int | None = None,
    bodies: list[str],
    involving: list[str] | None = None,
    recommended: list[str] | None = None,
) -> Measure:
    """Add a measure; ``bodies`` are the executing bodies as the plan writes them, in order.

    Every name must be a registry agency (by any of its spellings) or a generic entry such
    as "digər aidiyyəti dövlət orqanları"; otherwise nothing is saved.
    """
    require_permission(actor, "plan.manage_plans")
    lock_structure(plan.pk)
    measure = Measure()
    _measure_write(
        measure=measure,
        plan=plan,
        section=section,
        number=number,
        title=title,
        deadline_regular=deadline_regular,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
        bodies=bodies,
        involving=involving or [],
        recommended=recommended or [],
    )
    audit_record(
        actor=actor,
        action="plan.measure.create",
        obj=measure,
        changes=diff({}, {**snapshot(measure, MEASURE_FIELDS), **own_bodies(measure)}),
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    actor: User,
    measure: Measure,
    section: Section,
    number: str,
    title: str,
    deadline_regular: bool = False,
    deadline_from: int | None = None,
    deadline_to: int | None = None,
    bodies: list[str],
    involving: list[str] | None = None,
    recommended: list[str] | None = None,
) -> Measure:
    """Change a measure. The plan's own bodies are replaced; bodies the coordinator
    assigned stay (unless the plan now names them itself)."""
    require_permission(actor, "plan.manage_plans")
    lock_structure(measure.plan_id)
    measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
    before = {**snapshot(measure, MEASURE_FIELDS), **own_bodies(measure)}
    _measure_write(
        measure=measure,
        plan=measure.plan,
        section=section,
        number=number,
        title=title,
        deadline_regular=deadline_regular,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
        bodies=bodies,
        involving=involving or [],
        recommended=recommended or [],
    )
    changes = diff(before, {**snapshot(measure, MEASURE_FIELDS), **own_bodies(measure)})
    if changes:
        audit_record(actor=actor, action="plan.measure.update", obj=measure, changes=changes)
    return measure
