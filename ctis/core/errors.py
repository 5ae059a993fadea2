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
