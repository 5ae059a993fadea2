"""Reads of the plan module that pages, dashboards, documents and exports share."""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ctis.accounts.models import Agency, User
from ctis.core.models import Job
from ctis.plan.models import (
    CONSOLIDATED_JOB_KIND,
    ActionPlan,
    Category,
    ImplementationStatus,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBody,
    MeasureReport,
    ReportingPeriod,
    Section,
)
from ctis.plan.textimport import GENERIC_BODIES, normalise_body_name

State = MeasureReport.State
RECEIVED_STATES = (State.SUBMITTED, State.RETURNED, State.ACCEPTED)


def current_plan() -> ActionPlan | None:
    """The plan people are reporting on: the one with the newest open period, else the one
    covering this year, else the newest (a draft of the next plan does not take over)."""
    open_period = (
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN)
        .select_related("plan")
        .order_by("-year")
        .first()
    )
    if open_period is not None:
        return open_period.plan
    year = datetime.date.today().year
    plans = ActionPlan.objects.order_by("-year_from", "-id")
    return plans.filter(year_from__lte=year, year_to__gte=year).first() or plans.first()


def measures_with_bodies(plan: ActionPlan) -> QuerySet[Measure]:
    return plan.measures.select_related("section").prefetch_related(
        Prefetch("bodies", queryset=MeasureBody.objects.select_related("agency"))
    )


def agency_measure_bodies(agency: Agency) -> QuerySet[MeasureBody]:
    """The plan measures this agency is named in or assigned to, in the plans' order."""
    return (
        MeasureBody.objects.filter(agency=agency)
        .select_related("measure", "measure__plan")
        .order_by("-measure__plan__year_from", "measure__position", "measure__id")
    )


def plan_export(plan: ActionPlan) -> dict:
    """The plan in the project's JSON exchange shape (also the fixture's shape)."""
    measures = []
    for measure in measures_with_bodies(plan):
        bodies = sorted(measure.bodies.all(), key=lambda b: b.position)
        deadline: dict[str, bool | int | None] = (
            {"regular": True}
            if measure.deadline_regular
            else {"from": measure.deadline_from, "to": measure.deadline_to}
        )
        measures.append(
            {
                "number": measure.number,
                "section": measure.section.number,
                "title": measure.title,
                "executing_bodies": [
                    b.name_as_written for b in bodies if b.role == MeasureBody.Role.EXECUTING
                ],
                "involving": list(measure.involving),
                "deadline": deadline,
                "recommended_participants": [
                    b.name_as_written for b in bodies if b.role == MeasureBody.Role.RECOMMENDED
                ],
                "assigned_agencies": [
                    b.agency.code
                    for b in bodies
                    if b.role == MeasureBody.Role.ASSIGNED and b.agency is not None
                ],
            }
        )
    return {
        "plan": {
            "title": plan.title,
            "order_number": plan.order_number,
            "order_date": plan.order_date.isoformat() if plan.order_date else None,
            "period": {"from": plan.year_from, "to": plan.year_to},
        },
        "goals": [{"kind": g.kind, "number": g.number, "text": g.text} for g in plan.goals.all()],
        "sections": [{"number": s.number, "title": s.title} for s in plan.sections.all()],
        "measures": measures,
    }


def measures_due_in(year: int, prefix: str = "") -> Q:
    """The measures that expect reports for ``year``: those whose deadline includes the
    year, and the regular ("mütəmadi") ones every year (``Measure.expects_reports_in``).
    A measure due 2020–2021 expects nothing for 2022."""
    return Q(**{f"{prefix}deadline_regular": True}) | Q(
        **{f"{prefix}deadline_from__lte": year, f"{prefix}deadline_to__gte": year}
    )


def expected_pairs(period: ReportingPeriod) -> list[tuple[int, int]]:
    """(measure id, agency id) for every report the period expects: each executing or
    assigned body of each measure due in the period's year."""
    return list(
        MeasureBody.objects.filter(
            measures_due_in(period.year, prefix="measure__"),
            measure__plan=period.plan_id,
            agency__isnull=False,
            role__in=[MeasureBody.Role.EXECUTING, MeasureBody.Role.ASSIGNED],
        ).values_list("measure_id", "agency_id")
    )


