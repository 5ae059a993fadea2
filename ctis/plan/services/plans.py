"""Creating, loading and editing action plans, their sections, measures and bodies."""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.plan.models import ActionPlan, Measure, MeasureBody, PlanGoal, Section
from ctis.plan.textimport import GENERIC_BODIES, normalise_body_name

OFFICIAL_PLAN = Path(__file__).resolve().parent.parent / "data" / "nap-2020-2024.json"


def _key(name: str) -> str:
    return normalise_body_name(name).casefold()


def agency_index() -> dict[str, Agency]:
    """Every spelling by which a plan may name an agency, normalised, → the agency."""
    index: dict[str, Agency] = {}
    for agency in Agency.objects.all():
        for name in [agency.name_az, *agency.plan_names]:
            index[_key(name)] = agency
    return index


def is_generic(name: str) -> bool:
    return _key(name) in {_key(g) for g in GENERIC_BODIES}


def resolve_bodies(
    names: list[str], index: dict[str, Agency]
) -> tuple[list[Agency | None], list[str]]:
    """The agency for each body name (None for a generic entry), and the names matching none."""
    agencies: list[Agency | None] = []
    unknown: list[str] = []
    for name in names:
        agency = index.get(_key(name))
        if agency is None and not is_generic(name):
            unknown.append(name)
        agencies.append(agency)
    return agencies, unknown


@transaction.atomic
def plan_load(*, actor, data: dict) -> ActionPlan:
    """Create or update a plan from the export/fixture structure; all or nothing.

    Bodies that a coordinator assigned stay; the plan's own bodies are replaced.
    """
    index = agency_index()
    unknown: list[str] = []
    for measure in data.get("measures", []):
        for names in (
            measure.get("executing_bodies", []),
            measure.get("recommended_participants", []),
        ):
            unknown += [f"{measure['number']}: {name}" for name in resolve_bodies(names, index)[1]]
    if unknown:
        raise ValidationError(
            _(
                "These bodies are not in the agency registry: %(names)s. Add them as agencies "
                "(with the plan's spelling) and load the plan again."
            )
            % {"names": "; ".join(unknown)}
        )
    if not data.get("measures"):
        raise ValidationError(_("The plan has no measures."))
    meta = data["plan"]
    plan, created = ActionPlan.objects.get_or_create(
        year_from=meta["period"]["from"],
        year_to=meta["period"]["to"],
        title=meta["title"],
        defaults={"order_number": meta.get("order_number", "")},
    )
    plan.order_number = meta.get("order_number", "")
    plan.order_date = (
        datetime.date.fromisoformat(meta["order_date"]) if meta.get("order_date") else None
    )
    plan.full_clean()
    plan.save()
    for goal in data.get("goals", []):
        PlanGoal.objects.update_or_create(
            plan=plan, number=goal["number"], defaults={"kind": goal["kind"], "text": goal["text"]}
        )
    sections = {}
    for position, row in enumerate(data.get("sections", [])):
        sections[row["number"]], _created = Section.objects.update_or_create(
            plan=plan, number=row["number"], defaults={"title": row["title"], "position": position}
        )
    for position, row in enumerate(data["measures"]):
        deadline = row["deadline"]
        measure, _created = Measure.objects.update_or_create(
            plan=plan,
            number=row["number"],
            defaults={
                "section": sections[row["section"]],
                "title": row["title"],
                "position": position,
                "deadline_regular": bool(deadline.get("regular")),
                "deadline_from": deadline.get("from"),
                "deadline_to": deadline.get("to"),
                "involving": row.get("involving", []),
            },
        )
        measure.full_clean()
        measure.bodies.exclude(role=MeasureBody.Role.ASSIGNED).delete()
        for role, names in (
            (MeasureBody.Role.EXECUTING, row.get("executing_bodies", [])),
            (MeasureBody.Role.RECOMMENDED, row.get("recommended_participants", [])),
        ):
            agencies, _unknown = resolve_bodies(names, index)
            for body_position, (name, agency) in enumerate(zip(names, agencies, strict=True)):
                measure.bodies.filter(role=MeasureBody.Role.ASSIGNED, agency=agency).exclude(
                    agency=None
                ).delete()
                MeasureBody.objects.create(
                    measure=measure,
                    role=role,
                    position=body_position,
                    name_as_written=name,
                    agency=agency,
                )
    audit_record(
        actor=actor,
        action="plan.plan.load" if not created else "plan.plan.create",
        obj=plan,
        changes={"measures": {"before": None, "after": len(data["measures"])}},
    )
    return plan


def _official_data() -> dict:
    return json.loads(OFFICIAL_PLAN.read_text(encoding="utf-8"))


def official_plan_present() -> ActionPlan | None:
    meta = _official_data()["plan"]
    return ActionPlan.objects.filter(
        title=meta["title"], year_from=meta["period"]["from"], year_to=meta["period"]["to"]
    ).first()


