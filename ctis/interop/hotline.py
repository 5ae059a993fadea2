"""Hotline contacts through the API (``/api/v1/hotline-contacts/``): the same gate as the
hotline's pages (``ctis.hotline.access``).

- The list gives the contacts the client's roles may see (its agency's, or every
  agency's for a role that reads them all), newest first, without their notes (sealed).
- A contact by its id gives what its page shows of the call: its notes too, and whether
  a caller is known; never the caller's identifiers, flags or earlier contacts (on the
  page these are the operator's, brought up one caller at a time and counted).
- Recording a contact (``POST``) is the call form's: the caller is found by the
  identifier's blind index; the answer is the contact just recorded, never the caller's
  other contacts.
- ``PATCH`` does what the contact's page lets be done after the call: mark the
  follow-up done (refused when there is none), link the contact to a person by code.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from ctis.cases.access import person_by_code
from ctis.core import bounds
from ctis.hotline import selectors, services
from ctis.hotline.access import access_contact
from ctis.hotline.models import (
    CallerType,
    Channel,
    Emergency,
    Language,
    Nature,
    Outcome,
    Recipient,
    Region,
)
from ctis.interop.api import (
    IDEMPOTENCY,
    PAGE_PARAMETERS,
    REFUSALS,
    ApiView,
    create_once,
    cursor_page,
    open_to_tokens,
    page_of,
    query_choice,
    query_date,
)

# What is sent ---------------------------------------------------------------------------


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TopicCodes(serializers.Field):
    """The codes of a contact's topics (prefetched by the selector)."""

    def to_representation(self, value) -> list[str]:
        return [topic.code for topic in value.all()]


class ContactRowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    received_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(Channel.choices)
    language = serializers.ChoiceField(Language.choices)
    caller_type = serializers.ChoiceField(CallerType.choices)
    nature = serializers.ChoiceField(Nature.choices)
    topics = TopicCodes(read_only=True)
    region = serializers.CharField()
    outcome = serializers.ChoiceField(Outcome.choices)
    emergency = serializers.CharField()
    follow_up_on = serializers.DateField(allow_null=True)
    follow_up_done_at = serializers.DateTimeField(allow_null=True)
    agency = serializers.CharField(source="agency.code")
    person = serializers.CharField(source="person.code", allow_null=True, default=None)


class ContactOutSerializer(ContactRowSerializer):
    """A contact as its page shows the call (``contact_json`` builds it)."""

    notes = serializers.CharField()
    caller_known = serializers.BooleanField()
    consents = serializers.ListField(
        child=serializers.ChoiceField(Recipient.choices),
        help_text="The recipients the caller's details may go to (by consent or override).",
    )


def contact_json(request, pk) -> dict:
    """The contact through the page's gate (``access_contact``), as its page shows it."""
    contact = access_contact(request.user, pk)
    return {
        **ContactRowSerializer(contact).data,
        "notes": contact.notes or "",
        "caller_known": contact.caller_id is not None,
        "consents": [d.recipient for d in selectors.disclosures(contact).values() if d.allowed],
    }


# What is received -----------------------------------------------------------------------


