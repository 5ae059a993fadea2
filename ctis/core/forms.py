from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.Form, error: ValidationError, *, renamed: Mapping[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: beside the field it names, else above the form.

    ``renamed`` maps the service's name for a field to the form's, where they differ
    (``{"fields": "parts"}``). A refusal that names no field goes above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            field = (renamed or {}).get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
