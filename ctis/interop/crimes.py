"""Criminal cases with their participants and prosecutions, and persons' trafficking events,
through the API (``/api/v1/cases/``, ``/api/v1/persons/<code>/events/``): the same gates as
the case's and the person's pages.

- A case is listed and read by whoever the case list lets see it (``access_case``: the
  police unit that owns it, and the roles that see records by code). Its persons are
  named by code only. The summary is sealed and may name anyone on the case: it is never
  in the list, and in a case's answer only where the page shows it
  (``case_summary_shown``: to the unit holding the case while no person is linked, since
  a call opens no identity for a while as a browser session does).
- The case, its participants and its prosecutions are changed by the police unit that
  owns the case (``require_case_change``), a person linked by a code whose identity the
  client may open, as the page's forms do.
- A change carries the ``version`` read; a change since is refused (409) saying who made
  it and when.
- Events are added to and removed from the victim profile of a person whose whole record
  the client may change (``require_person_change``); the place and description are sealed
  and not sent back.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from ctis.accounts import selectors as accounts_selectors
from ctis.cases import selectors as cases_selectors
from ctis.cases import services as cases_services
from ctis.cases.access import (
    Access,
    access_case,
    access_person,
    case_summary_shown,
    person_by_code,
    require_person_change,
)
from ctis.cases.choices import (
    CaseStatus,
    EventKind,
    Extradition,
    ParticipantRole,
    PerpetratorRole,
    SentenceKind,
    VerdictOutcome,
    WantedStatus,
)
from ctis.cases.inputs import CaseInput, EventInput, ProsecutionInput
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
from ctis.interop.persons import CountryField, person_pk

# What is sent ---------------------------------------------------------------------------


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class ArticleCodesField(serializers.Field):
    """The case's articles by code (read from the list's prefetch)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> list[str]:
        return [article.code for article in value.all()]


class CaseRowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    version = serializers.IntegerField()
    registered_on = serializers.DateField()
    registering_agency = serializers.CharField(source="registering_agency.code")
    status = serializers.ChoiceField(CaseStatus.choices)
    solved = serializers.BooleanField()
    articles = ArticleCodesField(help_text="Codes of the Criminal Code articles.")
    created_at = serializers.DateTimeField()


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The link's key, to remove it.")
    person = serializers.CharField(source="person.code", help_text="The person's code.")
    role = serializers.ChoiceField(ParticipantRole.choices)
    perpetrator_roles = serializers.ListField(
        child=serializers.ChoiceField(PerpetratorRole.choices)
    )
    group_member = serializers.BooleanField()
    wanted = serializers.ChoiceField(WantedStatus.choices)
    caught_on = serializers.DateField(allow_null=True)
    extradition = serializers.ChoiceField(Extradition.choices)


class ProsecutionSerializer(serializers.Serializer):
    accused = serializers.CharField(
        source="accused.code", help_text="The accused's code; the prosecution's address."
    )
    version = serializers.IntegerField()
    court = serializers.CharField()
    charged_on = serializers.DateField(allow_null=True)
    sent_to_court_on = serializers.DateField(allow_null=True)
    verdict_on = serializers.DateField(allow_null=True)
    outcome = serializers.ChoiceField(VerdictOutcome.choices)
    sentence = serializers.ChoiceField(SentenceKind.choices)
    term_months = serializers.IntegerField(allow_null=True)
    fine_azn = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    confiscation = serializers.BooleanField()
    confiscation_note = serializers.CharField()


class CaseOutSerializer(CaseRowSerializer):
    """A case as its page shows it (``case_json`` builds it); the summary only where the
    page shows it."""

    owner_agency = serializers.CharField()
    criminal_group = serializers.CharField()
    summary = serializers.CharField(required=False)
    participants = ParticipantSerializer(many=True)
    prosecutions = ProsecutionSerializer(many=True)


class TraffickingEventSerializer(serializers.Serializer):
    """An event by what lists show: its place and description are sealed and not sent."""

    id = serializers.IntegerField(help_text="The event's key, to remove it.")
    kind = serializers.ChoiceField(EventKind.choices)
    country = serializers.CharField(source="country.alpha3")
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)


