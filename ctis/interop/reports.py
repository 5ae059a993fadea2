"""Awareness events with their participants, and plan reports with their figures and
catalogue indicators, through the API (``/api/v1/outreach-events/``,
``/api/v1/plan-reports/``): the same gates as the pages (``ctis.outreach.access``,
``ctis.plan.access``), the same services.

A system names what the catalogue names by its own codes: measures by number ("4.2.1"),
the reporting period by its year, audiences, agencies and indicators by code.

- An event is recorded by its organising agency's staff (reporters and heads) with its
  participant groups; the organiser changes it at the version it read; partners, the
  coordinator and analysts read it.
- A report is drafted and changed by the agency's reporters and heads while the period is
  open and the report a draft (or returned); the head submits it, saying ``confirmed``
  as the page asks for an "I confirm" tick. The coordinator reads a report once it has been
  submitted. A change or submission since the version the client read is refused (409)
  saying who and when.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ctis.core import bounds
from ctis.interop.api import (
    CONFLICT,
    IDEMPOTENCY,
    PAGE_PARAMETERS,
    REFUSALS,
    ApiView,
    create_once,
    cursor_page,
    open_to_tokens,
    page_of,
    query_choice,
    query_int,
)
from ctis.outreach import selectors as outreach_selectors
from ctis.outreach import services as outreach_services
from ctis.outreach.access import access_event, require_event_reader
from ctis.outreach.inputs import EventInput, GroupInput
from ctis.outreach.models import EventKind, EventMode, FeedbackState, MaterialLanguage
from ctis.plan import selectors as plan_selectors
from ctis.plan.access import access_report
from ctis.plan.models import Category, ImplementationStatus, MeasureReport
from ctis.plan.services import FigureInput, IndicatorValueInput, reporting
from ctis.plan.services.indicators import value_field

LARGEST = 10_000_000  # as the event service bounds a number of people or materials


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@contextmanager
def renamed(names: dict[str, str]) -> Iterator[None]:
    """A service's refusal with its fields named as the client sent them (a form's input
    ``group_7_total`` is the client's ``groups.0.total``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict") or not names.keys() & error.error_dict.keys():
            raise
        raise type(error)(
            {names.get(field, field): items for field, items in error.error_dict.items()}
        ) from None


def _codes(given: list[str], known: dict, field: str, message: str) -> list:
    """The records of ``given`` codes from ``known``, or a 400 beside ``field`` naming the
    codes that are none."""
    unknown = [code for code in dict.fromkeys(given) if code not in known]
    if unknown:
        raise serializers.ValidationError(
            {field: [message % {"codes": ", ".join(unknown)[:300]}]}, code="unknown"
        )
    return [known[code] for code in dict.fromkeys(given)]


# Awareness events -----------------------------------------------------------------------


def event_json(event) -> dict:
    """The event as its page shows it to whoever passes ``access_event``."""
    return {
        "id": event.pk,
        "version": event.version,
        "title": event.title,
        "kind": event.kind,
        "starts_on": _iso(event.starts_on),
        "ends_on": _iso(event.ends_on),
        "mode": event.mode,
        "place": event.place,
        "organiser": event.organiser.code,
        **outreach_selectors.event_codes(event),
        "groups": [
            {"audience": g.audience.code, "total": g.total, "women": g.women, "men": g.men}
            for g in outreach_selectors.participants_by_group(event)
        ],
        "participants_total": event.participants_total,
        "materials_count": event.materials_count,
        "materials_languages": event.languages,
        "description": event.description,
        "feedback": event.feedback,
        "created_at": event.created_at.isoformat(),
        "updated_at": event.updated_at.isoformat(),
    }


class GroupSerializer(serializers.Serializer):
    audience = serializers.CharField(max_length=40, help_text="An audience's code: pupils.")
    total = serializers.IntegerField(min_value=0, max_value=LARGEST)
    women = serializers.IntegerField(min_value=0, max_value=LARGEST, default=0)
    men = serializers.IntegerField(min_value=0, max_value=LARGEST, default=0)


class EventOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(EventKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    mode = serializers.ChoiceField(EventMode.choices)
    place = serializers.CharField()
    organiser = serializers.CharField(help_text="The organising agency's code.")
    partners = serializers.ListField(child=serializers.CharField())
    measures = serializers.ListField(child=serializers.CharField(), help_text="4.2.1")
    audiences = serializers.ListField(child=serializers.CharField())
    groups = GroupSerializer(many=True)
    participants_total = serializers.IntegerField()
    materials_count = serializers.IntegerField()
    materials_languages = serializers.ListField(
        child=serializers.ChoiceField(MaterialLanguage.choices)
    )
    description = serializers.CharField(allow_blank=True)
    feedback = serializers.ChoiceField(FeedbackState.choices)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class EventRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    mode = serializers.CharField()
    organiser = serializers.CharField(source="organiser.code")
    participants_total = serializers.IntegerField()
    feedback = serializers.CharField()
    created_at = serializers.DateTimeField()


class EventInSerializer(serializers.Serializer):
    """An event as the page's form takes it, with the catalogue's codes."""

    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(EventKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    mode = serializers.ChoiceField(EventMode.choices, default=EventMode.IN_PERSON)
    partners = serializers.ListField(
        child=serializers.CharField(max_length=40), default=list, max_length=50
    )
    measures = serializers.ListField(
        child=serializers.CharField(max_length=16), default=list, max_length=50
    )
    audiences = serializers.ListField(
        child=serializers.CharField(max_length=40), default=list, max_length=50
    )
    groups = GroupSerializer(many=True, default=list, max_length=50)
    participants_total = serializers.IntegerField(min_value=0, max_value=LARGEST)
    materials_count = serializers.IntegerField(min_value=0, max_value=LARGEST, default=0)
    materials_languages = serializers.ListField(
        child=serializers.ChoiceField(MaterialLanguage.choices), default=list, max_length=4
    )
    description = serializers.CharField(
        max_length=bounds.NOTE, allow_blank=True, required=False, default=""
    )

    def to_input(self) -> tuple[EventInput, dict[str, str]]:
        """The event as ``EventInput``, and the names the service's refusals take for the
        client's (``group_7_total`` → ``groups.0.total``)."""
        data = self.validated_data
        partners = _codes(
            data["partners"],
            outreach_selectors.agencies_by_code(data["partners"]),
            "partners",
            _("No agency in use has the code %(codes)s."),
        )
        plan = plan_selectors.current_plan()
        measures = _codes(
            data["measures"],
            plan_selectors.measures_by_number(plan, data["measures"]) if plan else {},
            "measures",
            _("The current plan has no measure %(codes)s."),
        )
        sent = [g["audience"] for g in data["groups"]]
        audiences = outreach_selectors.audiences_by_code(data["audiences"] + sent)
        none = _("No audience has the code %(codes)s.")
        chosen = _codes(data["audiences"], audiences, "audiences", none)
        names = {}
        groups = []
        for n, group in enumerate(data["groups"]):
            _codes([group["audience"]], audiences, f"groups.{n}.audience", none)
            if group["audience"] in sent[:n]:
                raise serializers.ValidationError(
                    {f"groups.{n}.audience": [_("Give each audience's participants once.")]}
                )
            audience = audiences[group["audience"]]
            for part in ("total", "women", "men"):
                names[f"group_{audience.pk}_{part}"] = f"groups.{n}.{part}"
            groups.append(
                GroupInput(
                    audience_id=audience.pk,
                    total=group["total"],
                    women=group["women"],
                    men=group["men"],
                )
            )
        event = EventInput(
            title=data["title"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            place=data["place"],
            mode=data["mode"],
            partner_ids=[a.pk for a in partners],
            measure_ids=[m.pk for m in measures],
            audience_ids=[a.pk for a in chosen],
            groups=groups,
            participants_total=data["participants_total"],
            materials_count=data["materials_count"],
            materials_languages=list(data["materials_languages"]),
            description=data["description"],
        )
        return event, names


class EventChangeSerializer(EventInSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the client read; a change since is refused (409)."
    )


class EventList(ApiView):
    """The events the client's agency may see (its own, those it is a partner of; every
    event for the coordinator and analysts), latest first."""

    @extend_schema(
        operation_id="outreach_events_list",
        parameters=[
            OpenApiParameter("year", int, description="Held from this year (2000–2100)."),
            OpenApiParameter("kind", str, enum=EventKind.values),
            *PAGE_PARAMETERS,
        ],
        responses={200: cursor_page(EventRowSerializer), **REFUSALS},
    )
    def get(self, request):
        require_event_reader(request.user)
        filters = outreach_selectors.EventFilters(
            year=query_int(request, "year", min_value=2000, max_value=2100),
            kind=query_choice(request, "kind", EventKind.choices) or "",
        )
        rows = outreach_selectors.event_list(request.user, filters)
        return page_of(self, rows, EventRowSerializer, "-created_at")

    @extend_schema(
        operation_id="outreach_events_create",
        request=EventInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: EventOutSerializer, **REFUSALS},
    )
    def post(self, request):
        if not request.user.has_perm("outreach.record_events") or request.user.agency_id is None:
            raise PermissionDenied(_("Events are recorded by the organising agency's own staff."))
        data = EventInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event, names = data.to_input()

        def create():
            with renamed(names):
                return outreach_services.event_create(actor=request.user, data=event)

        return create_once(
            request, create, lambda made: event_json(access_event(request.user, made.pk))
        )


class EventDetail(ApiView):
    @extend_schema(
        operation_id="outreach_events_read",
        responses={200: EventOutSerializer, **REFUSALS},
    )
    def get(self, request, pk):
        return Response(event_json(access_event(request.user, pk)))

    @extend_schema(
        operation_id="outreach_events_change",
        request=EventChangeSerializer,
        responses={200: EventOutSerializer, **REFUSALS, **CONFLICT},
    )
    def put(self, request, pk):
        """The whole event as the change form sends it (lists left out are emptied), at
        the version read; only the organiser's own staff."""
        event = access_event(request.user, pk, for_change=True)
        data = EventChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed, names = data.to_input()
        with renamed(names):
            outreach_services.event_update(
                actor=request.user,
                event=event,
                data=changed,
                version=data.validated_data["version"],
            )
        return Response(event_json(access_event(request.user, pk)))


# Plan reports ---------------------------------------------------------------------------


def report_json(report: MeasureReport) -> dict:
    """The report as its page shows it to whoever passes ``access_report``."""
    return {
        "id": str(report.pk),
        "version": report.version,
        "measure": report.measure.number,
        "year": report.period.year,
        "agency": report.agency.code,
        "state": report.state,
        "status": report.status,
        "narrative": report.narrative,
        "figures": [
            {"label": f.label, "value": str(f.value), "unit": f.unit}
            for f in plan_selectors.report_figures(report)
        ],
        "indicators": [
            {"code": row.indicator.code, "category": category, "value": str(value)}
            for row in plan_selectors.report_indicator_rows(report)
            for category, value in row.values.items()
            if value is not None
        ],
        "review_comment": report.review_comment,
        "created_at": report.created_at.isoformat(),
        "updated_at": report.updated_at.isoformat(),
        "first_submitted_at": _iso(report.first_submitted_at),
        "submitted_at": _iso(report.submitted_at),
        "reviewed_at": _iso(report.reviewed_at),
    }


class FigureSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200, help_text="What is counted, in words.")
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=999_999_999_999
    )
    unit = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=60, help_text="A catalogue indicator's code.")
    category = serializers.ChoiceField(
        Category.choices,
        required=False,
        default="",
        help_text="Its breakdown's category; empty for an indicator without breakdown.",
    )
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=999_999_999_999
    )


class ReportOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    measure = serializers.CharField(help_text="The measure's number: 4.2.1.")
    year = serializers.IntegerField(help_text="The reporting period's year.")
    agency = serializers.CharField()
    state = serializers.ChoiceField(MeasureReport.State.choices)
    status = serializers.ChoiceField(ImplementationStatus.choices)
    narrative = serializers.CharField(allow_blank=True)
    figures = FigureSerializer(many=True)
    indicators = IndicatorSerializer(many=True)
    review_comment = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)


class ReportRowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    measure = serializers.CharField(source="measure.number")
    year = serializers.IntegerField(source="period.year")
    agency = serializers.CharField(source="agency.code")
    state = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReportContentSerializer(serializers.Serializer):
    status = serializers.ChoiceField(ImplementationStatus.choices)
    narrative = serializers.CharField(
        max_length=bounds.NARRATIVE, allow_blank=True, required=False, default=""
    )
    figures = FigureSerializer(many=True, default=list, max_length=100)
    indicators = IndicatorSerializer(many=True, default=list, max_length=200)

    def to_inputs(self) -> tuple[list[FigureInput], list[IndicatorValueInput], dict[str, str]]:
        """The figures and catalogue numbers as the service takes them, and the names its
        refusals take for the client's (``indicator_3_female`` → ``indicators.0.value``)."""
        data = self.validated_data
        figures = [FigureInput(**figure) for figure in data["figures"]]
        sent = data["indicators"]
        known = plan_selectors.indicators_by_code(v["code"] for v in sent)
        values, names = [], {}
        none = _("The catalogue has no indicator %(codes)s.")
        for n, given in enumerate(sent):
            _codes([given["code"]], known, f"indicators.{n}.code", none)
            indicator = known[given["code"]]
            names[value_field(indicator.pk, given["category"])] = f"indicators.{n}.value"
            values.append(IndicatorValueInput(indicator.pk, given["category"], given["value"]))
        return figures, values, names


class ReportCreateSerializer(ReportContentSerializer):
    measure = serializers.CharField(max_length=16, help_text="The measure's number: 4.2.1.")
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="The reporting period's year."
    )


class ReportChangeSerializer(ReportContentSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the client read; a change since is refused (409)."
    )


class ReportSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version the head read.")
    confirmed = serializers.BooleanField(
        help_text="True: the head has read the report and confirms it goes to the "
        "coordinator, which cannot be undone (the page's 'I confirm')."
    )


