"""Writes about agencies, users, log-in and two-factor authentication."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial
from pathlib import Path

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User, UserRole
from ctis.accounts.roles import Role
from ctis.audit.context import client_address
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core.errors import require_permission
from ctis.core.locking import bump, lock_version, refusing_twins
from ctis.core.throttle import throttle_count, throttle_hit

AGENCY_FIELDS = [
    "code",
    "kind",
    "name_az",
    "name_en",
    "name_ru",
    "short_az",
    "short_en",
    "short_ru",
    "parent",
    "plan_names",
    "is_active",
]
USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "patronymic",
    "email",
    "position",
    "agency",
    "is_active",
]
REFERENCE_AGENCIES = Path(__file__).resolve().parent / "data" / "agencies.json"


# --- agencies -------------------------------------------------------------------------


@transaction.atomic
def agency_create(*, actor: User | None, **fields) -> Agency:
    if actor is not None:
        require_permission(actor, "accounts.manage_agencies")
    agency = Agency(**fields)
    agency.full_clean()
    with refusing_twins(agency.validate_unique):
        agency.save()
    audit_record(
        actor=actor,
        action="accounts.agency.create",
        obj=agency,
        changes=diff({}, snapshot(agency, AGENCY_FIELDS)),
    )
    return agency


@transaction.atomic
def agency_update(
    *, actor: User | None, agency: Agency, version: int | None = None, **fields
) -> Agency:
    """Change an agency; refused when someone saved it after it was opened at ``version``."""
    if actor is not None:
        require_permission(actor, "accounts.manage_agencies")
    agency = lock_version(
        Agency.objects, agency.pk, version, explain=partial(changes_since, label=_("agency"))
    )
    before = snapshot(agency, AGENCY_FIELDS)
    for name, value in fields.items():
        setattr(agency, name, value)
    if agency.parent is not None and _is_descendant(agency.parent, agency):
        raise ValidationError(
            {"parent": _("A body cannot be placed under itself or its own sub-body.")}
        )
    agency.full_clean()
    bump(agency)
    with refusing_twins(agency.validate_unique):
        agency.save()
    changes = diff(before, snapshot(agency, AGENCY_FIELDS))
    if changes:
        audit_record(actor=actor, action="accounts.agency.update", obj=agency, changes=changes)
    return agency


def _is_descendant(candidate: Agency, agency: Agency) -> bool:
    node: Agency | None = candidate
    while node is not None:
        if node.pk == agency.pk:
            return True
        node = node.parent
    return False


@transaction.atomic
def agencies_load_reference(*, path: Path = REFERENCE_AGENCIES) -> tuple[int, int]:
    """Create or update the reference agencies by code; returns (created, updated)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    created = updated = 0
    for row in rows:
        fields = {
            k: row.get(k, "")
            for k in ["kind", "name_az", "name_en", "name_ru", "short_az", "short_en", "short_ru"]
        }
        fields["plan_names"] = row.get("plan_names", [])
        fields["parent"] = Agency.objects.get(code=row["parent"]) if row.get("parent") else None
        agency = Agency.objects.filter(code=row["code"]).first()
        if agency is None:
            agency_create(actor=None, code=row["code"], **fields)
            created += 1
        elif any(getattr(agency, k) != v for k, v in fields.items()):
            agency_update(actor=None, agency=agency, **fields)
            updated += 1
    return created, updated


# --- users ----------------------------------------------------------------------------