def plan_load_official(*, actor=None) -> ActionPlan:
    return plan_load(actor=actor, data=_official_data())


# --- editing in the UI ------------------------------------------------------------------
#
# A coordinator creates the next plan and keeps it up to date without code. Each service
# checks ``plan.manage_plans`` itself, validates everything before writing anything (so a
# refused form saves nothing) and audits in the same transaction.

PLAN_FIELDS = [
    "title",
    "title_en",
    "title_ru",
    "order_number",
    "order_date",
    "year_from",
    "year_to",
]
SECTION_FIELDS = ["number", "title", "position"]
MEASURE_FIELDS = [
    "section_id",
    "number",
    "title",
    "deadline_regular",
    "deadline_from",
    "deadline_to",
    "involving",
]


def _raise_with_model_errors(instance, errors: dict[str, list[str]]) -> None:
    """Raise our own errors together with the model's field errors, so the form shows all.

    The database constraints are checked by our own clearer messages first; the final
    ``full_clean()`` before saving still checks them.
    """
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(dict(errors))


def _lines(values) -> list[str]:
    """Entries as a list, each with its white space collapsed; empty ones dropped."""
    return [" ".join(str(v).split()) for v in values or [] if str(v).strip()]


def _number(value: str) -> str:
    # "4.2.1." and "4.2.1" are the same number; the plan's text is not consistent.
    return " ".join((value or "").split()).rstrip(".")


def _number_key(number: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]+", number))


# --- plans -----------------------------------------------------------------------------


def _plan_errors(plan: ActionPlan) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = defaultdict(list)
    first, last = plan.year_from, plan.year_to
    if first is None or last is None:
        return errors
    if last < first:
        errors["year_to"].append(
            _("The last year cannot come before the first year (%(year)d).") % {"year": first}
        )
        return errors
    if (
        ActionPlan.objects.filter(title=plan.title, year_from=first, year_to=last)
        .exclude(pk=plan.pk)
        .exists()
    ):
        errors["title"].append(_("A plan with this title and period already exists."))
    if plan.pk is None:
        return errors
    for field, measures in (
        ("year_from", plan.measures.filter(deadline_regular=False, deadline_from__lt=first)),
        ("year_to", plan.measures.filter(deadline_regular=False, deadline_to__gt=last)),
    ):
        numbers = list(measures.order_by("position").values_list("number", flat=True))
        if numbers:
            errors[field].append(
                _("The deadlines of measures %(numbers)s lie outside %(from)d–%(to)d.")
                % {"numbers": ", ".join(numbers), "from": first, "to": last}
            )
    for field, periods in (
        ("year_from", plan.periods.filter(year__lt=first)),
        ("year_to", plan.periods.filter(year__gt=last)),
    ):
        years = [str(y) for y in periods.order_by("year").values_list("year", flat=True)]
        if years:
            errors[field].append(
                _("Reporting periods %(years)s lie outside %(from)d–%(to)d.")
                % {"years": ", ".join(years), "from": first, "to": last}
            )
    return errors


@transaction.atomic
def plan_create(
    *,
    actor: User,
    title: str,
    title_en: str = "",
    title_ru: str = "",
    order_number: str = "",
    order_date: datetime.date | None = None,
    year_from: int,
    year_to: int,
) -> ActionPlan:
    require_permission(actor, "plan.manage_plans")
    plan = ActionPlan(
        title=" ".join(title.split()),
        title_en=" ".join(title_en.split()),
        title_ru=" ".join(title_ru.split()),
        order_number=order_number.strip(),
        order_date=order_date,
        year_from=year_from,
        year_to=year_to,
    )
    _raise_with_model_errors(plan, _plan_errors(plan))
    plan.full_clean()
    plan.save()
    audit_record(
        actor=actor,
        action="plan.plan.create",
        obj=plan,
        changes=diff({}, snapshot(plan, PLAN_FIELDS)),
    )
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: ActionPlan, **fields) -> ActionPlan:
    """Change the plan's titles, approving order or period (``PLAN_FIELDS``)."""
    require_permission(actor, "plan.manage_plans")
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update() got unexpected fields: {', '.join(sorted(unknown))}")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    before = snapshot(plan, PLAN_FIELDS)
    for name, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        setattr(plan, name, value)
    _raise_with_model_errors(plan, _plan_errors(plan))
    plan.full_clean()
    plan.save()
    changes = diff(before, snapshot(plan, PLAN_FIELDS))
    if changes:
        audit_record(actor=actor, action="plan.plan.update", obj=plan, changes=changes)
    return plan