def case_json(user, case) -> dict:
    """The case as the access decision lets ``user`` see it (read through ``access_case``)."""
    out = dict(CaseRowSerializer(case).data)
    out["owner_agency"] = case.owner_agency.code
    out["criminal_group"] = case.criminal_group
    out["participants"] = ParticipantSerializer(
        cases_selectors.case_participants(case), many=True
    ).data
    out["prosecutions"] = ProsecutionSerializer(
        cases_selectors.case_prosecutions(case), many=True
    ).data
    if case_summary_shown(user, case, window=None):  # read (and decrypted) only then
        out["summary"] = case.summary
    return out


# What is received -----------------------------------------------------------------------


class CaseInSerializer(serializers.Serializer):
    """A case as the page's form takes it; articles and agencies by their codes."""

    number = serializers.CharField(max_length=40)
    registered_on = serializers.DateField()
    registering_agency = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        default=None,
        help_text="The agency's code; none: the client's own agency (on a change: kept).",
    )
    articles = serializers.ListField(
        child=serializers.CharField(max_length=20),
        max_length=20,
        help_text="Codes of Criminal Code articles in use (144-1).",
    )
    status = serializers.ChoiceField(CaseStatus.choices, default=CaseStatus.INVESTIGATION)
    solved = serializers.BooleanField(default=False)
    summary = serializers.CharField(
        max_length=bounds.TEXT, required=False, allow_blank=True, allow_null=True, default=None
    )

    def validate_registering_agency(self, code):
        if code is None or not code.strip():
            return None
        agency = accounts_selectors.agency_by_code(code)
        if agency is None:
            raise serializers.ValidationError(
                _("No agency has the code %(code)s.") % {"code": code[:40]}, code="unknown"
            )
        return agency

    def validate_articles(self, codes):
        articles = []
        for code in codes:
            article = cases_selectors.article_in_use(code)
            if article is None:
                raise serializers.ValidationError(
                    _("No article in use has the code %(code)s.") % {"code": code[:20]},
                    code="unknown",
                )
            articles.append(article)
        return articles

    def to_input(self) -> CaseInput:
        data = self.validated_data
        return CaseInput(
            number=data["number"],
            registered_on=data["registered_on"],
            articles=data["articles"],
            registering_agency=data["registering_agency"],
            status=data["status"],
            solved=data["solved"],
            criminal_group=data.get("criminal_group"),  # none: kept as it is
            summary=data["summary"],  # none: kept as it is
        )


class CaseChangeSerializer(CaseInSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the client read; a change since is refused (409)."
    )
    criminal_group = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="Only on a case that has this text as first written; none: kept.",
    )


class ParticipantInSerializer(serializers.Serializer):
    """A person linked to the case in a part, as the page's form takes it."""

    person = serializers.CharField(max_length=40, help_text="The person's code.")
    role = serializers.ChoiceField(ParticipantRole.choices)
    perpetrator_roles = serializers.ListField(
        child=serializers.ChoiceField(PerpetratorRole.choices),
        required=False,
        default=list,
        max_length=len(PerpetratorRole.values),
    )
    group_member = serializers.BooleanField(default=False)
    wanted = serializers.ChoiceField(WantedStatus.choices, default=WantedStatus.NOT_WANTED)
    wanted_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Today if none."
    )
    caught_on = serializers.DateField(required=False, allow_null=True, default=None)
    extradition = serializers.ChoiceField(Extradition.choices, default=Extradition.NONE)


class ProsecutionInSerializer(serializers.Serializer):
    court = serializers.CharField(max_length=200)
    charged_on = serializers.DateField(required=False, allow_null=True, default=None)
    sent_to_court_on = serializers.DateField(required=False, allow_null=True, default=None)
    verdict_on = serializers.DateField(required=False, allow_null=True, default=None)
    outcome = serializers.ChoiceField(VerdictOutcome.choices, default=VerdictOutcome.PENDING)
    sentence = serializers.ChoiceField(SentenceKind.choices, default=SentenceKind.NONE)
    term_months = serializers.IntegerField(
        min_value=1, max_value=600, required=False, allow_null=True, default=None
    )
    fine_azn = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    confiscation = serializers.BooleanField(default=False)
    confiscation_note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )

    def to_input(self) -> ProsecutionInput:
        return ProsecutionInput(
            **{name: self.validated_data[name] for name in cases_services.PROSECUTION_FIELDS}
        )


class ProsecutionCreateSerializer(ProsecutionInSerializer):
    accused = serializers.CharField(max_length=40, help_text="The accused's code.")


