"""The hotline's forms. The call form is ordered for the keyboard: the caller's number
first (it brings up the caller's earlier contacts), then what the call is about."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.core import bounds
from ctis.hotline.models import (
    CallerType,
    Channel,
    Emergency,
    FlagKind,
    Language,
    Nature,
    Outcome,
    Recipient,
    Region,
    Topic,
)


class ContactForm(forms.Form):
    identifier = forms.CharField(
        label=_("Caller's number, e-mail or handle"),
        required=False,
        max_length=bounds.SHORT,
        help_text=_("Empty if the caller did not give it. 050 123 45 67, name@mail.az, @name."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nature = forms.ChoiceField(
        label=_("Kind of contact"), choices=Nature.choices, initial=Nature.CASE
    )
    caller_type = forms.ChoiceField(
        label=_("Caller"), choices=CallerType.choices, initial=CallerType.AT_RISK
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.AZ)
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", "—"), *Region.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, initial=Outcome.INFORMATION
    )
    emergency = forms.ChoiceField(
        label=_("Emergency request for"),
        choices=[("", "—"), *Emergency.choices],
        required=False,
        help_text=_("Only with the outcome “Emergency request”."),
    )
    notes = bounds.text_field(bounds.NOTE, rows=3, label=_("Notes"), required=False)
    follow_up_on = bounds.date_field(bounds.DUE, label=_("Follow up by"), required=False)
    consents = forms.MultipleChoiceField(
        label=_("The caller agrees that their details go to"),
        choices=Recipient.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    received_at = forms.DateTimeField(
        label=_("Time"),
        required=False,
        help_text=_("Leave it empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(active=True).order_by(
            "position", "code"
        )
        self.fields["identifier"].widget.attrs.update(
            {
                "hx-post": "",  # set by the view: the caller's earlier contacts, by POST
                "hx-trigger": "input changed delay:400ms, blur",
                "hx-target": "#caller-history",
                "hx-swap": "innerHTML",
            }
        )


class ContactFilterForm(forms.Form):
    start = bounds.date_field(bounds.PAST, label=_("From"), required=False)
    end = bounds.date_field(bounds.PAST, label=_("To"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.order_by("position", "code"),
        required=False,
        empty_label="—",
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Flag"), choices=FlagKind.choices)
    reason = bounds.text_field(bounds.NOTE, rows=2, label=_("Reason"))
    until = bounds.date_field(bounds.DUE, label=_("Until"))


class NotifyForm(forms.Form):
    given_name = forms.CharField(
        label=_("Name the caller gave for the person"),
        required=False,
        max_length=bounds.NAME,
        help_text=_("Empty: the record is made as “unknown”."),
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    note = bounds.text_field(
        bounds.NOTE,
        rows=3,
        label=_("Add to the call's note"),
        required=False,
    )


class OverrideForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices)
    reason = bounds.text_field(bounds.NOTE, rows=3, label=_("Why the danger is imminent"))


class LinkForm(forms.Form):
    code = forms.CharField(label=_("Person's code"), max_length=40)


class TopicForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name_az = forms.CharField(label=_("Name (Azerbaijani)"), max_length=120)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32000, initial=100)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
