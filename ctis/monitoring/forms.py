"""Forms of the monitoring pages; the services check again whatever they are given."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.core import bounds
from ctis.core.forms import VersionField
from ctis.monitoring.models import Category, Language, Platform, Signal, TriageState
from ctis.monitoring.services import ACTION_KINDS


class ItemForm(forms.Form):
    url = forms.CharField(label=_("Address (URL)"), max_length=2000)
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    found_on = bounds.date_field(bounds.PAST, label=_("Date found"), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        help_text=_(
            "Child sexual abuse material is never stored: for it, give only the address, the date and the body it was escalated to. Do not copy its text and do not upload a screenshot."
        ),
    )
    text = bounds.text_field(bounds.TEXT, rows=8, label=_("Captured text"), required=False)
    screenshot = forms.FileField(
        label=_("Screenshot"),
        required=False,
        help_text=_("A PNG, JPEG, GIF or WebP image, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Detect from the text"))] + list(Language.choices),
        required=False,
    )
    escalated_to = forms.CharField(
        label=_("Escalated to (child sexual abuse material only)"), max_length=200, required=False
    )


class ItemEditForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—")] + list(Language.choices), required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    version = VersionField()


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was done"), choices=list(ACTION_KINDS.items()))
    taken_on = bounds.date_field(bounds.PAST, label=_("Date of the action"), required=False)
    note = bounds.text_field(bounds.NOTE, rows=2, label=_("Note"), required=False)


class StepForm(forms.Form):
    note = bounds.text_field(bounds.NOTE, rows=2, label=_("Note"), required=False)
    version = VersionField()


class QueueFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("New and under review"))] + list(TriageState.choices),
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All"))] + list(Category.choices), required=False
    )
    platform = forms.ChoiceField(
        label=_("Platform"), choices=[("", _("All"))] + list(Platform.choices), required=False
    )


class SignalForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name_az = forms.CharField(label=_("Name (Azerbaijani)"), max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_value=1,
        decimal_places=2,
        help_text=_("More than 0 and less than 0.5: no single signal makes an item risky."),
    )
    patterns = bounds.text_field(
        bounds.TEXT,
        rows=8,
        label=_("Patterns"),
        required=False,
        help_text=_(
            "One phrase a line, in any script and spelling; case, marks and double letters do not matter, and a phrase matches at the start of a word."
        ),
    )
    expressions = bounds.text_field(
        bounds.NOTE,
        rows=3,
        label=_("Regular expressions"),
        required=False,
        help_text=_("One a line, matched on the folded text (lower-case Latin letters)."),
    )
    test = forms.ChoiceField(
        label=_("Structured check"), choices=Signal.Check.choices, required=False
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