@dataclass
class Completeness:
    key: Agency | Section | None  # what the row is about; None for the total
    label: str
    expected: int = 0
    received: int = 0
    on_time: int = 0
    accepted: int = 0
    returned: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.received / self.expected) if self.expected else 0

    @property
    def percent_label(self) -> str:
        """The share for people: "<1" rather than a misleading 0 once something arrived."""
        if self.received and self.percent == 0:
            return "<1"
        return str(self.percent)

    @property
    def on_time_percent(self) -> int:
        return round(100 * self.on_time / self.expected) if self.expected else 0


@dataclass
class PeriodOverview:
    period: ReportingPeriod
    by_agency: list[Completeness]
    by_section: list[Completeness]
    total: Completeness
    status_counts: dict[str, int] = field(default_factory=dict)


def period_overview(period: ReportingPeriod) -> PeriodOverview:
    """Completeness (received / expected) and timeliness per agency and per section.

    A report counts as received once it has been submitted, even if it was later returned;
    on time if its first submission was on or before the due date.
    """
    plan = period.plan
    pairs = expected_pairs(period)
    measures = {m.pk: m for m in plan.measures.select_related("section")}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in={a for _m, a in pairs})}
    reports = {
        (r.measure_id, r.agency_id): r
        for r in period.reports.only(
            "period_id", "measure_id", "agency_id", "state", "status", "first_submitted_at"
        )
    }
    by_agency: dict[int, Completeness] = {}
    by_section: dict[int, Completeness] = {}
    total = Completeness(key=None, label="")
    due = period.due_date
    for measure_id, agency_id in pairs:
        measure, agency = measures[measure_id], agencies[agency_id]
        rows = [
            by_agency.setdefault(agency_id, Completeness(agency, agency.short_name)),
            by_section.setdefault(
                measure.section_id,
                Completeness(measure.section, f"{measure.section.number} {measure.section.title}"),
            ),
            total,
        ]
        report = reports.get((measure_id, agency_id))
        first_submitted = report.first_submitted_at if report is not None else None
        received = first_submitted is not None
        on_time = (
            first_submitted is not None and first_submitted.astimezone(datetime.UTC).date() <= due
        )
        for row in rows:
            row.expected += 1
            row.received += received
            row.on_time += on_time
            row.accepted += bool(report and report.state == State.ACCEPTED)
            row.returned += bool(report and report.state == State.RETURNED)
    status_counts = Counter(r.status for r in reports.values() if r.state in RECEIVED_STATES)
    sections_order = {s.pk: s.position for s in plan.sections.all()}
    return PeriodOverview(
        period=period,
        by_agency=sorted(by_agency.values(), key=lambda c: (c.percent, c.label)),
        by_section=[
            by_section[pk] for pk in sorted(by_section, key=lambda pk: sections_order.get(pk, 0))
        ],
        total=total,
        status_counts={s: status_counts.get(s, 0) for s in ImplementationStatus.values},
    )


def overdue_measures(plan: ActionPlan, *, today: datetime.date | None = None) -> QuerySet[Measure]:
    """Measures whose deadline year has passed with no accepted or submitted "implemented" report."""
    today = today or datetime.date.today()
    implemented = MeasureReport.objects.filter(
        status=ImplementationStatus.IMPLEMENTED, state__in=[State.SUBMITTED, State.ACCEPTED]
    ).values("measure_id")
    return (
        plan.measures.filter(deadline_regular=False, deadline_to__lt=today.year)
        .exclude(pk__in=implemented)
        .select_related("section")
    )


def reports_awaiting_review(period: ReportingPeriod | None = None) -> QuerySet[MeasureReport]:
    """Submitted reports in one period, or (none given) in every open period: work does
    not vanish when a newer period is opened."""
    reports = MeasureReport.objects.filter(state=State.SUBMITTED)
    if period is not None:
        reports = reports.filter(period=period)
    else:
        reports = reports.filter(period__status=ReportingPeriod.Status.OPEN)
    return reports.select_related("measure", "agency", "period").order_by("submitted_at")