@transaction.atomic
def plan_copy_structure(
    *,
    actor: User,
    source: ActionPlan,
    title: str,
    title_en: str = "",
    title_ru: str = "",
    order_number: str = "",
    order_date: datetime.date | None = None,
    year_from: int,
    year_to: int,
) -> ActionPlan:
    """A new plan (the next period) with the same sections as ``source``, and no measures."""
    plan = plan_create(
        actor=actor,
        title=title,
        title_en=title_en,
        title_ru=title_ru,
        order_number=order_number,
        order_date=order_date,
        year_from=year_from,
        year_to=year_to,
    )
    numbers = []
    for position, row in enumerate(source.sections.order_by("position", "id")):
        section = Section(plan=plan, number=row.number, title=row.title, position=position)
        section.full_clean()
        section.save()
        numbers.append(section.number)
    audit_record(
        actor=actor,
        action="plan.plan.copy_structure",
        obj=plan,
        changes={
            "source": {"before": None, "after": source.pk},
            "sections": {"before": None, "after": numbers},
        },
    )
    return plan


# --- sections --------------------------------------------------------------------------


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


def _resequence_measures(plan: ActionPlan, placed: Measure | None = None) -> None:
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
        key = _number_key(placed.number)
        index = next(
            (i for i, m in enumerate(siblings) if _number_key(m.number) > key), len(siblings)
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
    section = Section(
        plan=plan,
        number=_number(number),
        title=" ".join(title.split()),
        position=(plan.sections.aggregate(last=Max("position"))["last"] or 0) + 1,
    )
    _raise_with_model_errors(section, _section_errors(section))
    section.full_clean()
    section.save()
    if position is not None:
        _place_section(section, position)
        _resequence_measures(plan)
    audit_record(
        actor=actor,
        action="plan.section.create",
        obj=section,
        changes=diff({}, snapshot(section, SECTION_FIELDS)),
    )
    return section


@transaction.atomic
def section_update(
    *, actor: User, section: Section, number: str, title: str, position: int
) -> Section:
    """Renumber, retitle or move a section (``position``: its place, 0 = first)."""
    require_permission(actor, "plan.manage_plans")
    section = Section.objects.select_for_update().select_related("plan").get(pk=section.pk)
    before = snapshot(section, SECTION_FIELDS)
    section.number = _number(number)
    section.title = " ".join(title.split())
    _raise_with_model_errors(section, _section_errors(section))
    section.full_clean()
    section.save()
    _place_section(section, position)
    _resequence_measures(section.plan)
    changes = diff(before, snapshot(section, SECTION_FIELDS))
    if changes:
        audit_record(actor=actor, action="plan.section.update", obj=section, changes=changes)
    return section


# --- measures --------------------------------------------------------------------------


def _resolve_field(
    field: str,
    names: list[str],
    index: dict[str, Agency],
    seen: dict[object, str],
    errors: dict[str, list[str]],
) -> list[tuple[str, Agency | None]]:
    """Each name with its agency (None if generic); unknown and repeated names are errors."""
    names = [normalise_body_name(n) for n in _lines(names)]
    names = [n for n in names if n]
    agencies, unknown = resolve_bodies(names, index)
    if unknown:
        errors[field].append(
            _(
                "Not in the agency registry: %(names)s. Check the spelling against the "
                "registry's names, or add the body to the registry first."
            )
            % {"names": "; ".join(unknown)}
        )
    for name, agency in zip(names, agencies, strict=True):
        key = agency.pk if agency is not None else _key(name)
        if key in seen:
            errors[field].append(
                _("“%(name)s” names the same body as “%(other)s”; list each body once.")
                % {"name": name, "other": seen[key]}
            )
        else:
            seen[key] = name
    return list(zip(names, agencies, strict=True))


def _own_bodies(measure: Measure) -> dict[str, list[str]]:
    bodies = sorted(
        measure.bodies.exclude(role=MeasureBody.Role.ASSIGNED), key=lambda b: b.position
    )
    return {
        "bodies": [b.name_as_written for b in bodies if b.role == MeasureBody.Role.EXECUTING],
        "recommended": [
            b.name_as_written for b in bodies if b.role == MeasureBody.Role.RECOMMENDED
        ],
    }


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
        _number(number),
    )
    measure.plan = plan
    measure.section = section
    measure.number = _number(number)
    measure.title = (title or "").strip()
    measure.involving = _lines(involving)
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
    executing = _resolve_field("bodies", bodies, index, seen, errors)
    participants = _resolve_field("recommended", recommended, index, seen, errors)
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

    _raise_with_model_errors(measure, errors)
    measure.full_clean()
    measure.save()
    if moved:
        _resequence_measures(plan, measure)

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
        changes=diff({}, {**snapshot(measure, MEASURE_FIELDS), **_own_bodies(measure)}),
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
    measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
    before = {**snapshot(measure, MEASURE_FIELDS), **_own_bodies(measure)}
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
    changes = diff(before, {**snapshot(measure, MEASURE_FIELDS), **_own_bodies(measure)})
    if changes:
        audit_record(actor=actor, action="plan.measure.update", obj=measure, changes=changes)
    return measure
