"""Referrals between agencies (with their steps) and screenings through the API, with the
access decisions of their pages.

- ``v1/referrals/``: the referrals the client's agency sent (a client that may refer) or
  received (one that may receive referrals), as the referrals page lists them; the reason
  (sealed) is in a referral's own answer only, which both agencies read, as on its page.
  A referral is created as the page sends one: the person's identity must be open to the
  client, the consent or a supervisor's override is the service's to check.
- ``v1/referrals/<id>/steps/``: one step at the version the client read (``steps`` in a
  referral's answer says which this client may take): the receiver accepts, declines
  (with ``decline_reason``) and completes, the sender withdraws. A step since is refused
  (409) saying who took it and when.
- ``v1/screenings/``: the screenings of the persons whose whole record the client sees, as
  the person page's panel shows them (not through a referral, which sends the parts it
  names, nor to a role that sees records by code). Its notes are sealed: absent unless a
  screening is read with ``?purpose=``, which opens the person's identity as its page does.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ctis.cases.access import Access, access_person
from ctis.cases.choices import PersonPart
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
)
from ctis.interop.persons import PURPOSE, PURPOSE_NOTE, person_pk, read_purpose
from ctis.nrm import selectors as nrm_selectors
from ctis.nrm import services as nrm_services
from ctis.nrm.models import OverrideReason, Population, ReferralState, ScreeningResult, ServiceKind

# The steps a referral may take, for the schema's enum (``ReferralStep``).
STEPS = [(name, name) for name in nrm_services.REFERRAL_STEPS.steps]
DIRECTIONS = [(nrm_selectors.SENT, "sent"), (nrm_selectors.RECEIVED, "received")]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


# Referrals ------------------------------------------------------------------------------


class ReferralRowSerializer(serializers.Serializer):
    """A referral as the list shows it: no reason, no free text."""

    id = serializers.UUIDField()
    version = serializers.IntegerField()
    person = serializers.CharField(source="person.code", help_text="The person's code.")
    from_agency = serializers.CharField(source="from_agency.code")
    to_agency = serializers.CharField(source="to_agency.code")
    state = serializers.ChoiceField(ReferralState.choices)
    services = serializers.ListField(child=serializers.CharField())
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="The parts of the person's record sent."
    )
    sent_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class ReferralSerializer(ReferralRowSerializer):
    """A referral as its page shows it to the two agencies."""

    reason = serializers.CharField(help_text="Why the person is referred (sealed at rest).")
    consent_given_on = serializers.DateField(allow_null=True)
    override = serializers.ChoiceField(
        OverrideReason.choices, allow_blank=True, help_text="Why it was sent without consent."
    )
    decline_reason = serializers.CharField(allow_blank=True)
    steps = serializers.ListField(
        child=serializers.ChoiceField(STEPS), help_text="The steps this client may take now."
    )


def referral_json(user, referral) -> dict:
    """The referral as its page shows it to ``user``, who may see it (``referral_seen``)."""
    return {
        **ReferralRowSerializer(referral).data,
        "reason": referral.reason,
        "consent_given_on": _iso(referral.consent.given_on if referral.consent else None),
        "override": referral.override,
        "decline_reason": referral.decline_reason,
        "steps": nrm_services.REFERRAL_STEPS.allowed(referral, user),
    }


def _referral(user, pk):
    """The referral with what its page shows, or the page's refusal (the same whether there
    is none or the client may not see it)."""
    referral = nrm_selectors.referral_seen(user, pk, sealed=True)
    if referral is None:
        raise PermissionDenied(_("There is no such referral, or you may not see it."))
    return referral


def _may_list_referrals(user) -> None:
    if not (user.has_perm("nrm.refer") or user.has_perm("nrm.receive_referrals")):
        raise PermissionDenied(_("This client may neither send nor receive referrals."))


class ReferralInSerializer(serializers.Serializer):
    person = serializers.CharField(
        max_length=40, help_text="The person's code; the client must be able to open the identity."
    )
    to_agency = serializers.CharField(
        max_length=40, help_text="The code of the agency referred to (one that receives referrals)."
    )
    reason = serializers.CharField(max_length=bounds.NOTE)
    services = serializers.ListField(
        child=serializers.ChoiceField(ServiceKind.choices), min_length=1, max_length=20
    )
    fields = serializers.ListField(
        child=serializers.ChoiceField(PersonPart.choices),
        required=False,
        default=list,
        max_length=20,
        help_text="The parts of the record to send: those the receiving agency may receive "
        "and the client itself sees.",
    )
    override = serializers.ChoiceField(
        OverrideReason.choices,
        required=False,
        default="",
        allow_blank=True,
        help_text="Without the person's consent (a police supervisor only): why.",
    )
    override_note = serializers.CharField(
        max_length=bounds.NOTE, required=False, default="", allow_blank=True
    )


class ReferralList(ApiView):
    """The referrals the client's agency sent or received, newest first, a page at a time."""

    @extend_schema(
        operation_id="referrals_list",
        parameters=[
            OpenApiParameter("direction", str, enum=[d for d, _label in DIRECTIONS]),
            OpenApiParameter("state", str, enum=ReferralState.values),
            *PAGE_PARAMETERS,
        ],
        responses={200: cursor_page(ReferralRowSerializer), **REFUSALS},
    )
    def get(self, request):
        _may_list_referrals(request.user)
        rows = nrm_selectors.referral_rows(
            request.user,
            direction=query_choice(request, "direction", DIRECTIONS),
            state=query_choice(request, "state", ReferralState.choices),
        )
        return page_of(self, rows, ReferralRowSerializer, "-sent_at")

    @extend_schema(
        operation_id="referrals_create",
        request=ReferralInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: ReferralSerializer, **REFUSALS},
    )
    def post(self, request):
        user = request.user
        if not user.has_perm("nrm.refer"):
            raise PermissionDenied(_("This client may not send referrals."))
        data = ReferralInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data

        def create():
            person = access_person(user, person_pk(values["person"]), level=Access.IDENTITY).person
            code = values["to_agency"].strip()
            agencies = nrm_selectors.receiving_agencies(exclude=user.agency_id)
            to_agency = next((a for a in agencies if a.code == code), None)
            if to_agency is None:
                raise serializers.ValidationError(
                    {"to_agency": [_("No other agency with this code receives referrals.")]}
                )
            return nrm_services.referral_send(
                actor=user,
                person=person,
                data=nrm_services.ReferralInput(
                    to_agency=to_agency,
                    reason=values["reason"],
                    services=values["services"],
                    fields=values["fields"],
                    override=values["override"],
                    override_note=values["override_note"],
                ),
            )

        return create_once(
            request, create, lambda referral: referral_json(user, _referral(user, referral.pk))
        )


