"""The API's resources (``/api/v1/``): thin views over the services and selectors, as the
pages are (ADR 0001)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ctis.cases.access import person_by_code
from ctis.core import bounds
from ctis.interop.api import (
    IDEMPOTENCY,
    PAGE_PARAMETERS,
    REFUSALS,
    ApiView,
    create_once,
    cursor_page,
    page_of,
)
from ctis.nrm import selectors as nrm_selectors
from ctis.nrm import services as nrm_services


class ClientSerializer(serializers.Serializer):
    client = serializers.CharField(help_text="The system's registered name.")
    agency = serializers.CharField(help_text="The agency's code.")
    roles = serializers.ListField(child=serializers.CharField())
    token_prefix = serializers.CharField()
    token_expires_at = serializers.DateTimeField()


class ClientView(ApiView):
    """Who the token belongs to: the client, its agency and roles, and when the token
    expires (for a system to check its set-up and to renew in time)."""

    @extend_schema(
        operation_id="client_read",
        responses={200: ClientSerializer, **REFUSALS},
    )
    def get(self, request):
        token = request.auth
        client = token.client
        return Response(
            ClientSerializer(
                {
                    "client": client.name,
                    "agency": client.agency.code,
                    "roles": request.user.role_codes,
                    "token_prefix": token.prefix,
                    "token_expires_at": token.expires_at,
                }
            ).data
        )


# Notifications to the police unit (plan measure 4.1.12) -------------------------------


class NotificationSerializer(serializers.Serializer):
    """A notification as the agency that sent or received it sees it. Why the unit was told
    (the note) is sealed like an identity and is not sent back."""

    id = serializers.UUIDField(read_only=True)
    person = serializers.CharField(source="person.code", read_only=True)
    from_agency = serializers.CharField(source="from_agency.code", read_only=True)
    to_agency = serializers.CharField(source="to_agency.code", read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)
    due_at = serializers.DateTimeField(read_only=True)
    received_at = serializers.DateTimeField(read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, notification) -> bool:
        return notification.is_overdue()


class NotificationInput(serializers.Serializer):
    person = serializers.CharField(
        max_length=40, help_text="The person's code (V-2021-0001), a record the client may change."
    )
    note = serializers.CharField(
        max_length=bounds.NOTE, help_text="Why the police unit is told.", trim_whitespace=True
    )


class NotificationList(ApiView):
    """The notifications the client's agency sent or received, newest first, a page at a
    time (``next`` holds the next page's address); a presumed victim notified."""

    @extend_schema(
        operation_id="notifications_list",
        parameters=PAGE_PARAMETERS,
        responses={200: cursor_page(NotificationSerializer), **REFUSALS},
    )
    def get(self, request):
        if not request.user.has_perm("nrm.view_notifications"):
            raise PermissionDenied(_("This client may not see notifications."))
        rows = nrm_selectors.notifications_for(request.user)
        return page_of(self, rows, NotificationSerializer, "-sent_at")

    @extend_schema(
        operation_id="notifications_create",
        request=NotificationInput,
        parameters=[IDEMPOTENCY],
        responses={201: NotificationSerializer, **REFUSALS},
    )
    def post(self, request):
        data = NotificationInput(data=request.data)
        data.is_valid(raise_exception=True)

        def create():
            person = person_by_code(request.user, data.validated_data["person"])
            if person is None:
                raise serializers.ValidationError(
                    {"person": [_("No person with this code is open to this client.")]}
                )
            return nrm_services.notification_send(
                actor=request.user, person=person, note=data.validated_data["note"]
            )

        def answer(notification) -> dict:
            return NotificationSerializer(notification).data

        return create_once(request, create, answer)


class NotificationDetail(ApiView):
    @extend_schema(
        operation_id="notifications_read",
        responses={200: NotificationSerializer, **REFUSALS},
    )
    def get(self, request, pk):
        notification = (
            nrm_selectors.notifications_for(request.user).filter(pk=pk).first()
            if request.user.has_perm("nrm.view_notifications")
            else None
        )
        if notification is None:
            raise Http404
        return Response(NotificationSerializer(notification).data)
