"""HTTP glue that every app's views share: putting a service's refusal on the page, reading
the query string safely, reading an upload that holds identities in memory only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest
from django.views.decorators.csrf import csrf_exempt, csrf_protect


def post_and_say(
    request: HttpRequest,
    form: forms.Form | None,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> bool:
    """Validate a small form posted from another page (or none), call the service with its
    cleaned data, and say what happened in a message: ``done`` on success, else each error,
    a field's with its label. The caller redirects back to the page, which shows the
    messages. Returns whether the action was done."""
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else str(message))
        return False
    try:
        action(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


def query_int(request, name: str, *, low: int = 1, high: int = 2**31 - 1) -> int | None:
    """A whole number from the query string, or None when it is absent, not a number or out
    of bounds (a key too large for the database column is no key)."""
    value = request.GET.get(name, "")
    if not value.isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


class _InMemory(MemoryFileUploadHandler):
    """Django's memory handler for every size: the caller bounds the size itself."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True


def uploads_in_memory(view: Callable) -> Callable:
    """Read the request's files in memory, never into a temporary file on disk (Django's
    default past 2.5 MB): for a file of identities, which is kept only sealed. The upload
    handlers must be set before anything reads the body, the CSRF check included, so the
    check runs inside (``csrf_protect``) after they are set."""
    protected = csrf_protect(view)

    @wraps(view)
    def in_memory(request: HttpRequest, *args, **kwargs):
        request.upload_handlers = [_InMemory(request)]
        return protected(request, *args, **kwargs)

    return csrf_exempt(in_memory)
