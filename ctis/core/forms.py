from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BAD_VERSION = _(
    "This form was altered or is incomplete: the version of the record it was opened at is "
    "missing or not valid. Reload the page and make your changes again."
)


class VersionField(forms.IntegerField):
    """The version of the record a change form was opened at (``ctis.core.locking``), hidden.
    A missing or tampered value is refused with one plain message, shown above the form by
    ``includes/version.html`` (a hidden field has no place of its own to show it)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)  # 0: a part not saved yet (a new prosecution)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(**kwargs)
        for code in ("required", "invalid", "min_value", "max_value"):
            self.error_messages[code] = BAD_VERSION


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
