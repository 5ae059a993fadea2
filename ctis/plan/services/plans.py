"""Creating, loading and editing action plans, their sections, measures and bodies."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency
from ctis.audit.services import audit_record
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
