"""``add_service_errors`` puts a service's refusal beside the field it names, else above
the form."""

from django import forms
from django.core.exceptions import ValidationError

from ctis.core.forms import add_service_errors


class _Form(forms.Form):
    name = forms.CharField()
    parts = forms.CharField()


def _form() -> _Form:
    form = _Form({"name": "x", "parts": "y"})
    assert form.is_valid()
    return form


def test_a_field_error_goes_beside_its_field_and_an_unknown_field_above():
    form = _form()
    add_service_errors(form, ValidationError({"name": "Bad name.", "other": "Bad other."}))
    assert form.errors["name"] == ["Bad name."]
    assert form.non_field_errors() == ["Bad other."]


def test_a_refusal_that_names_no_field_goes_above_the_form():
    form = _form()
    add_service_errors(form, ValidationError("Refused."))
    assert form.non_field_errors() == ["Refused."]


def test_a_field_the_service_names_otherwise_is_renamed():
    form = _form()
    add_service_errors(form, ValidationError({"fields": "Too many."}), renamed={"fields": "parts"})
    assert form.errors["parts"] == ["Too many."]
