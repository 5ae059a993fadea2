"""What every API view shares (ADR 0020): the token, a rate limit per client, an audit
entry per call, and errors in one shape, never a stack trace:

    {"errors": [{"field": "name", "code": "required", "message": "…"}]}

``field`` is null when the refusal names none."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from ctis.audit.services import audit_record
from ctis.core.crypto import blind_index
from ctis.core.locking import StaleVersion
from ctis.core.throttle import throttle_hit
from ctis.interop.authentication import ApiTokenAuthentication
from ctis.interop.models import IdempotencyKey

log = logging.getLogger(__name__)


def _is_error(details) -> bool:
    return isinstance(details, dict) and set(details) == {"message", "code"}


def _within(field: str | None, name) -> str | None:
    if name is None:
        return field
    return f"{field}.{name}" if field else str(name)


def _flatten(details, field: str | None = None) -> list[dict]:
    """DRF's nested details ({"field": [{"message", "code"}]}) as one list. A list of
    items' details (a serializer with ``many=True``: ``[{}, {}, {"value": [...]}]``) names
    each refusal by its item's index (``figures.2.value``), as the services name theirs."""
    if _is_error(details):
        return [{"field": field, "code": str(details["code"]), "message": str(details["message"])}]
    if isinstance(details, dict):
        out = []
        for key, value in details.items():
            name = None if key in ("non_field_errors", "detail", "__all__") else key
            out.extend(_flatten(value, _within(field, name)))
        return out
    if isinstance(details, list):
        if any(isinstance(item, dict) and not _is_error(item) for item in details):
            return [
                error
                for index, item in enumerate(details)
                for error in _flatten(item, _within(field, index))
            ]
        return [error for item in details for error in _flatten(item, field)]
    return [{"field": field, "code": "invalid", "message": str(details)}]


def _django_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {
                "field": None if field == "__all__" else field,
                "code": item.code or "invalid",
                "message": " ".join(item.messages),
            }
            for field, items in error.error_dict.items()
            for item in items
        ]
    return [
        {"field": None, "code": item.code or "invalid", "message": " ".join(item.messages)}
        for item in error.error_list
    ]


