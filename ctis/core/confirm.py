"""A confirmation step before a step that cannot be taken back (issue 11).

The button on the page posts as before; without ``confirmed=yes`` in the post the view
answers with a page that says what will happen and that it cannot be undone, carrying the
posted values on in hidden fields, with an "I confirm" checkbox and a button that posts
them again. It needs no JavaScript (strict CSP). The service stays the truth: it refuses
what it refuses whether confirmed or not; the confirmation is the form's concern.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FIELD = "confirmed"
VALUE = "yes"
STEP = "confirm-step"  # marks a post that came from the confirmation page


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get(FIELD) == VALUE


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    what: str,
    button: str,
    back: str,
    undone: str | None = None,
) -> HttpResponse:
    """The page that asks for the confirmation, posting back to the same address.

    ``what`` says what will happen; ``undone`` why it cannot be taken back (the default
    says only that it cannot). A post that came back without the box ticked says so."""
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in (FIELD, STEP, "csrfmiddlewaretoken")
        for value in values
    ]
    return render(
        request,
        "includes/confirm.html",
        {
            "title": title,
            "what": what,
            "undone": undone or _("This cannot be undone."),
            "button": button,
            "back": back,
            "carried": carried,
            "field": FIELD,
            "value": VALUE,
            "step": STEP,
            "unticked": STEP in request.POST,
        },
    )
