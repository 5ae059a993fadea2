from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.cases.forms import DateInput
from ctis.nrm.models import DecisionStatus, Dimension, Indicator, IndicatorSet


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        if obj.weight:
            return f"{obj.text} ({obj.get_weight_display()})"
        return obj.text


class ScreeningForm(forms.Form):
    """The indicators of one set as checkboxes, grouped by dimension in the template."""

    screened_on = forms.DateField(label=_("Screened on"), widget=DateInput)
    indicators = IndicatorChoiceField(
        label=_("Indicators observed"), queryset=Indicator.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("Kept sealed like the identity; not in the audit log."))

    def __init__(self, *args, indicator_set: IndicatorSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_set = indicator_set
        self.indicator_choices = Indicator.objects.filter(
            indicator_set=indicator_set, is_active=True)
        self.fields["indicators"].queryset = self.indicator_choices  # type: ignore[attr-defined]
        self.fields["screened_on"].initial = timezone.localdate()

    def groups(self) -> list[tuple[str, list]]:
        """The checkboxes by dimension, in the ILO/EC order (one group for a checklist)."""
        by_pk = {str(box.data["value"]): box for box in self["indicators"]}
        groups: dict[str, list] = {}
        for indicator in self.indicator_choices:
            groups.setdefault(indicator.dimension, []).append(by_pk[str(indicator.pk)])
        labels = dict(Dimension.choices)
        order = [d for d in Dimension.values if d in groups] + ([""] if "" in groups else [])
        return [(str(labels.get(d, "")), groups[d]) for d in order]


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=DecisionStatus.choices,
                               widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    basis = forms.CharField(
        label=_("Basis"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the decision rests on: interview, documents, criminal case number. "
                    "Kept sealed."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
