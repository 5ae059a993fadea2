"""Persons through the API (``/api/v1/persons/``): the same access decision, purpose rule
and redaction as the person's page.

- The list and a record without ``?purpose=`` give what the pages show without opening
  the identity: the code, sex, year of birth, citizenships, the victim profile and its
  events (places and descriptions are sealed and absent).
- ``?purpose=investigation`` (one of ``AccessPurpose``; ``other`` with ``purpose_note``)
  opens the identity for this call, recorded as the page's "open with a purpose" is; a
  client that may not open it is refused. The parts of the identity the client's grants
  do not reach (a referral that sent the names only) are absent from the JSON, not empty.
- Creation checks for likely duplicates as the entry form does: when the person may
  already be in the database the call is refused (409, ``possible_duplicate``) with the
  codes the client may open; the client compares and sends the call again with those
  codes in ``duplicates_seen`` to enter the person anyway.
- A change carries the ``version`` the client read; a change since is refused (409,
  ``stale``) saying by whom and when.
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from ctis.cases import selectors as cases_selectors
from ctis.cases import services as cases_services
from ctis.cases.access import (
    Access,
    access_person,
    identity_persons,
    require_person_change,
)
from ctis.cases.choices import (
    AccessPurpose,
    ContactKind,
    ControlMethod,
    DocumentKind,
    ExploitationForm,
    RecruiterRelationship,
    RecruitmentMethod,
    Sex,
    SexualExploitationKind,
    TraffickingStatus,
)
from ctis.cases.identity import ENTRY_PURPOSE, identity_open
from ctis.cases.inputs import ContactInput, DocumentInput, PersonInput, VictimInput
from ctis.cases.redacted import NOTES, person_view
from ctis.core import bounds
from ctis.core.models import Country
from ctis.interop.api import (
    CONFLICT,
    IDEMPOTENCY,
    PAGE_PARAMETERS,
    REFUSALS,
    ApiView,
    create_once,
    cursor_page,
    page_of,
    query_choice,
    query_int,
)

# What is sent ---------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _victim_json(victim, events, sealed_shown: bool) -> dict:
    return {
        "status": victim.status,
        "status_decided_by": victim.status_decided_by.code if victim.status_decided_by else None,
        "status_decided_on": _iso(victim.status_decided_on),
        "identified_on": _iso(victim.identified_on),
        "forms": list(victim.forms),
        "labour_sector": victim.labour_sector,
        "sexual_kinds": list(victim.sexual_kinds),
        "control_methods": list(victim.control_methods),
        "recruitment_method": victim.recruitment_method,
        "recruiter_relationship": victim.recruiter_relationship,
        "age_when_trafficked": victim.age_when_trafficked,
        "events": [
            {
                "id": event.pk,
                "kind": event.kind,
                "country": event.country.alpha3 if event.country else None,
                "started_on": _iso(event.started_on),
                "ended_on": _iso(event.ended_on),
                **({"place": event.place} if sealed_shown else {}),
            }
            for event in events
        ],
    }


def person_json(access) -> dict:
    """What the access decision lets this client see of the person, as JSON: a part it may
    not see is absent (``person_view`` never reads it)."""
    view = person_view(access)
    person = access.person
    out: dict = {
        "code": person.code,
        "version": person.version,
        "sex": person.sex,
        "birth_year": person.birth_year,
        "citizenships": [country.alpha3 for country in view["citizenships"]],
        "languages": list(person.languages),
        "owner_agency": person.owner_agency.code,
        "created_at": person.created_at.isoformat(),
        "victim_status": person.victim_status or None,
    }
    if access.identity_open:
        out["identity_purpose"] = access.purpose
        for column in ("family_name", "given_name", "patronymic", "aliases", "address", NOTES):
            if column in view:
                out[column] = view[column] or ""
        if "birth_date" in view:
            out["birth_date"] = _iso(view["birth_date"])
        if "documents" in view:
            out["documents"] = [
                {
                    "kind": d.kind,
                    "number": d.number,
                    "issuer": d.issuer.alpha3 if d.issuer else None,
                }
                for d in view["documents"]
            ]
        if "contacts" in view:
            out["contacts"] = [{"kind": c.kind, "value": c.value} for c in view["contacts"]]
    if "victim" in view:
        victim = view["victim"]
        out["victim"] = (
            _victim_json(victim, view["events"], view["sealed_shown"]) if victim else None
        )
    return out


class PersonOutSerializer(serializers.Serializer):
    """The description of what is sent (``person_json`` builds it): identity fields appear
    only with ``?purpose=`` and only those the client's grants reach."""

    code = serializers.CharField()
    version = serializers.IntegerField()
    sex = serializers.ChoiceField(Sex.choices)
    birth_year = serializers.IntegerField(allow_null=True)
    citizenships = serializers.ListField(child=serializers.CharField(), help_text="ISO alpha-3")
    languages = serializers.ListField(child=serializers.CharField())
    owner_agency = serializers.CharField()
    created_at = serializers.DateTimeField()
    victim_status = serializers.CharField(allow_null=True)
    identity_purpose = serializers.CharField(required=False)
    family_name = serializers.CharField(required=False)
    given_name = serializers.CharField(required=False)
    patronymic = serializers.CharField(required=False)
    aliases = serializers.CharField(required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(required=False)
    notes = serializers.CharField(required=False)
    documents = serializers.ListField(child=serializers.DictField(), required=False)
    contacts = serializers.ListField(child=serializers.DictField(), required=False)
    victim = serializers.DictField(required=False, allow_null=True)


class PersonRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    sex = serializers.CharField()
    birth_year = serializers.IntegerField(allow_null=True)
    victim_status = serializers.CharField(allow_null=True)
    identified_on = serializers.DateField(allow_null=True)
    owner_agency = serializers.CharField(source="owner_agency.code")
    created_at = serializers.DateTimeField()


# What is received -----------------------------------------------------------------------


@extend_schema_field({"type": "string", "pattern": "^[A-Za-z]{2,3}$", "example": "AZE"})
class CountryField(serializers.Field):
    """A country by its ISO code, alpha-2 or alpha-3 (``AZ``, ``AZE``)."""

    def to_internal_value(self, data) -> Country:
        code = str(data).strip().upper() if isinstance(data, str) else ""
        found = None
        if len(code) == 3:
            found = Country.objects.filter(alpha3=code).first()
        elif len(code) == 2:
            found = Country.objects.filter(code=code).first()
        if found is None:
            raise serializers.ValidationError(
                _("No country has the code %(code)s.") % {"code": str(data)[:10]}, code="unknown"
            )
        return found

    def to_representation(self, value) -> str:
        return value.alpha3


class DocumentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(DocumentKind.choices)
    number = serializers.CharField(max_length=bounds.SHORT)
    issuer = CountryField(required=False, allow_null=True, default=None)


class ContactSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(ContactKind.choices)
    value = serializers.CharField(max_length=bounds.SHORT)


class VictimInSerializer(serializers.Serializer):
    status = serializers.ChoiceField(TraffickingStatus.choices, default=TraffickingStatus.POSSIBLE)
    identified_on = serializers.DateField(required=False, allow_null=True, default=None)
    forms = serializers.ListField(
        child=serializers.ChoiceField(ExploitationForm.choices), required=False, default=list
    )
    labour_sector = serializers.CharField(max_length=60, required=False, default="")
    sexual_kinds = serializers.ListField(
        child=serializers.ChoiceField(SexualExploitationKind.choices), required=False, default=list
    )
    control_methods = serializers.ListField(
        child=serializers.ChoiceField(ControlMethod.choices), required=False, default=list
    )
    recruitment_method = serializers.ChoiceField(
        RecruitmentMethod.choices, required=False, default=""
    )
    recruiter_relationship = serializers.ChoiceField(
        RecruiterRelationship.choices, required=False, default=""
    )
    age_when_trafficked = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )


