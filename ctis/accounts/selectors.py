"""Reads for the agency registry and user administration pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ctis.accounts.models import Agency, AgencyKind, User
from ctis.accounts.roles import ROLE_PERMISSIONS

KIND_ORDER = {value: position for position, value in enumerate(AgencyKind.values)}


def agency_registry(*, kind: str = "", query: str = "", active: bool | None = None) -> list[Agency]:
    """Agencies with their parent and user count, by type (in AgencyKind order), then name.

    Sorted by the localized name in Python: the registry holds at most a few hundred bodies.
    """
    agencies = Agency.objects.select_related("parent").annotate(user_count=Count("users"))
    if kind:
        agencies = agencies.filter(kind=kind)
    if query:
        agencies = agencies.filter(
            Q(name_az__icontains=query)
            | Q(name_en__icontains=query)
            | Q(name_ru__icontains=query)
            | Q(short_az__icontains=query)
            | Q(short_en__icontains=query)
            | Q(short_ru__icontains=query)
            | Q(code__icontains=query)
        )
    if active is not None:
        agencies = agencies.filter(is_active=active)
    return sorted(
        agencies, key=lambda a: (KIND_ORDER.get(a.kind, len(KIND_ORDER)), a.name.casefold())
    )


def agency_by_code(code: str) -> Agency | None:
    """The active agency with this code (``mia-ctd``), or None."""
    return Agency.objects.filter(code=code.strip().lower(), is_active=True).first()


def agency_users(agency: Agency) -> QuerySet:
    return User.objects.filter(agency=agency).prefetch_related("roles")


def user_directory(
    *, agency: Agency | None = None, role: str = "", active: bool | None = None, query: str = ""
) -> QuerySet:
    """Users for the administration list; roles prefetched so rows cost no queries."""
    users = User.objects.select_related("agency").prefetch_related("roles")
    if agency is not None:
        users = users.filter(agency=agency)
    if role:
        users = users.filter(roles__role=role)
    if active is not None:
        users = users.filter(is_active=active)
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users.order_by("last_name", "first_name", "username")


def users_holding(*permissions: str, agency_ids=None) -> QuerySet:
    """Active users whose roles grant any of ``permissions`` (in the agencies given, if
    any), with their roles prefetched so that ``has_perm`` costs no query per user."""
    wanted = set(permissions)
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if granted & wanted]
    users = User.objects.filter(is_active=True, roles__role__in=roles)
    if agency_ids is not None:
        users = users.filter(agency_id__in=[a for a in agency_ids if a is not None])
    return users.distinct().prefetch_related("roles").order_by("pk")
