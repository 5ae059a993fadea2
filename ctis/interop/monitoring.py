"""Monitoring items through the API (``/api/v1/monitoring-items/``): the same gate as the
item's page (``ctis.monitoring.access``).

- The list gives the items the client's roles may see, as the page's gate scopes them
  (a monitoring officer's system every item, the police unit's the items referred to it),
  without the captured text, which is sealed.
- An item by its id gives what its page shows: the captured text, the signals matched
  (places, not words), the actions taken with their notes, and the triage steps the
  client may take now.
- A correction (``PUT``: language, category) and a triage step (``POST …/steps/``) carry
  the ``version`` the client read; a change since is refused (409) naming who made it and
  when. A screenshot is recorded from the page only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
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
    query_date,
)
from ctis.monitoring import selectors, services
from ctis.monitoring.access import access_item
from ctis.monitoring.inputs import ItemInput
from ctis.monitoring.models import Category, Language, Platform, TriageState
from ctis.monitoring.services import TRIAGE_STEPS

# What is sent ---------------------------------------------------------------------------


class ItemRowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    url = serializers.URLField()
    platform = serializers.ChoiceField(Platform.choices)
    category = serializers.ChoiceField(Category.choices)
    language = serializers.CharField()
    state = serializers.ChoiceField(TriageState.choices)
    score = serializers.FloatField()
    found_on = serializers.DateField()
    group = serializers.UUIDField(
        source="group_id", allow_null=True, help_text="The first item of its near-copies."
    )
    created_at = serializers.DateTimeField()


class MatchSerializer(serializers.Serializer):
    signal = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ActionSerializer(serializers.Serializer):
    step = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    label = serializers.CharField()
    note = serializers.CharField(allow_null=True)
    taken_on = serializers.DateField()
    taken_by = serializers.CharField(source="taken_by.username", allow_null=True, default=None)


class ItemOutSerializer(ItemRowSerializer):
    """An item as its page shows it (``item_json`` builds it)."""

    text = serializers.CharField(allow_null=True)
    matches = MatchSerializer(many=True)
    escalated_to = serializers.CharField()
    has_screenshot = serializers.BooleanField()
    actions = ActionSerializer(many=True)
    steps = serializers.ListField(
        child=serializers.CharField(), help_text="The triage steps the client may take now."
    )


def item_json(request, pk) -> dict:
    """The item through the page's gate (``access_item``), as its page shows it."""
    item = access_item(request.user, pk)
    return {
        **ItemRowSerializer(item).data,
        "text": item.text,
        "matches": MatchSerializer(item.matches, many=True).data,
        "escalated_to": item.escalated_to,
        "has_screenshot": bool(item.screenshot),
        "actions": ActionSerializer(selectors.item_actions(item), many=True).data,
        "steps": list(TRIAGE_STEPS.allowed(item, request.user)),
    }


# What is received -----------------------------------------------------------------------


class ItemInSerializer(serializers.Serializer):
    """An item as the page's form takes it (without a screenshot)."""

    url = serializers.CharField(max_length=2000)
    platform = serializers.ChoiceField(Platform.choices)
    category = serializers.ChoiceField(Category.choices)
    found_on = serializers.DateField(required=False, allow_null=True, default=None)
    text = serializers.CharField(
        max_length=bounds.TEXT, required=False, allow_blank=True, default=""
    )
    language = serializers.ChoiceField(
        Language.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Empty: detected from the text.",
    )
    escalated_to = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Child sexual abuse material only: the body it was escalated to.",
    )


VERSION_HELP = "The version the client read; a change since is refused (409)."


class ItemChangeSerializer(serializers.Serializer):
    language = serializers.ChoiceField(Language.choices, allow_blank=True)
    category = serializers.ChoiceField(Category.choices)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP)


class StepInSerializer(serializers.Serializer):
    step = serializers.ChoiceField(list(TRIAGE_STEPS.steps))
    note = serializers.CharField(
        max_length=bounds.NOTE, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP)


