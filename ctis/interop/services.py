"""Registering agencies' systems, and the tokens they call the API with (ADR 0020). Each
write is audited in its transaction; a token's text is returned once, by ``token_issue``,
and never stored."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ctis.accounts import services as accounts
from ctis.accounts.models import Agency, User
from ctis.accounts.roles import Role
from ctis.audit.services import audit_record
from ctis.core.errors import require_permission
from ctis.interop.models import ApiClient, ApiToken

TOKEN_DAYS = 90  # a token's life unless the administrator says otherwise
TOKEN_DAYS_MAX = 365
# A system neither administers accounts nor audits them: those roles stay with people.
CLIENT_ROLES = [role for role in Role if role not in (Role.SYSTEM_ADMINISTRATOR, Role.AUDITOR)]
TOKEN_PATTERN = re.compile(r"^ctis_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def client_register(
    *, actor: User, agency: Agency, name: str, roles: list[str], contact: str = ""
) -> ApiClient:
    """An agency's system, acting in ``roles`` through an account of its own."""
    require_permission(actor, "interop.manage_clients")
    name = " ".join((name or "").split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the system a name.")]
    refused = sorted(set(roles) - {role.value for role in CLIENT_ROLES})
    if refused:
        errors["roles"] = [
            _("A system cannot act in this role: %(roles)s.") % {"roles": ", ".join(refused)}
        ]
    elif not roles:
        errors["roles"] = [_("Choose at least one role.")]
    if name and ApiClient.objects.filter(agency=agency, name=name).exists():
        errors["name"] = [_("This agency already has a client of this name.")]
    if errors:
        raise ValidationError(errors)
    username = f"api-{agency.code}-{slugify(name)[:60] or secrets.token_hex(4)}"
    user = accounts.service_account_create(
        actor=actor, username=username[:150], agency=agency, roles=roles, first_name=name[:150]
    )
    client = ApiClient(
        name=name, agency=agency, user=user, contact=contact.strip(), registered_by=actor
    )
    client.full_clean(exclude=["user", "registered_by"])
    client.save()
    audit_record(
        actor=actor,
        action="interop.client.register",
        obj=client,
        changes={
            "agency": {"before": None, "after": agency.code},
            "roles": {"before": None, "after": sorted(roles)},
        },
    )
    return client


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    text: str  # shown once, to be given to the system's operators; never stored


@transaction.atomic
def token_issue(*, actor: User, client: ApiClient, days: int = TOKEN_DAYS) -> IssuedToken:
    require_permission(actor, "interop.manage_clients")
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not client.is_active:
        raise ValidationError(_("This client has been revoked: register it again."))
    if not 1 <= days <= TOKEN_DAYS_MAX:
        raise ValidationError(
            {"days": _("A token lasts from 1 to %(max)s days.") % {"max": TOKEN_DAYS_MAX}}
        )
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        client=client,
        prefix=prefix,
        secret_hash=secret_hash(secret),
        issued_by=actor,
        issued_at=now,
        expires_at=now + timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="interop.token.issue",
        obj=client,
        changes={
            "token": {"before": None, "after": prefix},
            "days": {"before": None, "after": days},
        },
    )
    return IssuedToken(token, f"ctis_{prefix}_{secret}")


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    require_permission(actor, "interop.manage_clients")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="interop.token.revoke",
            obj=token.client,
            changes={"token": {"before": token.prefix, "after": None}},
        )
    return token


@transaction.atomic
def token_rotate(*, actor: User, token: ApiToken, days: int = TOKEN_DAYS) -> IssuedToken:
    """A new token for the same client, the old one revoked in the same transaction."""
    issued = token_issue(actor=actor, client=token.client, days=days)
    token_revoke(actor=actor, token=token)
    return issued


@transaction.atomic
def client_revoke(*, actor: User, client: ApiClient) -> ApiClient:
    """The client and every token of it stop working; its account is deactivated (its
    records and audit trail stay)."""
    require_permission(actor, "interop.manage_clients")
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        return client
    now = timezone.now()
    client.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    client.revoked_at = now
    client.save(update_fields=["revoked_at"])
    accounts.user_update(actor=actor, user=client.user, is_active=False)
    audit_record(
        actor=actor,
        action="interop.client.revoke",
        obj=client,
        changes={"revoked_at": {"before": None, "after": now.isoformat()}},
    )
    return client


def token_used(token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (no audit entry: the call
    itself is audited)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
