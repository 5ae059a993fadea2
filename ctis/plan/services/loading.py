"""Loading a plan from its export structure, and the official plan the system ships with."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctis.audit.services import audit_record
from ctis.plan.models import ActionPlan, Measure, MeasureBody, PlanGoal, Section
from ctis.plan.selectors import agency_index, official_plan_data, resolve_bodies


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


def plan_load_official(*, actor=None) -> ActionPlan:
    return plan_load(actor=actor, data=official_plan_data())