def _set_roles(user: User, roles: list[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(
            {"roles": _("Unknown role: %(role)s") % {"role": ", ".join(sorted(unknown))}}
        )
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    for role in roles:
        UserRole.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("_role_codes", None)
    user.__dict__.pop("_ctis_perm_cache", None)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    roles: list[str],
    agency: Agency | None,
    **fields,
) -> User:
    if actor is not None:
        require_permission(actor, "accounts.manage_users")
    if agency is None:
        raise ValidationError({"agency": _("Every user belongs to an agency.")})
    user = User(username=username, agency=agency, **fields)
    # Report a taken user name and a weak password together, not one after the other.
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    with refusing_twins(user.validate_unique):
        user.save()
    _set_roles(user, roles)
    audit_record(
        actor=actor,
        action="accounts.user.create",
        obj=user,
        changes=diff({}, {**snapshot(user, USER_FIELDS), "roles": sorted(roles)}),
    )
    return user


@transaction.atomic
def service_account_create(
    *, actor: User, username: str, agency: Agency, roles: list[str], first_name: str = ""
) -> User:
    """An account for a system, not a person (an API client's, ``ctis.interop``): it has
    no usable password, so it never logs in to the pages; it acts only with what made it."""
    require_permission(actor, "accounts.manage_users")
    user = User(username=username, agency=agency, first_name=first_name)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with refusing_twins(user.validate_unique):
        user.save()
    _set_roles(user, roles)
    audit_record(
        actor=actor,
        action="accounts.user.create",
        obj=user,
        changes=diff(
            {}, {**snapshot(user, USER_FIELDS), "roles": sorted(roles), "password": "none"}
        ),
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    roles: list[str] | None = None,
    version: int | None = None,
    **fields,
) -> User:
    """Change a user's details and roles; refused when someone saved them after the form was
    opened at ``version``."""
    require_permission(actor, "accounts.manage_users")
    user = lock_version(
        User.objects, user.pk, version, explain=partial(changes_since, label=_("user"))
    )
    before = {**snapshot(user, USER_FIELDS), "roles": user.role_codes}
    for name, value in fields.items():
        setattr(user, name, value)
    if user.agency_id is None:
        raise ValidationError({"agency": _("Every user belongs to an agency.")})
    if user.pk == actor.pk:
        _refuse_self_lockout(user, before_roles=before["roles"], roles=roles)
    user.full_clean(exclude=["password"])
    bump(user)
    with refusing_twins(user.validate_unique):
        user.save()
    if roles is not None:
        _set_roles(user, roles)
    changes = diff(before, {**snapshot(user, USER_FIELDS), "roles": user.role_codes})
    if changes:
        audit_record(actor=actor, action="accounts.user.update", obj=user, changes=changes)
    return user


def _refuse_self_lockout(user: User, *, before_roles: list[str], roles: list[str] | None) -> None:
    """An administrator may not lock themselves out of administration by an edit."""
    if not user.is_active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    admin = Role.SYSTEM_ADMINISTRATOR.value
    if roles is not None and admin in before_roles and admin not in roles:
        raise ValidationError(
            {"roles": _("You cannot remove the system administrator role from yourself.")}
        )


@transaction.atomic
def user_reset_password(*, actor: User, user: User, password: str) -> None:
    require_permission(actor, "accounts.manage_users")
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["password", "failed_login_count", "locked_until"])
    audit_record(actor=actor, action="accounts.user.reset_password", obj=user)


@transaction.atomic
def user_reset_two_factor(*, actor: User, user: User) -> None:
    require_permission(actor, "accounts.manage_users")
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    audit_record(actor=actor, action="accounts.user.reset_two_factor", obj=user)


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    require_permission(actor, "accounts.manage_users")
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["failed_login_count", "locked_until"])
    audit_record(actor=actor, action="accounts.user.unlock", obj=user)


# --- log-in, lockout, two-factor -------------------------------------------------------


LOGIN_ADDRESS = "login.address"


class LoginRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _register_failure(user: User, *, action: str) -> None:
    user.failed_login_count += 1
    if user.failed_login_count >= settings.CTIS_LOCKOUT_THRESHOLD:
        user.locked_until = timezone.now() + timedelta(minutes=settings.CTIS_LOCKOUT_MINUTES)
        user.failed_login_count = 0
        user.save(update_fields=["failed_login_count", "locked_until"])
        audit_record(actor=None, action="accounts.login.locked", obj=user)
        return
    user.save(update_fields=["failed_login_count"])
    audit_record(actor=None, action=action, obj=user)


