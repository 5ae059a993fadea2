from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ctis.core import registry
from ctis.core.confirm import confirm_page, confirmed
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import query_int
from ctis.plan import selectors
from ctis.plan.access import access_attachment, access_report
from ctis.plan.forms import (
    AssignForm,
    AttachmentForm,
    IndicatorForm,
    PeriodForm,
    ReportForm,
    ReviewForm,
)
from ctis.plan.models import (
    ActionPlan,
    ImplementationStatus,
    Indicator,
    Measure,
    MeasureReport,
    ReportEvent,
    ReportingPeriod,
    Section,
)
from ctis.plan.services import indicators as indicator_services
from ctis.plan.services import reporting


def _period_from(request, plan: ActionPlan | None) -> ReportingPeriod | None:
    periods = ReportingPeriod.objects.filter(plan=plan).order_by("-year") if plan else None
    if not periods:
        return None
    wanted = query_int(request, "period")
    if wanted is not None:
        return periods.filter(pk=wanted).first() or periods.first()
    return periods.filter(status=ReportingPeriod.Status.OPEN).first() or periods.first()


def home(request):
    """The plan dashboard: the coordinator's overview, or the agency's work list."""
    plan = selectors.current_plan()
    period = _period_from(request, plan)
    context = {
        "plan": plan,
        "period": period,
        "periods": ReportingPeriod.objects.filter(plan=plan) if plan else [],
    }
    # Work waiting covers every open period; a period chosen in the selector filters it.
    chosen = period if query_int(request, "period") is not None else None
    context["filtered"] = chosen is not None
    if plan and period and request.user.has_perm("plan.view_all_reports"):
        context["overview"] = selectors.period_overview(period)
        context["awaiting"] = selectors.reports_awaiting_review(chosen)
        context["overdue"] = selectors.overdue_measures(plan)
    if plan and period and request.user.agency_id and request.user.has_perm("plan.draft_report"):
        rows = selectors.agency_worklist(request.user.agency, period)
        context["worklist"] = rows
        context["returned"] = list(
            selectors.agency_open_reports(request.user.agency, MeasureReport.State.RETURNED, chosen)
        )
        context["drafts"] = list(
            selectors.agency_open_reports(request.user.agency, MeasureReport.State.DRAFT, chosen)
        )
    return render(request, "plan/home.html", context)


def plan_detail(request, pk: int):
    plan = get_object_or_404(ActionPlan, pk=pk)
    measures = selectors.measures_with_bodies(plan)
    sections: dict[Section, list[Measure]] = {}
    for measure in measures:
        sections.setdefault(measure.section, []).append(measure)
    return render(
        request,
        "plan/plan_detail.html",
        {"plan": plan, "sections": sections, "goals": plan.goals.all()},
    )