class PersonInSerializer(serializers.Serializer):
    """A person as the entry form takes it (the person's codes are HTCDS values)."""

    given_name = serializers.CharField(max_length=bounds.NAME)
    family_name = serializers.CharField(max_length=bounds.NAME, required=False, default="")
    patronymic = serializers.CharField(max_length=bounds.NAME, required=False, default="")
    aliases = serializers.CharField(max_length=bounds.NOTE, required=False, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True, default=None
    )
    sex = serializers.ChoiceField(Sex.choices, required=False, default=Sex.UNKNOWN)
    citizenships = serializers.ListField(
        child=CountryField(), required=False, default=list, max_length=10
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=5), required=False, default=list, max_length=10
    )
    address = serializers.CharField(max_length=bounds.NOTE, required=False, default="")
    notes = serializers.CharField(max_length=bounds.NOTE, required=False, default="")
    documents = DocumentSerializer(many=True, required=False, default=list, max_length=20)
    contacts = ContactSerializer(many=True, required=False, default=list, max_length=20)

    def to_input(self) -> PersonInput:
        """The person's fields as ``PersonInput`` (a subclass's own fields, such as the
        version or the victim profile, are not the person's)."""
        data = {key: self.validated_data[key] for key in PERSON_INPUT_FIELDS}
        data["documents"] = [DocumentInput(**d) for d in data["documents"]]
        data["contacts"] = [ContactInput(**c) for c in data["contacts"]]
        return PersonInput(**data)


PERSON_INPUT_FIELDS = [f.name for f in dataclasses.fields(PersonInput)]


class PersonCreateSerializer(PersonInSerializer):
    victim = VictimInSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="A victim profile made with the person (the code then starts with V).",
    )
    duplicates_seen = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=20,
        help_text="The codes a refusal for a possible duplicate named, compared and "
        "found to be other persons.",
    )


class PersonChangeSerializer(PersonInSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the client read; a change since is refused (409)."
    )


# The resource ---------------------------------------------------------------------------

PURPOSE = OpenApiParameter(
    "purpose",
    str,
    enum=AccessPurpose.values,
    description="Why the identity is opened; without it the identity is absent.",
)
PURPOSE_NOTE = OpenApiParameter(
    "purpose_note", str, description="In a few words, for the purpose 'other'."
)