def agency_open_reports(
    agency: Agency, state: str, period: ReportingPeriod | None = None
) -> QuerySet[MeasureReport]:
    """The agency's reports in ``state`` (drafts, returned ones) in one period, or in
    every open period, oldest period first."""
    reports = MeasureReport.objects.filter(agency=agency, state=state)
    if period is not None:
        reports = reports.filter(period=period)
    else:
        reports = reports.filter(period__status=ReportingPeriod.Status.OPEN)
    return reports.select_related("measure", "period").order_by("period__year", "measure__position")


@dataclass
class AgencyMeasureRow:
    measure: Measure
    report: MeasureReport | None
    expected: bool  # a report is expected for the period: the agency executes it, and it is due
    due: bool = True  # the measure's deadline includes the period's year


def agency_worklist(agency: Agency, period: ReportingPeriod) -> list[AgencyMeasureRow]:
    """The agency's measures in a period with the report (if any) for each."""
    bodies = (
        MeasureBody.objects.filter(measure__plan=period.plan, agency=agency)
        .select_related("measure__section")
        .order_by("measure__position")
    )
    reports = {r.measure_id: r for r in period.reports.filter(agency=agency)}
    seen: set[int] = set()
    rows = []
    for body in bodies:
        if body.measure_id in seen:
            continue
        seen.add(body.measure_id)
        rows.append(
            AgencyMeasureRow(
                body.measure,
                reports.get(body.measure_id),
                body.expects_report and body.measure.expects_reports_in(period.year),
                body.measure.expects_reports_in(period.year),
            )
        )
    return rows


def visible_reports(user: User) -> QuerySet[MeasureReport]:
    """The reports a user may see: their agency's, and (for reviewers) all once submitted."""
    reports = MeasureReport.objects.select_related("measure", "agency", "period")
    if user.has_perm("plan.view_all_reports"):
        return reports.filter(Q(agency_id=user.agency_id) | Q(first_submitted_at__isnull=False))
    if user.has_perm("plan.draft_report") and user.agency_id is not None:
        return reports.filter(agency_id=user.agency_id)
    return reports.none()


def consolidated_rows(period: ReportingPeriod) -> list[dict]:
    """Per section and measure, each executing body's report (or its absence), for documents."""
    reports: defaultdict[int, dict[int, MeasureReport]] = defaultdict(dict)
    for report in (
        period.reports.filter(state__in=RECEIVED_STATES)
        .select_related("agency")
        .prefetch_related("figures", "indicator_values__indicator")
    ):
        reports[report.measure_id][report.agency_id] = report
    sections: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for measure in measures_with_bodies(period.plan):
        if current is None or current["section"].pk != measure.section_id:
            current = {"section": measure.section, "measures": []}
            sections.append(current)
        bodies = [
            b
            for b in sorted(measure.bodies.all(), key=lambda b: (b.role, b.position))
            if b.agency_id is not None
        ]
        current["measures"].append(
            {
                "measure": measure,
                "entries": [
                    {
                        "body": b,
                        "agency": b.agency,
                        "expected": b.expects_report and measure.expects_reports_in(period.year),
                        "recommended": not b.expects_report,
                        "report": reports[measure.pk].get(b.agency_id or 0),
                    }
                    for b in bodies
                ],
            }
        )
    return sections


# Bodies named by plans, and the official plan -----------------------------------------


OFFICIAL_PLAN = Path(__file__).resolve().parent / "data" / "nap-2020-2024.json"


def body_key(name: str) -> str:
    """A body's name as plans and the registry are compared: normalised, case folded."""
    return normalise_body_name(name).casefold()


def agency_index() -> dict[str, Agency]:
    """Every spelling by which a plan may name an agency, normalised, → the agency."""
    index: dict[str, Agency] = {}
    for agency in Agency.objects.all():
        for name in [agency.name_az, *agency.plan_names]:
            index[body_key(name)] = agency
    return index


def is_generic(name: str) -> bool:
    """Whether a body's name is a generic entry ("other relevant bodies"): it names no agency."""
    return body_key(name) in {body_key(g) for g in GENERIC_BODIES}