class ReportList(ApiView):
    """The reports the client may see: its agency's, and for the coordinator every report
    once submitted; newest first."""

    @extend_schema(
        operation_id="plan_reports_list",
        parameters=[
            OpenApiParameter("period", int, description="The reporting period's year."),
            OpenApiParameter("measure", str, description="A measure's number: 4.2.1."),
            OpenApiParameter("state", str, enum=MeasureReport.State.values),
            *PAGE_PARAMETERS,
        ],
        responses={200: cursor_page(ReportRowSerializer), **REFUSALS},
    )
    def get(self, request):
        filters = plan_selectors.ReportFilters(
            year=query_int(request, "period", min_value=2000, max_value=2100),
            measure_number=request.query_params.get("measure", "").strip()[:16],
            state=query_choice(request, "state", MeasureReport.State.choices) or "",
        )
        rows = plan_selectors.report_list(request.user, filters)
        return page_of(self, rows, ReportRowSerializer, "-created_at")

    @extend_schema(
        operation_id="plan_reports_create",
        request=ReportCreateSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: ReportOutSerializer, **REFUSALS},
    )
    def post(self, request):
        """A draft on a measure for a period, by the client's agency (one per measure,
        period and agency: another is refused)."""
        user = request.user
        if not user.has_perm("plan.draft_report") or user.agency_id is None:
            raise PermissionDenied(_("Only agency reporters and heads draft reports."))
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year, number = data.validated_data["year"], data.validated_data["measure"]
        period = plan_selectors.period_of_year(year)
        if period is None:
            raise serializers.ValidationError(
                {"year": [_("The plan has no reporting period for %(year)d.") % {"year": year}]}
            )
        measure = _codes(
            [number],
            plan_selectors.measures_by_number(period.plan, [number]),
            "measure",
            _("The current plan has no measure %(codes)s."),
        )[0]
        figures, values, names = data.to_inputs()

        def create():
            with renamed(names):
                return reporting.report_create(
                    actor=user,
                    period=period,
                    measure=measure,
                    agency=user.agency,
                    status=data.validated_data["status"],
                    narrative=data.validated_data["narrative"],
                    figures=figures,
                    indicator_values=values,
                )

        return create_once(request, create, lambda made: report_json(access_report(user, made.pk)))


class ReportDetail(ApiView):
    @extend_schema(
        operation_id="plan_reports_read", responses={200: ReportOutSerializer, **REFUSALS}
    )
    def get(self, request, pk):
        return Response(report_json(access_report(request.user, pk)))

    @extend_schema(
        operation_id="plan_reports_change",
        request=ReportChangeSerializer,
        responses={200: ReportOutSerializer, **REFUSALS, **CONFLICT},
    )
    def put(self, request, pk):
        """The whole draft as the edit form sends it (figures and numbers left out are
        removed), at the version read; a draft or returned report, while the period is
        open, by the agency's own reporters and heads."""
        report = access_report(request.user, pk, for_change=True)
        data = ReportChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        figures, values, names = data.to_inputs()
        with renamed(names):
            reporting.report_update(
                actor=request.user,
                report=report,
                expected_version=data.validated_data["version"],
                status=data.validated_data["status"],
                narrative=data.validated_data["narrative"],
                figures=figures,
                indicator_values=values,
            )
        return Response(report_json(access_report(request.user, pk)))


class ReportSubmit(ApiView):
    @extend_schema(
        operation_id="plan_reports_submit",
        request=ReportSubmitSerializer,
        responses={200: ReportOutSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request, pk):
        """The agency head submits the report to the coordinator, at the version read,
        confirming it (``confirmed``: true), as the page asks before this step."""
        report = access_report(request.user, pk)
        data = ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data["confirmed"]:
            raise serializers.ValidationError(
                {
                    "confirmed": [
                        _(
                            "Confirm the submission: once submitted, your agency can no longer "
                            "change the report unless the coordinator returns it."
                        )
                    ]
                }
            )
        reporting.report_submit(
            actor=request.user, report=report, version=data.validated_data["version"]
        )
        return Response(report_json(access_report(request.user, pk)))


_open = open_to_tokens

urlpatterns: list[URLPattern] = [
    path("v1/outreach-events/", _open(EventList.as_view()), name="outreach_events"),
    path("v1/outreach-events/<int:pk>/", _open(EventDetail.as_view()), name="outreach_event"),
    path("v1/plan-reports/", _open(ReportList.as_view()), name="plan_reports"),
    path("v1/plan-reports/<uuid:pk>/", _open(ReportDetail.as_view()), name="plan_report"),
    path(
        "v1/plan-reports/<uuid:pk>/submit/",
        _open(ReportSubmit.as_view()),
        name="plan_report_submit",
    ),
]
