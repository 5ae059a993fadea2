"""Creating and editing action plans in the UI: plans, their sections and measures."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.plan.forms_editing import MeasureForm, PlanForm, SectionForm
from ctis.plan.models import ActionPlan, Measure, MeasureBody, Section
from ctis.plan.services import measures, plans, sections


def _require_manage(request) -> None:
    if not request.user.has_perm("plan.manage_plans"):
        raise PermissionDenied(_("You do not have permission to see this page."))


def plan_list(request):
    plan_rows = ActionPlan.objects.annotate(
        section_count=Count("sections", distinct=True),
        measure_count=Count("measures", distinct=True),
    ).order_by("-year_from", "-id")
    return render(
        request,
        "plan/editing/plan_list.html",
        {"plans": plan_rows, "can_manage": request.user.has_perm("plan.manage_plans")},
    )


@once
def plan_create(request):
    _require_manage(request)
    form = PlanForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        source = data.pop("copy_sections_from")
        try:
            if source is None:
                plan = plans.plan_create(actor=request.user, **data)
            else:
                plan = plans.plan_copy_structure(actor=request.user, source=source, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan is created. Now add its sections and measures."))
            return redirect(plan)
    return render(request, "plan/editing/plan_form.html", {"form": form, "plan": None})


def plan_edit(request, pk: int):
    _require_manage(request)
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    plan_sections = plan.sections.order_by("position", "id").prefetch_related(
        Prefetch("measures", queryset=Measure.objects.only("pk", "number", "section_id"))
    )
    return render(
        request,
        "plan/editing/plan_form.html",
        {"form": form, "plan": plan, "sections": plan_sections},
    )


@once
def section_create(request, pk: int):
    _require_manage(request)
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sections.section_create(actor=request.user, plan=plan, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The section is added."))
            return redirect(plan)
    return render(
        request, "plan/editing/section_form.html", {"form": form, "plan": plan, "section": None}
    )


def section_edit(request, pk: int):
    _require_manage(request)
    section = get_object_or_404(Section.objects.select_related("plan"), pk=pk)
    plan = section.plan
    place = list(plan.sections.order_by("position", "id").values_list("pk", flat=True))
    initial = SectionForm.initial_for(section, place.index(section.pk) + 1)
    form = SectionForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            sections.section_update(actor=request.user, section=section, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The section is saved."))
            return redirect(plan)
    return render(
        request, "plan/editing/section_form.html", {"form": form, "plan": plan, "section": section}
    )


@once
def measure_create(request, pk: int):
    _require_manage(request)
    plan = get_object_or_404(ActionPlan, pk=pk)
    # Measures are entered in the plan's order: offer the section of the last one entered.
    last = plan.measures.order_by("-position", "-id").values_list("section_id", flat=True)
    initial = {
        "section": request.GET.get("section")
        or last.first()
        or plan.sections.order_by("position", "id").values_list("pk", flat=True).first()
    }
    form = MeasureForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            measure = measures.measure_create(
                actor=request.user, plan=plan, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Measure %(number)s is added.") % {"number": measure.number}
            )
            if "another" in request.POST:
                url = reverse("plan:measure_create", args=[plan.pk])
                return redirect(f"{url}?section={measure.section_id}")
            return redirect(plan)
    return render(
        request, "plan/editing/measure_form.html", {"form": form, "plan": plan, "measure": None}
    )


def measure_edit(request, pk: int):
    _require_manage(request)
    measure = get_object_or_404(Measure.objects.select_related("plan"), pk=pk)
    plan = measure.plan
    form = MeasureForm(request.POST or None, plan=plan, initial=MeasureForm.initial_for(measure))
    if request.method == "POST" and form.is_valid():
        try:
            measure = measures.measure_update(
                actor=request.user, measure=measure, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Measure %(number)s is saved.") % {"number": measure.number}
            )
            return redirect(plan)
    assigned = measure.bodies.filter(role=MeasureBody.Role.ASSIGNED).select_related("agency")
    return render(
        request,
        "plan/editing/measure_form.html",
        {"form": form, "plan": plan, "measure": measure, "assigned": assigned},
    )