def exception_handler(exc, context):
    if isinstance(exc, StaleVersion):  # the record changed since the client read it
        return Response({"errors": _django_errors(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response({"errors": _django_errors(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("There is no such record, or it is not open to you."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("This client may not do that."))
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API refusal: a fault, logged, never shown
        log.exception("API call failed", exc_info=exc)
        return Response(
            {
                "errors": [
                    {
                        "field": None,
                        "code": "server_error",
                        "message": _("The server could not answer; the fault has been logged."),
                    }
                ]
            },
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    response.data = {"errors": _flatten(exc.get_full_details())}
    return response


def _refusal(code: str, message: str, status_code: int) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"field": None, "code": code, "message": message}]}, status=status_code
    )


def not_found(request, exception=None):
    """Django's 404 for an address no view answers (``handler404``): in the API's shape
    under ``/api/``, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return _refusal("not_found", _("The API has no such address."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django's 500 (``handler500``): in the API's shape under ``/api/``, logged by Django."""
    if request.path.startswith("/api/"):
        message = _("The server could not answer; the fault has been logged.")
        return _refusal("server_error", message, 500)
    return defaults.server_error(request)


class ClientRateThrottle(BaseThrottle):
    """Calls per client per minute (``CTIS_API_CALLS_PER_MINUTE``), counted in the database
    so that every server process shares the count (``ctis.core.throttle``)."""

    def allow_request(self, request, view) -> bool:
        token = getattr(request, "auth", None)
        if token is None:
            return True
        count = throttle_hit(
            "api.client",
            str(token.client_id),
            limit=settings.CTIS_API_CALLS_PER_MINUTE,
            window=timedelta(minutes=1),
        )
        self.seconds = count.minutes_left * 60
        return not count.exceeded

    def wait(self):
        return getattr(self, "seconds", 60)


class ApiView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [ClientRateThrottle]

    def initial(self, request, *args, **kwargs):
        """After the token, the permission and the rate: a query parameter that holds a
        NUL character is refused beside its name (no column can keep one; PostgreSQL
        would refuse the query), whatever the view reads it for."""
        super().initial(request, *args, **kwargs)
        for name, values in request.query_params.lists():
            if any("\x00" in value for value in values):
                raise exceptions.ValidationError(
                    {name[:40]: [_("This parameter holds a NUL character.")]}
                )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = getattr(request, "auth", None)
        if token is not None:
            audit_record(
                actor=request.user,
                action="interop.api.call",
                object_type="interop.apiclient",
                object_id=str(token.client_id),
                object_repr=token.client.name,
                changes={
                    "call": {
                        "before": None,
                        "after": f"{request.method} {request.path} {response.status_code}",
                    }
                },
            )
        return response


def open_to_tokens(view):
    """An API address in ``urlpatterns``: it answers systems with tokens, not log-in
    redirects (the site's login is required of every other page)."""
    return login_not_required(view)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "ctis.interop.authentication.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "ctis_<prefix>_<secret>",
            "description": "A token issued to the client by a ctis administrator.",
        }


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorsSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


# What any call may be answered with besides its own answer: a bad parameter or body (400),
# no valid token (401), a client that may not (403), no such record or address (404), too
# many calls (429).
REFUSALS = {code: ErrorsSerializer for code in (400, 401, 403, 404, 429)}
CONFLICT = {409: ErrorsSerializer}  # a record changed since it was read, a likely duplicate


class Pages(CursorPagination):
    """Pages by cursor, newest first unless told; a cursor that is none is refused as a
    bad parameter (400), not as a missing page."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {"cursor": [_("This is not a page's cursor; follow next or previous.")]}
            ) from None


def cursor_page(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The description of a page of ``item`` as ``CursorPagination`` answers it."""
    name = item.__name__.removesuffix("Serializer")
    return type(
        f"{name}Page",
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True, help_text="The next page, if any."),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


def page_of(view, rows, serializer: type[serializers.Serializer], ordering: str) -> Response:
    """A page of ``rows`` (a queryset the client may see) in ``ordering``, each row as
    ``serializer`` gives it, with the next and previous pages' addresses."""
    pages = Pages()
    pages.ordering = ordering
    page = pages.paginate_queryset(rows, view.request, view)
    return pages.get_paginated_response(serializer(page, many=True).data)


def _query(request, name: str, field: serializers.Field):
    """A query parameter read by a serializer field: absent is None; a value the field
    refuses is a 400 beside the parameter's name."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return None
    try:
        return field.run_validation(text)
    except serializers.ValidationError as refused:
        raise serializers.ValidationError({name: refused.detail}) from None


def query_choice(request, name: str, choices) -> str | None:
    return _query(request, name, serializers.ChoiceField(choices))


def query_int(request, name: str, *, min_value: int, max_value: int) -> int | None:
    return _query(request, name, serializers.IntegerField(min_value=min_value, max_value=max_value))


def query_date(request, name: str):
    return _query(request, name, serializers.DateField())


PAGE_PARAMETERS = [
    OpenApiParameter("cursor", str, description="From a page's next or previous address."),
    OpenApiParameter("page_size", int, description="Rows a page (at most 200; 50 unless told)."),
]


IDEMPOTENCY_HEADER = "HTTP_IDEMPOTENCY_KEY"

# The header every creation takes, as its schema describes it.
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="A key of the client's choosing: a retry with it creates nothing more and "
    "is answered with the record the first call created, as it is now.",
)


def _request_hash(request) -> str:
    """The request as an HMAC under the blind-index key: equal requests are recognised,
    and the body (a person's names, say) cannot be guessed and confirmed against it."""
    body = json.dumps(request.data, sort_keys=True, default=str)
    return blind_index(f"{request.method} {request.path}\n{body}", purpose="interop.idempotency")


def create_once(
    request,
    create: Callable[[], models.Model | Response],
    answer: Callable[[models.Model], dict],
) -> Response:
    """Create at most once per ``Idempotency-Key``. ``create`` makes the record and returns
    it (or returns a refusal as a ``Response``, which is answered and not kept);
    ``answer`` gives the record as JSON, through the access decision. The key is stored
    with the record's name in the record's transaction, so that a retried call — after a
    lost answer, or twice at once — makes nothing and gets the record as it is now."""
    key = request.META.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        made = create()
        if isinstance(made, Response):
            return made
        return Response(answer(made), status=status.HTTP_201_CREATED)
    if len(key) > 200:
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("The idempotency key is longer than 200 characters.")]}
        )
    client = request.auth.client
    digest = _request_hash(request)

    def replay(stored: IdempotencyKey) -> Response:
        if stored.request_hash != digest:
            raise exceptions.ValidationError(
                {"Idempotency-Key": [_("This key was used for a different request.")]}
            )
        model = apps.get_model(stored.record_type)
        record = model._default_manager.filter(pk=stored.record_id).first()
        if record is None:  # created, then removed
            raise Http404
        response = Response(answer(record), status=status.HTTP_201_CREATED)
        response["Idempotent-Replayed"] = "true"
        return response

    stored = IdempotencyKey.objects.filter(client=client, key=key).first()
    if stored is not None:
        return replay(stored)
    try:
        with transaction.atomic():
            made = create()
            if isinstance(made, Response):
                return made
            IdempotencyKey.objects.create(
                client=client,
                key=key,
                request_hash=digest,
                record_type=made._meta.label_lower,
                record_id=str(made.pk),
            )
            data = answer(made)
    except IntegrityError:  # the same key at the same time: the first one won
        stored = IdempotencyKey.objects.filter(client=client, key=key).first()
        if stored is None:
            raise
        return replay(stored)
    return Response(data, status=status.HTTP_201_CREATED)