def resolve_bodies(
    names: list[str], index: dict[str, Agency]
) -> tuple[list[Agency | None], list[str]]:
    """The agency for each body name (None for a generic entry), and the names matching none."""
    agencies: list[Agency | None] = []
    unknown: list[str] = []
    for name in names:
        agency = index.get(body_key(name))
        if agency is None and not is_generic(name):
            unknown.append(name)
        agencies.append(agency)
    return agencies, unknown


def official_plan_data() -> dict:
    """The official plan as committed (``data/nap-2020-2024.json``, ADR 0003)."""
    return json.loads(OFFICIAL_PLAN.read_text(encoding="utf-8"))


def official_plan_present() -> ActionPlan | None:
    meta = official_plan_data()["plan"]
    return ActionPlan.objects.filter(
        title=meta["title"], year_from=meta["period"]["from"], year_to=meta["period"]["to"]
    ).first()


def reportable_agencies(measure: Measure) -> list[int]:
    """The agencies that report on a measure: every body that names an agency."""
    return list(measure.bodies.filter(agency__isnull=False).values_list("agency_id", flat=True))


def my_document_jobs(user: User, period: ReportingPeriod, *, limit: int = 5) -> list[Job]:
    """The user's own consolidated reports of the period still kept, newest first (their
    files unread)."""
    return list(
        Job.objects.defer("content")
        .filter(requested_by=user, kind=CONSOLIDATED_JOB_KIND, params__period=period.pk)
        .order_by("-created_at")[:limit]
    )


# The catalogue of indicators (ADR 0019) ---------------------------------------------------


def indicators_for(measure: Measure, agency: Agency) -> QuerySet[Indicator]:
    """The indicators in use that ``agency`` reports on ``measure``: those tied to the
    measure that name the agency, or name no agency at all."""
    return (
        Indicator.objects.filter(is_active=True, measures=measure)
        .filter(Q(agencies=agency) | Q(agencies__isnull=True))
        .distinct()
        .order_by("position", "code")
    )


def indicator_catalogue() -> QuerySet[Indicator]:
    """The whole catalogue, for the coordinator's page, with measures and agencies."""
    return Indicator.objects.prefetch_related(
        Prefetch("measures", queryset=Measure.objects.order_by("position")),
        Prefetch("agencies", queryset=Agency.objects.order_by("name_az")),
    ).order_by("position", "code")


def measure_indicators(measure: Measure) -> QuerySet[Indicator]:
    """The indicators in use that reports on the measure give, with who reports them."""
    return (
        measure.indicators.filter(is_active=True)
        .prefetch_related(Prefetch("agencies", queryset=Agency.objects.order_by("name_az")))
        .order_by("position", "code")
    )


def report_indicators(
    measure: Measure, agency: Agency, report: MeasureReport | None = None
) -> list[Indicator]:
    """The indicators a report's form offers: those of its measure and agency, and those
    it already holds numbers for (an indicator switched off since keeps them)."""
    held = Q(values__report=report) if report is not None else Q(pk__in=[])
    applies = Q(is_active=True, measures=measure) & (Q(agencies=agency) | Q(agencies__isnull=True))
    return list(Indicator.objects.filter(applies | held).distinct().order_by("position", "code"))


@dataclass
class IndicatorRow:
    """One indicator of a report: its value in each category of its breakdown (None where
    nothing was given) and their total."""

    indicator: Indicator
    values: dict[str, Decimal | None]

    @property
    def total(self) -> Decimal | None:
        given = [v for v in self.values.values() if v is not None]
        return sum(given, Decimal(0)) if given else None

    @property
    def cells(self) -> list[tuple[str, str, Decimal | None]]:
        """(category, its label, value) in the breakdown's order."""
        labels = dict(Category.choices)
        return [(c, str(labels[c]), v) for c, v in self.values.items()]


def report_indicator_rows(
    report: MeasureReport, values: Iterable[IndicatorValue] | None = None
) -> list[IndicatorRow]:
    """The report's numbers by indicator, for its page and documents: one query, or none
    when the caller passes values it prefetched with their indicators."""
    if values is None:
        values = report.indicator_values.select_related("indicator")
    rows: dict[int, IndicatorRow] = {}
    for value in sorted(values, key=lambda v: (v.indicator.position, v.indicator.code)):
        indicator = value.indicator
        row = rows.get(indicator.pk)
        if row is None:
            row = rows[indicator.pk] = IndicatorRow(
                indicator, dict.fromkeys(indicator.categories, None)
            )
        row.values[value.category] = value.value
    return list(rows.values())