class ReferralDetail(ApiView):
    @extend_schema(
        operation_id="referrals_read",
        responses={200: ReferralSerializer, **REFUSALS},
    )
    def get(self, request, pk):
        return Response(referral_json(request.user, _referral(request.user, pk)))


class ReferralStepRequestSerializer(serializers.Serializer):
    step = serializers.ChoiceField(STEPS)
    version = serializers.IntegerField(
        min_value=1, help_text="The version the client read; a step since is refused (409)."
    )
    decline_reason = serializers.CharField(
        max_length=bounds.NOTE,
        required=False,
        default="",
        allow_blank=True,
        help_text="Why the referral is declined (for the step decline).",
    )


class ReferralSteps(ApiView):
    """A step of the referral's: accept, decline or complete (the receiving agency),
    withdraw (the sending agency), as the referral's page offers them."""

    @extend_schema(
        operation_id="referrals_step",
        request=ReferralStepRequestSerializer,
        responses={200: ReferralSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request, pk):
        user = request.user
        referral = _referral(user, pk)
        data = ReferralStepRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = nrm_services.referral_step(
            actor=user,
            referral=referral,
            step=data.validated_data["step"],
            version=data.validated_data["version"],
            reason=data.validated_data["decline_reason"],
        )
        return Response(referral_json(user, _referral(user, done.pk)))


# Screenings -----------------------------------------------------------------------------


class ScreeningRowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    person = serializers.CharField(source="person.code", help_text="The person's code.")
    indicator_set = serializers.CharField(source="indicator_set.code")
    screened_on = serializers.DateField()
    agency = serializers.CharField(source="agency.code")
    population = serializers.ChoiceField(Population.choices)
    result = serializers.ChoiceField(ScreeningResult.choices)
    created_at = serializers.DateTimeField()


class ScreeningSerializer(ScreeningRowSerializer):
    indicators = serializers.ListField(
        child=serializers.CharField(), help_text="The codes of the indicators observed."
    )
    dimensions = serializers.DictField(
        help_text="Per ILO/EC dimension: met, and the strong, medium and weak indicators."
    )
    explanation = serializers.ListField(
        child=serializers.CharField(), help_text="The result's reasons, in Accept-Language."
    )
    notes = serializers.CharField(
        required=False, help_text="Sealed: only with ?purpose=, which opens the identity."
    )


def _screening(user, pk, purpose: str | None = None, note: str = ""):
    """The screening and whether its notes may be shown: to whoever sees the person's whole
    record (the panel that leads to it), the notes once the identity is open."""
    screening = nrm_selectors.screening_by_key(pk)
    if screening is None:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    access = access_person(user, screening.person_id, purpose, note=note)
    if not access.whole:
        # Through a referral an agency sees what it was sent, not others' findings.
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    return screening, access.identity_open


def screening_json(screening, notes_shown: bool) -> dict:
    out = {
        **ScreeningRowSerializer(screening).data,
        "indicators": [indicator.code for indicator in screening.observed.all()],
        "dimensions": screening.dimensions,
        "explanation": screening.explanation_lines(),
    }
    if notes_shown:
        out["notes"] = screening.notes or ""
    return out


class ScreeningInSerializer(serializers.Serializer):
    person = serializers.CharField(
        max_length=40, help_text="The person's code, a record the client may change."
    )
    indicator_set = serializers.CharField(max_length=60, help_text="The indicator set's code.")
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        default=list,
        max_length=200,
        help_text="The codes of the set's indicators observed.",
    )
    screened_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(
        max_length=bounds.NOTE, required=False, default="", allow_blank=True
    )


