"""Agencies' systems that call the API (ADR 0020): a client is registered for an agency with
the roles it acts in, and acts through a service account of its own (``ApiClient.user``),
so that every access decision, service and audit entry treats it as it treats a person of
that agency in those roles. It proves itself with a token, shown once and kept here only
as a hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.core import bounds

# A file of records imported by the worker (``ctis.interop.services.import_request``).
IMPORT_JOB_KIND = "interop.import"


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=bounds.text(bounds.SHORT))
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    # The account the client acts as: no password, no log-in to the pages.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    contact = models.CharField(
        _("technical contact"), max_length=200, blank=True, validators=bounds.text(bounds.SHORT)
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="api_client_name_per_agency",
                violation_error_message=_("This agency already has a client of this name."),
            ),
            *bounds.length_checks("api_client", name=bounds.SHORT, contact=bounds.SHORT),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiToken(models.Model):
    """One token of a client. Its text is ``ctis_<prefix>_<secret>``: the prefix finds the
    row, the secret is kept as its SHA-256 (it is 256 random bits, so no slow hash is
    needed), compared in constant time."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("issued_at")),
                name="api_token_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} · {self.prefix}"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "active"


class IdempotencyKey(models.Model):
    """A creation a client asked for under an ``Idempotency-Key`` header: a retry with the
    same key gets the record it created, read again, instead of a second record; the same
    key with a different body is refused. Kept with the record's creation, in its
    transaction.

    Nothing of the request or the answer is kept in clear: the record is named by its
    model and key (the retry's answer is built again, through the access decision), and
    the request by an HMAC under the blind-index key, so that a guessed name and date of
    birth cannot be confirmed against it."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)  # HMAC of the method, path and body
    record_type = models.CharField(max_length=100)  # "app_label.model"
    record_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_per_client"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} · {self.key[:40]}"
