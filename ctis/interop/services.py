"""Registering agencies' systems, and the tokens they call the API with (ADR 0020). Each
write is audited in its transaction; a token's text is returned once, by ``token_issue``,
and never stored.

Imports from a file on the worker (issue 14): ``import_request`` keeps the file sealed on a
new ``core.Job``, enqueues ``ctis.interop.tasks.run_import`` and audits the request in one
transaction; ``import_again`` imports the same file after its check, the sealed file moved
to the new job; ``import_discard`` deletes it."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ctis.accounts import services as accounts
from ctis.accounts.models import Agency, User
from ctis.accounts.roles import Role
from ctis.audit.services import audit_record
from ctis.core import crypto
from ctis.core.errors import require_permission
from ctis.core.models import Job
from ctis.core.tables import TableFileError, file_kind, too_large
from ctis.interop import imports, tasks
from ctis.interop.models import IMPORT_JOB_KIND, ApiClient, ApiToken

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


# Imports on the worker ------------------------------------------------------------------


def _may_import(actor: User, kind_code: str) -> None:
    if kind_code not in imports.KINDS:
        raise ValueError(kind_code)
    require_permission(actor, imports.PERMISSIONS[kind_code])
    if actor.agency_id is None:
        raise PermissionDenied(_("Only a member of an agency imports records."))


def _import_enqueue(*, actor: User, params: dict, upload: bytes, repr_: str) -> Job:
    """The job, its task and the audit entry of the request, in the caller's transaction."""
    job = Job.objects.create(kind=IMPORT_JOB_KIND, params=params, requested_by=actor, upload=upload)
    # Enqueued in the same transaction: the worker sees the task and the job together.
    queued = tasks.run_import.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(queued.id)[:64])
    job.refresh_from_db(fields=["task_id", "state"])
    audit_record(
        actor=actor,
        action="interop.import.request",
        obj=job,
        object_repr=repr_,
        changes={key: {"before": None, "after": value} for key, value in params.items()},
    )
    return job


def import_request(
    *,
    actor: User,
    kind_code: str,
    content: bytes,
    commit: bool,
    keep_valid: bool = False,
    enter_anyway: Iterable[int] = (),
    language: str = settings.LANGUAGE_CODE,
) -> Job:
    """Queue the check (``commit=False``) or the import of ``content`` for ``actor``; the
    job to follow. The file is kept sealed with the job until the worker no longer needs
    it; the request's entry records what was asked and the file's size, never its name
    or content. A file that is empty, too large or no table is refused at once. The files
    the user's finished checks of this kind kept are deleted: the new one replaces them."""
    _may_import(actor, kind_code)
    refusal = too_large(len(content))
    if refusal:
        raise ValidationError({"file": refusal})
    try:
        file_kind(content)
    except TableFileError as refused:
        raise ValidationError({"file": str(refused)}) from None
    params = {
        "kind": kind_code,
        "commit": bool(commit),
        "keep_valid": bool(keep_valid),
        "enter_anyway": sorted({int(line) for line in enter_anyway}),
        "language": language,
        "size": len(content),
    }
    what = "import" if commit else "check"
    with transaction.atomic():
        # A new file replaces the ones the user's earlier checks kept (a corrected file,
        # usually): an identity is kept sealed no longer than it may still be imported.
        Job.objects.filter(
            kind=IMPORT_JOB_KIND,
            requested_by=actor,
            params__kind=kind_code,
            finished_at__isnull=False,
            upload__isnull=False,
        ).update(upload=None)
        return _import_enqueue(
            actor=actor,
            params=params,
            upload=crypto.seal_bytes(content),
            repr_=f"{kind_code} {what}, {len(content)} bytes",
        )


def import_again(
    *, actor: User, job: Job, keep_valid: bool = False, enter_anyway: Iterable[int] = ()
) -> Job:
    """Import the file of a finished check (or of an import that saved nothing) with the
    user's decisions, without sending it again: the sealed file moves to the new job."""
    _may_import(actor, job.params.get("kind", ""))
    with transaction.atomic():
        source = (
            Job.objects.select_for_update()
            .filter(pk=job.pk, kind=IMPORT_JOB_KIND, requested_by=actor)
            .first()
        )
        if source is None:
            raise PermissionDenied(_("There is no such import, or you may not see it."))
        upload = source.upload
        if source.state != Job.State.DONE or upload is None:
            raise ValidationError(
                _("The file of this check is no longer kept; choose it again to import it.")
            )
        Job.objects.filter(pk=source.pk).update(upload=None)
        params = {
            **{key: source.params[key] for key in ("kind", "language", "size")},
            "commit": True,
            "keep_valid": bool(keep_valid),
            "enter_anyway": sorted({int(line) for line in enter_anyway}),
            "after": str(source.pk),
        }
        return _import_enqueue(
            actor=actor,
            params=params,
            upload=bytes(upload),
            repr_=f"{params['kind']} import, {params['size']} bytes, as checked",
        )


def import_discard(*, actor: User, job: Job) -> None:
    """Delete the file kept with an import (nothing is imported from it); audited when
    there was one to delete."""
    with transaction.atomic():
        deleted = Job.objects.filter(
            pk=job.pk, kind=IMPORT_JOB_KIND, requested_by=actor, upload__isnull=False
        ).update(upload=None)
        if deleted:
            audit_record(
                actor=actor,
                action="interop.import.discard",
                obj=job,
                object_repr=f"{job.params.get('kind', '')} file, {job.params.get('size', 0)} bytes",
            )