def _locked_message(user: User) -> str:
    assert user.locked_until is not None
    minutes = max(1, int((user.locked_until - timezone.now()).total_seconds() // 60) + 1)
    return _(
        "This account is locked after repeated failed attempts. Try again in "
        "%(minutes)d minutes or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def _password_refused() -> str:
    # One answer for a wrong password, a missing account and a locked one, so that the
    # answer tells nobody which accounts exist or are locked (the code step, reached only
    # with the right password, says so plainly).
    return _(
        "The user name or password is not correct, or the account is locked after repeated "
        "failed attempts. Try again in %(minutes)d minutes or ask an administrator."
    ) % {"minutes": settings.CTIS_LOCKOUT_MINUTES}


def login_check_password(*, request, username: str, password: str) -> User:
    """The user whose password this is, or ``LoginRefused`` with the one refusal.

    A failure is counted (and may lock the account) in its own committed transaction,
    so the refusal does not roll the count back.
    """
    address = client_address.get() or ""
    limit = settings.CTIS_LOGIN_ADDRESS_LIMIT
    # An address past its limit is refused before any account is looked at: the same
    # answer as a wrong password, and no account's count moves.
    if address and throttle_count(LOGIN_ADDRESS, address, limit=limit).over:
        raise LoginRefused(_password_refused())
    authenticated: User | None = None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None or not user.is_locked():
            authenticated = authenticate(request, username=username, password=password)
            if authenticated is None and user is not None and user.is_active:
                _register_failure(user, action="accounts.login.failed")
    if authenticated is None:
        if address:
            _register_address_failure(address)
        raise LoginRefused(_password_refused())
    return authenticated


@transaction.atomic
def _register_address_failure(address: str) -> None:
    window = timedelta(minutes=settings.CTIS_LOGIN_ADDRESS_MINUTES)
    limit = settings.CTIS_LOGIN_ADDRESS_LIMIT
    if throttle_hit(LOGIN_ADDRESS, address, limit=limit, window=window).count == limit:
        # The failure that closes the address, audited once a window (the entry carries
        # the client address).
        audit_record(
            actor=None,
            action="accounts.login.address_limited",
            object_type="accounts.user",
            changes={"failures": limit, "minutes": settings.CTIS_LOGIN_ADDRESS_MINUTES},
        )


@transaction.atomic
def login_succeeded(*, user: User, two_factor: bool) -> None:
    user.failed_login_count = 0
    user.save(update_fields=["failed_login_count"])
    audit_record(
        actor=user,
        action="accounts.login",
        obj=user,
        changes={"two_factor": {"before": None, "after": two_factor}},
    )


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    """The user's own choice of language, kept for their e-mails and their next log-in."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    if user.language == language:
        return
    before = user.language
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    audit_record(
        actor=user,
        action="accounts.user.language",
        obj=user,
        changes={"language": {"before": before or None, "after": language}},
    )


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret)


def totp_check(*, user: User, code: str) -> None:
    """Accept a current code once (a replayed code is refused); count failures toward lockout."""
    refusal = None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_locked():
            refusal = _locked_message(user)
        elif _totp_accept(user, code):
            return
        else:
            _register_failure(user, action="accounts.login.failed_code")
            refusal = (
                _locked_message(user)
                if user.is_locked()
                else _(
                    "The code is not correct. Enter the 6 digits your authenticator app shows now."
                )
            )
    raise LoginRefused(refusal)


def _totp_accept(user: User, code: str) -> bool:
    code = (code or "").replace(" ", "")
    totp = _totp(user.totp_secret)
    now_step = int(timezone.now().timestamp()) // totp.interval
    for step in (now_step, now_step - 1, now_step + 1):
        if step > user.totp_last_step and code == totp.at(step * totp.interval):
            user.totp_last_step = step
            user.failed_login_count = 0
            user.save(update_fields=["totp_last_step", "failed_login_count"])
            return True
    return False


@transaction.atomic
def totp_begin(*, user: User) -> str:
    """A new secret for the user to enrol; not in force until confirmed with a code."""
    if user.has_totp:
        raise ValidationError(_("Two-factor authentication is already set up."))
    user.totp_secret = pyotp.random_base32()
    user.save(update_fields=["totp_secret"])
    audit_record(actor=user, action="accounts.user.begin_two_factor", obj=user)
    return user.totp_secret


def totp_provisioning_uri(user: User) -> str:
    return _totp(user.totp_secret).provisioning_uri(
        name=user.username, issuer_name=settings.CTIS_TOTP_ISSUER
    )


def totp_confirm(*, user: User, code: str) -> None:
    totp_check(user=user, code=code)  # commits its own failure count, then raises
    with transaction.atomic():
        user.refresh_from_db()
        user.totp_confirmed_at = timezone.now()
        user.save(update_fields=["totp_confirmed_at"])
        audit_record(actor=user, action="accounts.user.enrol_two_factor", obj=user)