class ProsecutionChangeSerializer(ProsecutionInSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the client read; a change since is refused (409)."
    )


class TraffickingEventInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(EventKind.choices)
    country = CountryField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    started_on = serializers.DateField(required=False, allow_null=True, default=None)
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(
        max_length=bounds.NOTE, required=False, allow_blank=True, default=""
    )


# The resources --------------------------------------------------------------------------


def _linkable(user, code: str, field: str):
    """The person a call links by code, through the gate the page's forms use; else a
    refusal beside the field."""
    person = person_by_code(user, code)
    if person is None:
        raise serializers.ValidationError(
            {field: [_("No person with this code that you may open.")]}
        )
    return person


def _found(record):
    if record is None:
        raise Http404
    return record


class CaseList(ApiView):
    """The criminal cases the client may see, newest first, a page at a time; their persons
    and summaries are not in the list."""

    @extend_schema(
        operation_id="cases_list",
        parameters=[
            OpenApiParameter("status", str, enum=CaseStatus.values),
            OpenApiParameter("year", int, description="Registered in this year (1990–2100)."),
            OpenApiParameter("article", str, description="Under this article's code (144-1)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: cursor_page(CaseRowSerializer), **REFUSALS},
    )
    def get(self, request):
        user = request.user
        if not (user.has_perm("cases.view_deidentified") or user.has_perm("cases.view_identities")):
            raise PermissionDenied
        rows = cases_selectors.case_list(
            user,
            status=query_choice(request, "status", CaseStatus.choices) or "",
            year=query_int(request, "year", min_value=1990, max_value=2100),
            article=request.query_params.get("article", "").strip()[:20],
        )
        return page_of(self, rows, CaseRowSerializer, "-created_at")

    @extend_schema(
        operation_id="cases_create",
        request=CaseInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: CaseOutSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request):
        user = request.user
        if not (user.has_perm("cases.view_identities") and user.has_perm("cases.edit_records")):
            raise PermissionDenied
        data = CaseInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case_input = data.to_input()
        case_input.summary = case_input.summary or ""
        return create_once(
            request,
            lambda: cases_services.case_create(actor=user, data=case_input),
            lambda case: case_json(user, access_case(user, case.pk)[0]),
        )


class CaseDetail(ApiView):
    """One criminal case with its persons (by code) and prosecutions."""

    @extend_schema(operation_id="cases_read", responses={200: CaseOutSerializer, **REFUSALS})
    def get(self, request, pk):
        case, _level = access_case(request.user, pk)
        return Response(case_json(request.user, case))

    @extend_schema(
        operation_id="cases_change",
        request=CaseChangeSerializer,
        responses={200: CaseOutSerializer, **REFUSALS, **CONFLICT},
    )
    def put(self, request, pk):
        """The whole case as the change form sends it, at the version read. The summary may
        be sent only where the case's answer holds it; left out (null), it is kept."""
        user = request.user
        case, _level = access_case(user, pk, for_change=True)
        data = CaseChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case_input = data.to_input()
        if case_input.summary is not None and not case_summary_shown(user, case, window=None):
            raise serializers.ValidationError(
                {"summary": [_("The summary is not open to this system; leave it out.")]}
            )
        if case_input.criminal_group is not None and not case.criminal_group:
            raise serializers.ValidationError(
                {
                    "criminal_group": [
                        _("Criminal groups are recorded as records of their own; leave it out.")
                    ]
                }
            )
        changed = cases_services.case_update(
            actor=user, case=case, version=data.validated_data["version"], data=case_input
        )
        return Response(case_json(user, access_case(user, changed.pk)[0]))


class ParticipantList(ApiView):
    @extend_schema(
        operation_id="case_participants_add",
        request=ParticipantInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: ParticipantSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request, pk):
        """Link a person, by code, to the case in a part (victim or perpetrator)."""
        user = request.user
        case, _level = access_case(user, pk, for_change=True)
        data = ParticipantInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = _linkable(user, fields.pop("person"), "person")
        return create_once(
            request,
            lambda: cases_services.participant_add(actor=user, case=case, person=person, **fields),
            lambda part: ParticipantSerializer(
                _found(cases_selectors.case_participant(case, part.pk))
            ).data,
        )


class ParticipantDetail(ApiView):
    @extend_schema(operation_id="case_participants_remove", responses={204: None, **REFUSALS})
    def delete(self, request, pk, participant_id):
        """Unlink a person from the case (not an accused with a prosecution in it)."""
        case, _level = access_case(request.user, pk, for_change=True)
        part = _found(cases_selectors.case_participant(case, participant_id))
        cases_services.participant_remove(actor=request.user, participant=part)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProsecutionList(ApiView):
    @extend_schema(
        operation_id="case_prosecutions_create",
        request=ProsecutionCreateSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: ProsecutionSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request, pk):
        """Record an accused person's trial in the case (the accused becomes a perpetrator
        in it); one who already has one is refused (409): change that one instead."""
        user = request.user
        case, _level = access_case(user, pk, for_change=True)
        data = ProsecutionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        accused = _linkable(user, data.validated_data["accused"], "accused")
        return create_once(
            request,
            lambda: cases_services.prosecution_save(
                actor=user, case=case, accused=accused, data=data.to_input(), version=0
            ),
            lambda _made: ProsecutionSerializer(
                _found(cases_selectors.case_prosecution(case, accused.code))
            ).data,
        )


class ProsecutionDetail(ApiView):
    @extend_schema(
        operation_id="case_prosecutions_change",
        request=ProsecutionChangeSerializer,
        responses={200: ProsecutionSerializer, **REFUSALS, **CONFLICT},
    )
    def put(self, request, pk, code):
        """The whole prosecution of the accused with this code, at the version read."""
        user = request.user
        case, _level = access_case(user, pk, for_change=True)
        prosecution = _found(cases_selectors.case_prosecution(case, code))
        data = ProsecutionChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cases_services.prosecution_save(
            actor=user,
            case=case,
            accused=prosecution.accused,
            data=data.to_input(),
            version=data.validated_data["version"],
        )
        return Response(
            ProsecutionSerializer(_found(cases_selectors.case_prosecution(case, code))).data
        )


def _changed_person(request, code):
    """The person whose record the client changes: the whole record and the right to edit,
    as the person's change pages ask."""
    access = access_person(request.user, person_pk(code), level=Access.IDENTITY)
    require_person_change(request.user, access)
    return access.person


class EventList(ApiView):
    @extend_schema(
        operation_id="person_events_add",
        request=TraffickingEventInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: TraffickingEventSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request, code):
        """Add a trafficking event to the person's victim profile."""
        person = _changed_person(request, code)
        victim = cases_selectors.victim_profile(person)
        if victim is None:
            raise serializers.ValidationError(_("Record the victim profile first."))
        data = TraffickingEventInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return create_once(
            request,
            lambda: cases_services.event_add(
                actor=request.user, victim=victim, data=EventInput(**data.validated_data)
            ),
            lambda event: TraffickingEventSerializer(
                _found(cases_selectors.victim_event(person, event.pk))
            ).data,
        )


class EventDetail(ApiView):
    @extend_schema(operation_id="person_events_remove", responses={204: None, **REFUSALS})
    def delete(self, request, code, event_id):
        person = _changed_person(request, code)
        event = _found(cases_selectors.victim_event(person, event_id))
        cases_services.event_remove(actor=request.user, event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)


_open = open_to_tokens

urlpatterns = [
    path("v1/cases/", _open(CaseList.as_view()), name="cases"),
    path("v1/cases/<uuid:pk>/", _open(CaseDetail.as_view()), name="case"),
    path(
        "v1/cases/<uuid:pk>/participants/",
        _open(ParticipantList.as_view()),
        name="case_participants",
    ),
    path(
        "v1/cases/<uuid:pk>/participants/<int:participant_id>/",
        _open(ParticipantDetail.as_view()),
        name="case_participant",
    ),
    path(
        "v1/cases/<uuid:pk>/prosecutions/",
        _open(ProsecutionList.as_view()),
        name="case_prosecutions",
    ),
    path(
        "v1/cases/<uuid:pk>/prosecutions/<str:code>/",
        _open(ProsecutionDetail.as_view()),
        name="case_prosecution",
    ),
    path("v1/persons/<str:code>/events/", _open(EventList.as_view()), name="person_events"),
    path(
        "v1/persons/<str:code>/events/<int:event_id>/",
        _open(EventDetail.as_view()),
        name="person_event",
    ),
]
