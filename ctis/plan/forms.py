from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Agency
from ctis.core import bounds
from ctis.core.forms import VersionField
from ctis.plan.models import Category, ImplementationStatus, Indicator, Measure, ReportingPeriod
from ctis.plan.services.indicators import IndicatorValueInput, value_field
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

    def __init__(
        self, *args, figures=None, editing=False, indicators=(), indicator_values=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if not editing:  # a new report has no version yet
            del self.fields["version"]
        self._add_indicators(list(indicators), indicator_values or {})
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

    def _add_indicators(self, indicators: list[Indicator], values: dict) -> None:
        """One number input per indicator and breakdown category (ADR 0019)."""
        labels = dict(Category.choices)
        self.indicators = indicators
        for indicator in indicators:
            for category in indicator.categories:
                initial = values.get((indicator.pk, category))
                self.fields[value_field(indicator.pk, category)] = forms.CharField(
                    label=labels[category] if category else indicator.name,
                    required=False,
                    max_length=30,
                    initial=f"{initial.normalize():f}" if initial is not None else "",
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric" if indicator.whole_numbers else "decimal"}
                    ),
                )

    def indicator_groups(self) -> list[tuple[Indicator, list, Decimal | None]]:
        """Per indicator: its inputs, and the total of the numbers they hold (the sum of
        the categories, shown beside them)."""
        groups = []
        for indicator in self.indicators:
            fields = [self[value_field(indicator.pk, c)] for c in indicator.categories]
            numbers = [_decimal(field.value()) for field in fields]
            given = [n for n in numbers if n is not None]
            groups.append((indicator, fields, sum(given, Decimal(0)) if given else None))
        return groups

    def indicator_values(self) -> list[IndicatorValueInput]:
        data = self.cleaned_data
        return [
            IndicatorValueInput(
                indicator=indicator.pk,
                category=category,
                value=data.get(value_field(indicator.pk, category), ""),
            )
            for indicator in self.indicators
            for category in indicator.categories
        ]

    def clean(self):
        data = super().clean()
        for indicator in self.indicators:
            for category in indicator.categories:
                name = value_field(indicator.pk, category)
                number = _decimal(data.get(name))
                if number is not None and number < 0:
                    self.add_error(name, _("A figure cannot be negative."))
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


def _decimal(raw) -> Decimal | None:
    text = str(raw or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None  # empty, or not a number: the service says so
    return number if number.is_finite() else None


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


class IndicatorForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Small Latin letters, digits and hyphens; it cannot change later."),
    )
    name_az = forms.CharField(label=_("Name (Azerbaijani)"), max_length=bounds.SHORT)
    name_en = forms.CharField(label=_("Name (English)"), max_length=bounds.SHORT, required=False)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=bounds.SHORT, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=Indicator.Unit.choices)
    breakdown = forms.ChoiceField(label=_("Breakdown"), choices=Indicator.Breakdown.choices)
    description = forms.CharField(
        label=_("What to count"),
        max_length=bounds.NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures it serves"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies that report it"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("None chosen: every agency that reports on one of the measures."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, plan=None, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        measures = self.fields["measures"]
        assert isinstance(measures, forms.ModelMultipleChoiceField)
        # The current plan's measures, and those of earlier plans the indicator serves, so
        # that saving it from this form keeps them.
        offered = Q(plan=plan) if plan is not None else Q(pk__in=[])
        if indicator is not None and indicator.pk:
            offered |= Q(indicators=indicator)
        measures.queryset = (
            Measure.objects.filter(offered)
            .select_related("plan")
            .distinct()
            .order_by("-plan__year_from", "position")
        )
        measures.label_from_instance = lambda m: (
            f"{m.number} {m.title[:90]}"
            if m.plan_id == getattr(plan, "pk", None)
            else f"{m.number} ({m.plan.period_label}) {m.title[:80]}"
        )