# The resource ---------------------------------------------------------------------------


def _require_items(user) -> None:
    """The list is for the roles the item's gate opens any item to."""
    if not (
        user.has_perm("monitoring.view_items") or user.has_perm("monitoring.receive_referrals")
    ):
        raise PermissionDenied(_("This client may not see monitoring items."))


class ItemList(ApiView):
    """The monitoring items the client may see, most recently recorded first."""

    @extend_schema(
        operation_id="monitoring_items_list",
        parameters=[
            OpenApiParameter("state", str, enum=TriageState.values),
            OpenApiParameter("category", str, enum=Category.values),
            OpenApiParameter("platform", str, enum=Platform.values),
            OpenApiParameter("found_from", str, description="Found on or after (YYYY-MM-DD)."),
            OpenApiParameter("found_to", str, description="Found on or before (YYYY-MM-DD)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: cursor_page(ItemRowSerializer), **REFUSALS},
    )
    def get(self, request):
        _require_items(request.user)
        rows = selectors.items(
            request.user,
            state=query_choice(request, "state", TriageState.choices) or "",
            category=query_choice(request, "category", Category.choices) or "",
            platform=query_choice(request, "platform", Platform.choices) or "",
            found_from=query_date(request, "found_from"),
            found_to=query_date(request, "found_to"),
        )
        return page_of(self, rows, ItemRowSerializer, "-created_at")

    @extend_schema(
        operation_id="monitoring_items_create",
        request=ItemInSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: ItemOutSerializer, **REFUSALS},
    )
    def post(self, request):
        """Record an item found online or in the media: screened as the page's are, and
        joined to the group of an earlier near-copy."""
        data = ItemInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return create_once(
            request,
            lambda: services.item_create(actor=request.user, data=ItemInput(**data.validated_data)),
            lambda item: item_json(request, item.pk),
        )


class ItemDetail(ApiView):
    @extend_schema(
        operation_id="monitoring_items_read",
        responses={200: ItemOutSerializer, **REFUSALS},
    )
    def get(self, request, pk):
        return Response(item_json(request, pk))

    @extend_schema(
        operation_id="monitoring_items_change",
        request=ItemChangeSerializer,
        responses={200: ItemOutSerializer, **REFUSALS, **CONFLICT},
    )
    def put(self, request, pk):
        """Correct the language or the category, at the version read. An item of child
        sexual abuse material is not corrected (``item_edit`` refuses it, as its page
        offers no correction)."""
        item = access_item(request.user, pk)
        data = ItemChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.item_edit(
            actor=request.user,
            item=item,
            language_code=data.validated_data["language"],
            category=data.validated_data["category"],
            version=data.validated_data["version"],
        )
        return Response(item_json(request, pk))


class ItemSteps(ApiView):
    @extend_schema(
        operation_id="monitoring_items_step",
        request=StepInSerializer,
        responses={200: ItemOutSerializer, **REFUSALS, **CONFLICT},
    )
    def post(self, request, pk):
        """Take a triage step (the item's ``steps`` say which are open), at the version
        read; the step moves the item's near-copies with it, and a referral alerts the
        police unit. Answered with the item as it is now."""
        item = access_item(request.user, pk)
        data = StepInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.item_step(actor=request.user, item=item, **data.validated_data)
        return Response(item_json(request, pk))


urlpatterns = [
    path("v1/monitoring-items/", open_to_tokens(ItemList.as_view()), name="monitoring_items"),
    path(
        "v1/monitoring-items/<uuid:pk>/",
        open_to_tokens(ItemDetail.as_view()),
        name="monitoring_item",
    ),
    path(
        "v1/monitoring-items/<uuid:pk>/steps/",
        open_to_tokens(ItemSteps.as_view()),
        name="monitoring_item_steps",
    ),
]