class ScreeningList(ApiView):
    """The screenings of the persons whose whole record the client sees, newest first."""

    @extend_schema(
        operation_id="screenings_list",
        parameters=PAGE_PARAMETERS,
        responses={200: cursor_page(ScreeningRowSerializer), **REFUSALS},
    )
    def get(self, request):
        rows = nrm_selectors.screenings_for(request.user)
        return page_of(self, rows, ScreeningRowSerializer, "-created_at")

    @extend_schema(
        operation_id="screenings_create",
        request=ScreeningInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: ScreeningSerializer, **REFUSALS},
    )
    def post(self, request):
        user = request.user
        if not user.has_perm("nrm.screen"):
            raise PermissionDenied(_("This client may not record screenings."))
        data = ScreeningInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data

        def create():
            person = access_person(user, person_pk(values["person"]), level=Access.IDENTITY).person
            indicator_set = nrm_selectors.indicator_set_by_code(values["indicator_set"])
            if indicator_set is None or not indicator_set.indicator_count:  # type: ignore[attr-defined]
                raise serializers.ValidationError(
                    {"indicator_set": [_("No indicator set in use has this code.")]}
                )
            return nrm_services.screening_record(
                actor=user,
                person=person,
                indicator_set=indicator_set,
                codes=values["indicators"],
                screened_on=values["screened_on"],
                notes=values["notes"],
            )

        def answer(screening) -> dict:
            # Its notes are sealed like the identity, which the creation does not open.
            return screening_json(*_screening(user, screening.pk))

        return create_once(request, create, answer)


class ScreeningDetail(ApiView):
    @extend_schema(
        operation_id="screenings_read",
        parameters=[PURPOSE, PURPOSE_NOTE],
        responses={200: ScreeningSerializer, **REFUSALS},
    )
    def get(self, request, pk):
        purpose, note = read_purpose(request)
        return Response(screening_json(*_screening(request.user, pk, purpose, note)))


urlpatterns = [
    path("v1/referrals/", open_to_tokens(ReferralList.as_view()), name="referrals"),
    path("v1/referrals/<uuid:pk>/", open_to_tokens(ReferralDetail.as_view()), name="referral"),
    path(
        "v1/referrals/<uuid:pk>/steps/",
        open_to_tokens(ReferralSteps.as_view()),
        name="referral_steps",
    ),
    path("v1/screenings/", open_to_tokens(ScreeningList.as_view()), name="screenings"),
    path("v1/screenings/<uuid:pk>/", open_to_tokens(ScreeningDetail.as_view()), name="screening"),
]
