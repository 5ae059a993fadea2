"""Errors that services raise for the user to read.

A service refuses bad input or an illegal step by raising ``ValidationError`` (from
Django, with per-field messages where a field is at fault) or ``PermissionDenied``.
Views turn both into a message beside the field or a 403 page; the transaction rolls
back, so nothing is half-saved.
"""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError", "InvalidTransition"]


class InvalidTransition(ValidationError):
    """A state machine was asked for a step that its table does not allow."""


def require_permission(actor, permission: str) -> None:
    """Refuse a service call by someone whose roles do not grant ``permission``."""
    from django.utils.translation import gettext as _

    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))
