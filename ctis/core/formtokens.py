"""One-time form tokens: a second submission of the same form creates nothing (issue 10).

A form that creates a record carries a hidden random key (``{% form_token %}``, next to
``{% csrf_token %}``; an API client sends it in the ``Idempotency-Key`` header). The view,
decorated with ``once``, runs in one transaction that first claims the key (an INSERT into
``FormToken``, unique per user and key) and then does its write through the service; so
twenty identical submissions at once queue on the key's row, one creates the record and
the nineteen others meet the unique constraint. They are told that the form was already
sent and are taken to the page the first one led to (the record it created). A submission
that created nothing (the form is shown again with its errors, or a refusal was said in a
message) frees its key; a write that rolls back frees it with the rest of the transaction.

A service called from elsewhere (the API to come) claims a key itself with ``claim`` inside
its own ``transaction.atomic()`` and records what it created with ``created``. Keys are
kept for ``KEEP`` and then removed by ``purge_expired_form_tokens`` (the periodic worker).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from ctis.core.models import FormToken

FIELD = "form_token"
HEADER = "Idempotency-Key"
KEEP = timedelta(days=2)
SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
ALREADY_SENT = _("This form was already sent — see the record it created.")


class AlreadySent(ValidationError):
    """The key was claimed by an earlier submission; ``created`` is the page it led to
    (empty when it led nowhere in particular)."""

    def __init__(self, created: str = "") -> None:
        super().__init__(ALREADY_SENT, code="already_sent")
        self.created = created


def new_key() -> str:
    return secrets.token_urlsafe(24)


def key_from(request: HttpRequest) -> str | None:
    """The request's form key (the hidden field, else the header), or None when it carries
    none or one of a shape no form of ours makes."""
    key = request.POST.get(FIELD) or request.headers.get(HEADER) or ""
    return key if SHAPE.match(key) else None


def claim(user, key: str) -> FormToken:
    """Claim ``key`` for ``user`` in the caller's transaction, or raise ``AlreadySent``.

    Must run inside ``transaction.atomic()`` with the write it guards: a second claim of
    the key waits for the first transaction and fails when that one committed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() must run in the transaction of the write it guards")
    try:
        with transaction.atomic():
            return FormToken.objects.create(user=user, key=key)
    except IntegrityError:
        first = FormToken.objects.filter(user=user, key=key).first()
        raise AlreadySent(first.created if first else "") from None


def created(token: FormToken, page: str) -> None:
    """Remember the page of what the claim's submission created (a path of ids)."""
    FormToken.objects.filter(pk=token.pk).update(created=page[:300])


def _made_something(request: HttpRequest, response: HttpResponse) -> bool:
    """A creating view redirects when it saved; it shows the form again (200) or says an
    error in a message and redirects back when it saved nothing."""
    if response.status_code not in (301, 302, 303):
        return False
    queued = getattr(messages.get_messages(request), "_queued_messages", ())
    return not any(m.level >= messages.ERROR for m in queued)


def once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view that creates a record: a POST that carries a form key claims it in
    the transaction of the view's write. Without a key the view runs as before."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = key_from(request) if request.method == "POST" else None
        if key is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                token = claim(request.user, key)
                response = view(request, *args, **kwargs)
                if _made_something(request, response):
                    created(token, response["Location"])
                else:
                    token.delete()
                return response
        except AlreadySent as twin:
            messages.warning(request, twin.messages[0])
            page = twin.created
            if not page or not url_has_allowed_host_and_scheme(page, allowed_hosts=None):
                page = request.get_full_path()
            return redirect(page)

    guarded.claims_form_token = True  # type: ignore[attr-defined]  # the tests find it
    return guarded


def purge_expired_form_tokens(*, now: datetime | None = None) -> int:
    """Remove the keys claimed longer than ``KEEP`` ago; the number removed."""
    before = (now or timezone.now()) - KEEP
    removed, _ = FormToken.objects.filter(claimed_at__lt=before).delete()
    return removed
