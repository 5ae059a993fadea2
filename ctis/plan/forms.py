from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Agency
from ctis.core import bounds
from ctis.core.forms import VersionField
from ctis.plan.models import ImplementationStatus, ReportingPeriod
from ctis.plan.services.reporting import FigureInput

FIGURE_ROWS = 6


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Implementation status"), choices=[("", "—"), *ImplementationStatus.choices]
    )
    narrative = forms.CharField(
        max_length=bounds.NARRATIVE,
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Describe the work done on this measure in the reported year."),
    )
    version = VersionField()

    def __init__(self, *args, figures=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:  # a new report has no version yet
            del self.fields["version"]
        figures = list(figures or [])
        rows = max(FIGURE_ROWS, len(figures) + 2)
        for i in range(rows):
            initial = figures[i] if i < len(figures) else None
            self.fields[f"figure_{i}_label"] = forms.CharField(
                label=_("Indicator"),
                required=False,
                max_length=200,
                initial=getattr(initial, "label", ""),
            )
            self.fields[f"figure_{i}_value"] = forms.CharField(
                label=_("Value"),
                required=False,
                max_length=30,
                initial=(f"{initial.value.normalize():f}" if initial else ""),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"figure_{i}_unit"] = forms.CharField(
                label=_("Unit"), required=False, max_length=40, initial=getattr(initial, "unit", "")
            )
        self.figure_rows = rows

    def clean(self):
        data = super().clean()
        for i in range(self.figure_rows):
            raw = (data.get(f"figure_{i}_value") or "").replace(" ", "").replace(",", ".")
            try:
                negative = Decimal(raw) < 0
            except (InvalidOperation, ValueError):
                continue  # not a number: the service says so
            if negative:
                self.add_error(f"figure_{i}_value", _("A figure cannot be negative."))
        return data

    def figure_fields(self):
        return [
            (self[f"figure_{i}_label"], self[f"figure_{i}_value"], self[f"figure_{i}_unit"])
            for i in range(self.figure_rows)
        ]

    def main_fields(self):
        return [self["status"], self["narrative"]]

    def figures(self) -> list[FigureInput]:
        data = self.cleaned_data
        return [
            FigureInput(
                label=data.get(f"figure_{i}_label", ""),
                value=data.get(f"figure_{i}_value", ""),
                unit=data.get(f"figure_{i}_unit", ""),
            )
            for i in range(self.figure_rows)
        ]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("PDF, DOCX, XLSX, ODT, ODS, JPEG or PNG, up to 10 MB."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Comment to the agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Reported year"), min_value=2000, max_value=2100)
    due_date = bounds.date_field(
        bounds.DUE,
        label=_("Reports due by"),
        help_text=_("For example 15 January of the next year."),
    )


class PeriodStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ReportingPeriod.Status.choices)


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.filter(is_active=True)
    )
    for_entry = forms.ChoiceField(label=_("For the plan's entry"), required=False)

    def __init__(self, *args, generic_entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_entry"].choices = [("", "—"), *[(e, e) for e in generic_entries]]