COUNTED_STATES = (State.ACCEPTED,)


@dataclass
class IndicatorTotal:
    """An indicator summed over the reports of all agencies: the total, each breakdown
    category's sum, and how many agencies and reports gave a number."""

    indicator: Indicator
    total: Decimal
    agencies: int
    reports: int
    by_category: dict[str, Decimal] = field(default_factory=dict)


def indicator_totals(
    year_from: int, year_to: int | None = None, *, states: tuple[str, ...] = COUNTED_STATES
) -> list[IndicatorTotal]:
    """Every indicator in use, and every other one with numbers, summed over the reports of
    the reporting periods ``year_from``–``year_to`` (one year when ``year_to`` is None).

    Only accepted reports count by default, as the coordinator accepted them: a draft or a
    report waiting for review may still change. Two queries, whatever the number of
    reports and indicators."""
    year_to = year_from if year_to is None else year_to
    counted = Q(
        values__report__state__in=states,
        values__report__period__year__gte=year_from,
        values__report__period__year__lte=year_to,
    )
    indicators = (
        Indicator.objects.annotate(
            total=Sum("values__value", filter=counted),
            agency_count=Count("values__report__agency", filter=counted, distinct=True),
            report_count=Count("values__report", filter=counted, distinct=True),
        )
        .filter(Q(is_active=True) | Q(total__isnull=False))
        .order_by("position", "code")
    )
    by_category: defaultdict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in (
        IndicatorValue.objects.filter(
            report__state__in=states,
            report__period__year__gte=year_from,
            report__period__year__lte=year_to,
        )
        .values("indicator_id", "category")
        .annotate(sum=Sum("value"))
        .order_by()
    ):
        by_category[row["indicator_id"]][row["category"]] = row["sum"]
    return [
        IndicatorTotal(
            indicator=indicator,
            total=indicator.total or Decimal(0),
            agencies=indicator.agency_count,
            reports=indicator.report_count,
            by_category={
                category: by_category[indicator.pk][category]
                for category in indicator.categories
                if category in by_category[indicator.pk]
            },
        )
        for indicator in indicators
    ]


# Codes an agency's system sends (the API: ctis.interop.reports) -------------------------


def measures_by_number(plan: ActionPlan, numbers: Iterable[str]) -> dict[str, Measure]:
    """The plan's measures by their numbers ("4.1.12"); a number the plan lacks is absent."""
    return {m.number: m for m in Measure.objects.filter(plan=plan, number__in=set(numbers))}


def period_of_year(year: int, plan: ActionPlan | None = None) -> ReportingPeriod | None:
    """The reporting period of ``year`` in ``plan`` (the current plan unless told)."""
    plan = plan or current_plan()
    if plan is None:
        return None
    return ReportingPeriod.objects.select_related("plan").filter(plan=plan, year=year).first()


def indicators_by_code(codes: Iterable[str]) -> dict[str, Indicator]:
    """The catalogue's indicators by their codes; a code it lacks is absent."""
    return {i.code: i for i in Indicator.objects.filter(code__in=set(codes))}


@dataclass(frozen=True)
class ReportFilters:
    year: int | None = None
    measure_number: str = ""
    state: str = ""


def report_list(user: User, filters: ReportFilters) -> QuerySet[MeasureReport]:
    """The reports ``user`` may see (``visible_reports``), filtered by period, measure and
    state."""
    reports = visible_reports(user)
    if filters.year:
        reports = reports.filter(period__year=filters.year)
    if filters.measure_number:
        reports = reports.filter(measure__number=filters.measure_number)
    if filters.state:
        reports = reports.filter(state=filters.state)
    return reports


def report_figures(report: MeasureReport) -> list:
    """The report's own figures (label, value, unit), in the order they were given."""
    return list(report.figures.order_by("position", "id"))
