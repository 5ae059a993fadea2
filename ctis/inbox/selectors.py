"""Reads of the alert centre: each user sees only their own alerts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ctis.accounts.models import User
from ctis.inbox import kinds
from ctis.inbox.models import Alert, Preference


def alerts_for(user: User) -> QuerySet[Alert]:
    """The user's alerts in the centre, newest first."""
    return Alert.objects.filter(recipient=user, in_app=True).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    """One query."""
    return Alert.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


@dataclass(frozen=True)
class Setting:
    kind: kinds.Kind
    in_app: bool
    email: bool


def settings_for(user: User) -> list[Setting]:
    """Every kind the user can receive, with the user's choice or its default."""
    chosen = {
        kind: (in_app, email)
        for kind, in_app, email in Preference.objects.filter(user=user).values_list(
            "kind", "in_app", "email"
        )
    }
    return [
        Setting(kind, *chosen.get(kind.code, (kind.in_app, kind.email)))
        for kind in kinds.all_kinds()
        if kind.reaches(user)
    ]