@once
def measure_detail(request, pk: int):
    measure = get_object_or_404(Measure.objects.select_related("plan", "section"), pk=pk)
    bodies = measure.bodies.select_related("agency").order_by("role", "position")
    reports = (
        selectors.visible_reports(request.user)
        .filter(measure=measure)
        .order_by("-period__year", "agency__name_az")
    )
    generic = [
        b.name_as_written
        for b in bodies
        if b.agency_id is None and selectors.is_generic(b.name_as_written)
    ]
    form = None
    if request.method == "POST" and not request.user.has_perm("plan.assign_bodies"):
        raise PermissionDenied(_("Only the coordinator assigns agencies to measures."))
    if request.user.has_perm("plan.assign_bodies"):
        form = AssignForm(request.POST or None, generic_entries=generic)
        if request.method == "POST" and form.is_valid():
            try:
                reporting.measure_assign_agency(
                    actor=request.user,
                    measure=measure,
                    agency=form.cleaned_data["agency"],
                    for_entry=form.cleaned_data["for_entry"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The agency is now answerable for this measure."))
                return redirect(measure)
    period = _period_from(request, measure.plan)
    can_report = (
        period is not None
        and period.is_open
        and request.user.has_perm("plan.draft_report")
        and any(b.agency_id == request.user.agency_id for b in bodies)
    )
    return render(
        request,
        "plan/measure_detail.html",
        {
            "measure": measure,
            "bodies": bodies,
            "reports": reports,
            "assign_form": form,
            "period": period,
            "can_report": can_report,
            "indicators": selectors.measure_indicators(measure),
        },
    )


@once
def period_list(request):
    plan = selectors.current_plan()
    form = None
    if request.method == "POST" and not request.user.has_perm("plan.manage_periods"):
        raise PermissionDenied(_("Only the coordinator opens reporting periods."))
    if request.user.has_perm("plan.manage_periods") and plan:
        form = PeriodForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                period = reporting.period_open(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Reporting period %(year)d is open.") % {"year": period.year}
                )
                return redirect(period)
    periods = ReportingPeriod.objects.filter(plan=plan).order_by("-year") if plan else []
    return render(
        request, "plan/period_list.html", {"plan": plan, "periods": periods, "form": form}
    )


def period_detail(request, pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk)
    context = {"period": period, "status_choices": ImplementationStatus.choices}
    if request.user.has_perm("plan.view_all_reports"):
        context["overview"] = selectors.period_overview(period)
        context["my_documents"] = selectors.my_document_jobs(request.user, period)
    if request.user.agency_id and request.user.has_perm("plan.draft_report"):
        context["worklist"] = selectors.agency_worklist(request.user.agency, period)
    return render(request, "plan/period_detail.html", context)


@require_POST
def period_status(request, pk: int):
    period = get_object_or_404(ReportingPeriod, pk=pk)
    closing = request.POST.get("status") == ReportingPeriod.Status.CLOSED and period.is_open
    if closing and request.user.has_perm("plan.manage_periods") and not confirmed(request):
        return confirm_page(
            request,
            title=_("Close the reporting period %(year)d") % {"year": period.year},
            what=_(
                "Once the period is closed, no agency can draft, change or submit a report "
                "for %(year)d, and reports waiting for review can no longer be returned or "
                "accepted."
            )
            % {"year": period.year},
            undone=_(
                "This cannot be undone by the agencies: only the coordinator can reopen the period."
            ),
            button=_("Close the period"),
            back=period.get_absolute_url(),
        )
    try:
        reporting.period_set_status(
            actor=request.user, period=period, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(period)


def report_list(request):
    reports = selectors.visible_reports(request.user).order_by(
        "-period__year", "measure__position", "agency__name_az"
    )
    state = request.GET.get("state", "")
    if state in MeasureReport.State.values:
        reports = reports.filter(state=state)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "plan/report_list.html",
        {"page": page, "state": state, "states": MeasureReport.State.choices},
    )


@once
def report_new(request, period_pk: int, measure_pk: int):
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    measure = get_object_or_404(Measure, pk=measure_pk, plan_id=period.plan_id)
    if not request.user.has_perm("plan.draft_report") or request.user.agency_id is None:
        raise PermissionDenied(_("Only agency reporters and heads draft reports."))
    existing = MeasureReport.objects.filter(
        period=period, measure=measure, agency_id=request.user.agency_id
    ).first()
    if existing and request.method == "GET":
        return redirect(existing)
    if not period.is_open:
        return _refused_form(
            request,
            _("The reporting period %(year)d is closed; no report can be drafted for it.")
            % {"year": period.year},
            measure.get_absolute_url(),
        )
    # Other modules may offer figures from their own records (the events of ctis.outreach).
    suggested = (
        registry.suggested_figures(measure, request.user.agency, period.year)
        if request.method == "GET"
        else []
    )
    form = ReportForm(
        request.POST or None,
        figures=suggested,
        indicators=selectors.report_indicators(measure, request.user.agency),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = reporting.report_create(
                actor=request.user,
                period=period,
                measure=measure,
                agency=request.user.agency,
                status=form.cleaned_data["status"],
                narrative=form.cleaned_data["narrative"],
                figures=form.figures(),
                indicator_values=form.indicator_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(report)
    return render(
        request,
        "plan/report_form.html",
        {
            "form": form,
            "measure": measure,
            "period": period,
            "report": None,
            "suggested": suggested,
        },
    )


@once
def report_detail(request, pk):
    report = access_report(request.user, pk)
    user = request.user
    own = user.agency_id == report.agency_id
    # A closed period takes no step; otherwise the table says which this user may take.
    steps = reporting.REPORT_STEPS.allowed(report, user) if report.period.is_open else []
    context = {
        "report": report,
        "figures": report.figures.all(),
        "indicator_rows": selectors.report_indicator_rows(report),
        "attachments": report.attachments.all(),
        "events": report.events.select_related("actor"),
        "can_edit": own
        and report.is_editable
        and report.period.is_open
        and user.has_perm("plan.draft_report"),
        "steps": steps,
        "can_submit": "submit" in steps,
        "can_review": "return" in steps or "accept" in steps,
        "review_form": ReviewForm(),
        "attachment_form": AttachmentForm(),
    }
    if request.method == "POST" and context["can_edit"]:
        form = AttachmentForm(request.POST, request.FILES)
        context["attachment_form"] = form
        if form.is_valid():
            try:
                reporting.report_attach(actor=user, report=report, upload=form.cleaned_data["file"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The file is attached."))
                return redirect(report)
    return render(request, "plan/report_detail.html", context)


def _refused_form(request, reason: str, back: str, report: MeasureReport | None = None):
    """The form is refused when it is opened, with the reason, not after the user typed;
    a post to it is refused on the same page, saying that nothing was saved."""
    context: dict[str, object] = {"reason": reason, "back": back, "report": report}
    context["posted"] = request.method == "POST"
    if report is not None:
        context["figures"] = report.figures.all()
        context["indicator_rows"] = selectors.report_indicator_rows(report)
    return render(request, "plan/report_refused.html", context)


def _why_not_editable(report: MeasureReport) -> str | None:
    if not report.period.is_open:
        return _("The reporting period %(year)d is closed; reports can no longer be changed.") % {
            "year": report.period.year
        }
    if report.state == MeasureReport.State.SUBMITTED:
        event = (
            report.events.filter(action=ReportEvent.Action.SUBMIT)
            .select_related("actor")
            .order_by("-at")
            .first()
        )
        if event is not None:
            return _(
                "This report was submitted on %(date)s by %(who)s and waits for the "
                "coordinator's review; it cannot be edited now. The coordinator may return "
                "it to your agency for correction."
            ) % {"date": date_format(localtime(event.at), "DATETIME_FORMAT"), "who": event.actor}
        return _(
            "This report was submitted and waits for the coordinator's review; it cannot be "
            "edited now. The coordinator may return it to your agency for correction."
        )
    if not report.is_editable:
        return _("This report is %(state)s and can no longer be edited.") % {
            "state": report.get_state_display().lower()
        }
    return None


def report_edit(request, pk):
    report = access_report(request.user, pk, for_change=True)
    why = _why_not_editable(report)
    if why is not None:
        return _refused_form(request, why, report.get_absolute_url(), report)
    figures = list(report.figures.all())
    suggested = []
    if not figures and request.method == "GET":  # a report without figures starts with others'
        suggested = registry.suggested_figures(report.measure, report.agency, report.period.year)
    initial = {"status": report.status, "narrative": report.narrative, "version": report.version}
    form = ReportForm(
        request.POST or None,
        initial=initial,
        figures=figures or suggested,
        editing=True,
        indicators=selectors.report_indicators(report.measure, report.agency, report),
        indicator_values={
            (v.indicator_id, v.category): v.value for v in report.indicator_values.all()
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            reporting.report_update(
                actor=request.user,
                report=report,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                narrative=form.cleaned_data["narrative"],
                figures=form.figures(),
                indicator_values=form.indicator_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is saved."))
            return redirect(report)
    return render(
        request,
        "plan/report_form.html",
        {
            "form": form,
            "measure": report.measure,
            "period": report.period,
            "report": report,
            "suggested": suggested,
        },
    )


# Lazy: a module-level gettext would be translated once, at import, in whatever language
# was active then, and every user would read that.
STEP_MESSAGES = {
    "submit": gettext_lazy("The report is submitted to the coordinator."),
    "return": gettext_lazy("The report is returned to the agency."),
    "accept": gettext_lazy("The report is accepted."),
}


@require_POST
def report_step(request, pk, step: str):
    report = access_report(request.user, pk)
    comment = request.POST.get("comment", "")
    services = {
        "submit": lambda: reporting.report_submit(actor=request.user, report=report),
        "return": lambda: reporting.report_return(
            actor=request.user, report=report, comment=comment
        ),
        "accept": lambda: reporting.report_accept(
            actor=request.user, report=report, comment=comment
        ),
    }
    if step not in services:
        raise PermissionDenied(_("Unknown step."))
    may = step in reporting.REPORT_STEPS.allowed(report, request.user) and report.period.is_open
    if step == "submit" and may and not confirmed(request):
        return confirm_page(
            request,
            title=_("Submit the report on measure %(number)s") % {"number": report.measure.number},
            what=_(
                "The report of %(agency)s on measure %(number)s for %(year)d goes to the "
                "National Coordinator's secretariat. Once submitted, your agency can no longer "
                "change it unless the coordinator returns it for correction."
            )
            % {
                "agency": report.agency.short_name,
                "number": report.measure.number,
                "year": report.period.year,
            },
            button=_("Approve and submit"),
            back=report.get_absolute_url(),
        )
    try:
        services[step]()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(STEP_MESSAGES[step]))
    return redirect(report)


def attachment_download(request, pk: int):
    attachment = access_attachment(request.user, pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
def attachment_delete(request, pk: int):
    attachment = access_attachment(request.user, pk, for_change=True)
    report = attachment.report
    try:
        reporting.report_detach(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file is removed."))
    return redirect(report)


@once
def indicator_list(request):
    """The coordinator's catalogue of indicators: the list, and a form to add one or
    change the one chosen (``?code=``)."""
    if not request.user.has_perm("plan.manage_indicators"):
        raise PermissionDenied(_("Only the coordinator manages the catalogue of indicators."))
    plan = selectors.current_plan()
    code = request.GET.get("code", "")
    indicator = Indicator.objects.filter(code=code).first() if code else None
    initial: dict[str, object] = {"is_active": True}
    if indicator is not None:
        initial = {
            name: getattr(indicator, name)
            for name in IndicatorForm.base_fields
            if name not in ("measures", "agencies")
        }
        initial["measures"] = list(indicator.measures.values_list("pk", flat=True))
        initial["agencies"] = list(indicator.agencies.values_list("pk", flat=True))
    form = IndicatorForm(request.POST or None, initial=initial, plan=plan, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = indicator_services.indicator_save(
                actor=request.user,
                **{**data, "measures": list(data["measures"]), "agencies": list(data["agencies"])},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator “%(name)s” saved.") % {"name": saved.name})
            return redirect("plan:indicator_list")
    return render(
        request,
        "plan/indicator_list.html",
        {"indicators": selectors.indicator_catalogue(), "form": form, "editing": indicator},
    )