class ContactInSerializer(serializers.Serializer):
    """A contact as the call form takes it."""

    identifier = serializers.CharField(
        max_length=bounds.SHORT,
        required=False,
        allow_blank=True,
        default="",
        help_text="The caller's number, e-mail or handle as given; empty if not.",
    )
    topics = serializers.ListField(
        child=serializers.SlugField(max_length=40),
        required=False,
        default=list,
        max_length=30,
        help_text="Codes of topics in use.",
    )
    nature = serializers.ChoiceField(Nature.choices, required=False, default=Nature.CASE)
    caller_type = serializers.ChoiceField(
        CallerType.choices, required=False, default=CallerType.AT_RISK
    )
    channel = serializers.ChoiceField(Channel.choices, required=False, default=Channel.PHONE)
    language = serializers.ChoiceField(Language.choices, required=False, default=Language.AZ)
    region = serializers.ChoiceField(Region.choices, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(Outcome.choices, required=False, default=Outcome.INFORMATION)
    emergency = serializers.ChoiceField(
        Emergency.choices, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(
        max_length=bounds.NOTE, required=False, allow_blank=True, default=""
    )
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    consents = serializers.ListField(
        child=serializers.ChoiceField(Recipient.choices), required=False, default=list
    )
    received_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Empty: now."
    )

    def validate_topics(self, codes):
        found = {t.code: t for t in selectors.topics_in_use().filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise serializers.ValidationError(
                _("No topic in use has the code %(code)s.") % {"code": unknown[0]}
            )
        return [found[code] for code in dict.fromkeys(codes)]


class ContactChangeSerializer(serializers.Serializer):
    follow_up_done = serializers.BooleanField(
        required=False, help_text="true: the follow-up the contact asked for is done."
    )
    person = serializers.CharField(
        max_length=40, required=False, help_text="Link the contact to the person with this code."
    )

    def validate_follow_up_done(self, done):
        if not done:
            raise serializers.ValidationError(_("A follow-up done is not undone."))
        return done


# The resource ---------------------------------------------------------------------------


def _midnight(day: datetime.date, *, after: bool = False) -> datetime.datetime:
    """The start of ``day`` (of the next day: ``after``) in the current time zone, as the
    list page's date range."""
    day = day + datetime.timedelta(days=1) if after else day
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


class ContactList(ApiView):
    """The contacts the client may see, newest first."""

    @extend_schema(
        operation_id="hotline_contacts_list",
        parameters=[
            OpenApiParameter("start", str, description="Received on or after (YYYY-MM-DD)."),
            OpenApiParameter("end", str, description="Received on or before (YYYY-MM-DD)."),
            OpenApiParameter("channel", str, enum=Channel.values),
            OpenApiParameter("nature", str, enum=Nature.values),
            OpenApiParameter("outcome", str, enum=Outcome.values),
            OpenApiParameter("topic", str, description="A topic's code."),
            *PAGE_PARAMETERS,
        ],
        responses={200: cursor_page(ContactRowSerializer), **REFUSALS},
    )
    def get(self, request):
        user = request.user
        if not (
            user.has_perm("hotline.view_contacts") or user.has_perm("hotline.view_all_contacts")
        ):
            raise PermissionDenied(_("This client may not see hotline contacts."))
        rows = selectors.contacts(user).select_related("agency", "person")
        if start := query_date(request, "start"):
            rows = rows.filter(received_at__gte=_midnight(start))
        if end := query_date(request, "end"):
            rows = rows.filter(received_at__lt=_midnight(end, after=True))
        for name, choices in (
            ("channel", Channel.choices),
            ("nature", Nature.choices),
            ("outcome", Outcome.choices),
        ):
            if chosen := query_choice(request, name, choices):
                rows = rows.filter(**{name: chosen})
        if topic := request.query_params.get("topic", "").strip():
            rows = selectors.with_topic(rows, topic[:40])
        return page_of(self, rows, ContactRowSerializer, "-received_at")

    @extend_schema(
        operation_id="hotline_contacts_create",
        request=ContactInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: ContactOutSerializer, **REFUSALS},
    )
    def post(self, request):
        """Record a call or message, as the call form does."""
        data = ContactInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return create_once(
            request,
            lambda: services.contact_record(
                actor=request.user, data=services.ContactInput(**data.validated_data)
            ),
            lambda contact: contact_json(request, contact.pk),
        )


class ContactDetail(ApiView):
    @extend_schema(
        operation_id="hotline_contacts_read",
        responses={200: ContactOutSerializer, **REFUSALS},
    )
    def get(self, request, pk):
        return Response(contact_json(request, pk))

    @extend_schema(
        operation_id="hotline_contacts_change",
        request=ContactChangeSerializer,
        responses={200: ContactOutSerializer, **REFUSALS},
    )
    def patch(self, request, pk):
        """Mark the follow-up done, link the contact to a person by code, or both (both or
        neither are saved)."""
        user = request.user
        contact = access_contact(user, pk)
        data = ContactChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = data.validated_data.get("follow_up_done")
        code = data.validated_data.get("person")
        if done and contact.follow_up_on is None:
            raise ValidationError(
                {"follow_up_done": [_("This contact asked for no follow-up.")]}, code="invalid"
            )
        person = None
        if code is not None:
            if not user.has_perm("hotline.link_person"):
                raise PermissionDenied(_("This client may not link contacts to persons."))
            person = person_by_code(user, code)
            if person is None:
                raise ValidationError(
                    {"person": [_("There is no such person, or you may not see the record.")]}
                )
        with transaction.atomic():
            if done:
                services.contact_follow_up_done(actor=user, contact=contact)
            if person is not None:
                services.contact_person_link(actor=user, contact=contact, person=person)
        return Response(contact_json(request, pk))


urlpatterns = [
    path("v1/hotline-contacts/", open_to_tokens(ContactList.as_view()), name="hotline_contacts"),
    path(
        "v1/hotline-contacts/<uuid:pk>/",
        open_to_tokens(ContactDetail.as_view()),
        name="hotline_contact",
    ),
]