def read_purpose(request) -> tuple[str | None, str]:
    purpose = request.query_params.get("purpose", "").strip() or None
    if purpose is not None and purpose not in AccessPurpose.values:
        raise serializers.ValidationError(
            {"purpose": [_("Choose why you open this record.")]}, code="invalid"
        )
    return purpose, request.query_params.get("purpose_note", "")[: bounds.NOTE]


class PersonList(ApiView):
    """The persons the client's agency may see, newest first, a page at a time; codes and
    what lists show, never identities (open one by its code with a purpose)."""

    @extend_schema(
        operation_id="persons_list",
        parameters=[
            OpenApiParameter("status", str, enum=TraffickingStatus.values),
            OpenApiParameter("year", int, description="Identified in this year (1990–2100)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: cursor_page(PersonRowSerializer), **REFUSALS},
    )
    def get(self, request):
        filters = cases_selectors.PersonFilters()
        filters.status = query_choice(request, "status", TraffickingStatus.choices) or ""
        filters.year = query_int(request, "year", min_value=1990, max_value=2100)
        # The list's own selector: the sealed columns are neither read nor decrypted.
        rows = cases_selectors.person_list(request.user, filters)
        return page_of(self, rows, PersonRowSerializer, "-created_at")

    @extend_schema(
        operation_id="persons_create",
        request=PersonCreateSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: PersonOutSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request):
        data = PersonCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def create():
            person_input = data.to_input()
            victim = data.validated_data["victim"]
            seen_codes = {c.strip().upper() for c in data.validated_data["duplicates_seen"]}
            user = request.user
            cases_services.person_probe_count(actor=user, kind="duplicates")
            cases_services.person_probe_restricted_record(
                actor=user,
                kind="duplicates",
                withheld=cases_selectors.duplicates_withheld(user, person_input),
            )
            candidates = cases_selectors.person_duplicates(user, person_input)
            unseen = [c for c in candidates if c.person.code not in seen_codes]
            if unseen:
                return Response(
                    {
                        "errors": [
                            {
                                "field": "duplicates_seen",
                                "code": "possible_duplicate",
                                "message": _(
                                    "This person may already be in the database: %(codes)s. "
                                    "Compare, then send the call again with these codes in "
                                    "duplicates_seen to enter the person anyway."
                                )
                                % {"codes": ", ".join(c.person.code for c in unseen)},
                            }
                        ],
                        "candidates": [
                            {"code": c.person.code, "score": c.score, "reasons": c.reasons}
                            for c in unseen
                        ],
                    },
                    status=status.HTTP_409_CONFLICT,
                )
            seen = list(identity_persons(user).filter(code__in=[c.person.code for c in candidates]))
            return cases_services.person_create(
                actor=user,
                data=person_input,
                prefix="V" if victim is not None else "P",
                registered_on=(victim or {}).get("identified_on"),
                victim=VictimInput(**victim) if victim is not None else None,
                duplicates_seen=seen,
            )

        def answer(person) -> dict:
            # Who entered the person has just sent the identity: it is sent back, as the
            # entry form keeps it open for who typed it, if the decision still lets it.
            access = access_person(request.user, person.pk, level=Access.IDENTITY)
            return person_json(dataclasses.replace(access, purpose=ENTRY_PURPOSE))

        return create_once(request, create, answer)


def person_pk(code: str):
    """The key of the person with this code; the access decision comes after, and says
    the same whether there is no such person or the client may not see it."""
    pk = cases_selectors.person_key(code)
    if pk is None:
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    return pk


class PersonDetail(ApiView):
    """One person by code. Without ``purpose`` the identity is absent; with it, opened for
    this call and recorded with the purpose."""

    @extend_schema(
        operation_id="persons_read",
        parameters=[PURPOSE, PURPOSE_NOTE],
        responses={200: PersonOutSerializer, **REFUSALS},
    )
    def get(self, request, code):
        purpose, note = read_purpose(request)
        access = access_person(request.user, person_pk(code), purpose, note=note)
        return Response(person_json(access))

    @extend_schema(
        operation_id="persons_change",
        parameters=[PURPOSE, PURPOSE_NOTE],
        request=PersonChangeSerializer,
        responses={200: PersonOutSerializer, **REFUSALS, **CONFLICT},
    )
    def put(self, request, code):
        """The whole person as the change form sends it (fields left out are emptied), at
        the version read; the identity is opened with ``purpose`` (required), as the page
        opens it before its change form."""
        purpose, note = read_purpose(request)
        if purpose is None:
            raise serializers.ValidationError(
                {"purpose": [_("Open the person's identity, with a purpose, before changing it.")]}
            )
        data = PersonChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        access = access_person(request.user, person_pk(code), level=Access.IDENTITY, sealed=True)
        require_person_change(request.user, access)  # before the opening is recorded
        identity_open(
            user=request.user, person=access.person, purpose=purpose, note=note, window=None
        )
        changed = cases_services.person_update(
            actor=request.user,
            person=access.person,
            version=data.validated_data["version"],
            data=data.to_input(),
        )
        return Response(person_json(dataclasses.replace(access, person=changed, purpose=purpose)))
