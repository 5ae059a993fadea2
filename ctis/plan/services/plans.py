"""Creating and changing action plans, and copying one plan's structure into the next."""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.core.locking import bump, lock_version, refusing_twins
from ctis.plan.models import ActionPlan, Section
from ctis.plan.services._editing import raise_with_model_errors

PLAN_FIELDS = [
    "title",
    "title_en",
    "title_ru",
    "order_number",
    "order_date",
    "year_from",
    "year_to",
]


def _check_plan(plan: ActionPlan) -> None:
    """Refuse the plan with our own messages and the model's field errors (run again by
    ``refusing_twins`` when a twin with the same title and years was saved at once)."""
    raise_with_model_errors(plan, _plan_errors(plan))


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
    check = partial(_check_plan, plan)
    check()
    with refusing_twins(check):  # the same title and years given at the same moment
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
def plan_update(
    *, actor: User, plan: ActionPlan, version: int | None = None, **fields
) -> ActionPlan:
    """Change the plan's titles, approving order or period (``PLAN_FIELDS``); refused when
    someone saved the plan after it was opened at ``version``."""
    require_permission(actor, "plan.manage_plans")
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update() got unexpected fields: {', '.join(sorted(unknown))}")
    plan = lock_version(
        ActionPlan.objects, plan.pk, version, explain=partial(changes_since, label=_("action plan"))
    )
    before = snapshot(plan, PLAN_FIELDS)
    for name, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        setattr(plan, name, value)
    check = partial(_check_plan, plan)
    check()
    bump(plan)
    with refusing_twins(check):  # another plan given the same title and years at once
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
