from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Agency
from ctis.cases.choices import ExploitationForm
from ctis.cases.forms import SearchableSelect
from ctis.core import bounds
from ctis.core.models import Country
from ctis.nrm.models import (
    AssistanceClosureReason,
    CombinationRule,
    ConsentPurpose,
    DecisionStatus,
    Dimension,
    DischargeDestination,
    Exploitation,
    Facility,
    Indicator,
    IndicatorSet,
    OverrideReason,
    Population,
    Progress,
    ServiceKind,
    Weight,
)
from ctis.nrm.services import ActionInput


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        if obj.weight:
            return f"{obj.text} ({obj.get_weight_display()})"
        return obj.text


class ScreeningForm(forms.Form):
    """The indicators of one set as checkboxes, grouped by dimension in the template."""

    screened_on = bounds.date_field(bounds.PAST, label=_("Screened on"))
    indicators = IndicatorChoiceField(
        label=_("Indicators observed"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept sealed like the identity; not in the audit log."),
    )

    def __init__(self, *args, indicator_set: IndicatorSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_set = indicator_set
        self.indicator_choices = Indicator.objects.filter(
            indicator_set=indicator_set, is_active=True
        )
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
    status = forms.ChoiceField(
        label=_("Decision"), choices=DecisionStatus.choices, widget=forms.RadioSelect
    )
    decided_on = bounds.date_field(bounds.PAST, label=_("Decided on"))
    basis = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the decision rests on: interview, documents, criminal case number. Kept sealed."
        ),
    )
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one for a victim of trafficking; kept in the victim profile."),
    )

    def __init__(self, *args, forms_now=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["exploitation"].initial = list(forms_now)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Consent to"), choices=ConsentPurpose.choices)
    given_on = bounds.date_field(bounds.PAST, label=_("Given on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class ReferralForm(forms.Form):
    """Step two of a referral: the receiver is chosen, so are the fields it may get."""

    reason = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Why the person is referred"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    services = forms.MultipleChoiceField(
        label=_("Services asked for"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    parts = forms.MultipleChoiceField(
        label=_("What the receiver is sent"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what this agency may receive is offered; the sex, year of birth, "
            "citizenship, languages and status always go with the referral."
        ),
    )
    override = forms.ChoiceField(
        label=_("Without consent, because"),
        required=False,
        choices=[("", "—"), *OverrideReason.choices],
    )
    override_note = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Why consent could not be asked for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, offered: list[tuple[str, str]], may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = offered  # type: ignore[attr-defined]
        if not may_override:
            del self.fields["override"]
            del self.fields["override_note"]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Why the referral is declined"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FacilityForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Agency that runs it"), queryset=Agency.objects.none()
    )
    name_az = forms.CharField(label=_("Name (Azerbaijani)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            nrm__function__in=["shelter", "assistance_centre", "ngo"]
        ).order_by("name_az")


class AdmitForm(forms.Form):
    facility: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Shelter or centre"), queryset=Facility.objects.none()
    )
    admitted_on = bounds.date_field(bounds.PAST, label=_("Admitted on"))

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = Facility.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, is_active=True
        )
        self.fields["admitted_on"].initial = timezone.localdate()


class DischargeForm(forms.Form):
    """The discharge from a shelter, on its own page: the day, where the person went, and
    the confirmation (it cannot be undone)."""

    discharged_on = bounds.date_field(bounds.PAST, label=_("Discharged on"))
    destination = forms.ChoiceField(
        label=_("Where the person went"),
        choices=DischargeDestination.choices,
        widget=forms.RadioSelect,
    )
    destination_other = forms.CharField(
        label=_("Where, if other"),
        required=False,
        max_length=bounds.SHORT,
        help_text=_("Kept sealed like the identity."),
    )
    confirmed = forms.BooleanField(
        label=_("I confirm: the discharge closes the stay and cannot be undone."),
        error_messages={"required": _("Tick the box to confirm, or go back.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discharged_on"].initial = timezone.localdate()


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    delivered_on = bounds.date_field(bounds.PAST, label=_("Delivered on"))
    amount = forms.DecimalField(
        label=_("Amount (AZN)"),
        required=False,
        min_value=0,
        help_text=_("For an allowance; leave empty for the rate in force on the day."),
    )
    certificate_number = forms.CharField(
        label=_("Return certificate number"),
        required=False,
        max_length=40,
        help_text=_("For a repatriation."),
    )
    note = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    unrequested_reason = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Why this service, if the referral did not ask for it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only for a service the referral did not ask for. Kept sealed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()


class SupportPlanForm(forms.Form):
    objectives = forms.CharField(
        max_length=bounds.NOTE, label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3})
    )

    ACTION_ROWS = 5

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True).order_by("name_az")
        for n in range(1, self.ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("Action %(n)d") % {"n": n}, required=False, max_length=300
            )
            self.fields[f"objective_{n}"] = forms.CharField(
                label=_("Objective it serves"),
                required=False,
                max_length=300,
                help_text=_("Shown to the responsible agency with the action."),
            )
            self.fields[f"service_{n}"] = forms.ChoiceField(
                label=_("Service"), required=False, choices=[("", "—"), *ServiceKind.choices]
            )
            self.fields[f"responsible_{n}"] = forms.ModelChoiceField(
                label=_("Responsible agency"), required=False, queryset=agencies
            )
            self.fields[f"due_on_{n}"] = bounds.date_field(
                bounds.DUE, label=_("Due on"), required=False
            )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for n in range(1, self.ACTION_ROWS + 1):
            due = data.get(f"due_on_{n}")
            if due is not None and due < today:
                self.add_error(
                    f"due_on_{n}", _("An action cannot be due before today, the day it is set.")
                )
        return data

    def rows(self):
        return [
            [
                self[f"{name}_{n}"]
                for name in ("action", "objective", "service", "responsible", "due_on")
            ]
            for n in range(1, self.ACTION_ROWS + 1)
        ]

    def actions(self):
        data = self.cleaned_data
        return [
            ActionInput(
                action=data[f"action_{n}"],
                responsible=data[f"responsible_{n}"],
                due_on=data[f"due_on_{n}"],
                service=data[f"service_{n}"],
                objective=data[f"objective_{n}"],
            )
            for n in range(1, self.ACTION_ROWS + 1)
            if data[f"action_{n}"] or data[f"responsible_{n}"] or data[f"due_on_{n}"]
        ]


class NotifyForm(forms.Form):
    note = forms.CharField(
        label=_("Why the police unit is told"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you saw or heard. Kept sealed like the identity."),
    )


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class AssistanceClosureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why the case is closed"), choices=AssistanceClosureReason.choices
    )
    closed_on = bounds.date_field(bounds.PAST, label=_("Closed on"))
    note = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class AbroadForm(forms.Form):
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.exclude(code="AZ"), widget=SearchableSelect
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    situation = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Situation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept sealed like the identity."),
    )
    reported_on = bounds.date_field(bounds.PAST, label=_("Reported on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()


class IndicatorSetForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Latin letters, digits and hyphens, e.g. az-child-begging."),
    )
    population = forms.ChoiceField(label=_("Population"), choices=Population.choices)
    exploitation = forms.ChoiceField(label=_("Exploitation"), choices=Exploitation.choices)
    rule = forms.ChoiceField(label=_("Combination rule"), choices=CombinationRule.choices)
    name_az = forms.CharField(label=_("Name (Azerbaijani)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200)
    source = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IndicatorForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("An existing code changes that indicator.")
    )
    dimension = forms.ChoiceField(
        label=_("Dimension"), required=False, choices=[("", "—"), *Dimension.choices]
    )
    weight = forms.ChoiceField(
        label=_("Weight"), required=False, choices=[("", "—"), *Weight.choices]
    )
    text_az = forms.CharField(label=_("Text (Azerbaijani)"), max_length=300)
    text_en = forms.CharField(label=_("Text (English)"), max_length=300)
    text_ru = forms.CharField(label=_("Text (Russian)"), max_length=300)


class AllowanceRateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Allowance"),
        choices=[
            (ServiceKind.ONE_TIME_ALLOWANCE, ServiceKind.ONE_TIME_ALLOWANCE.label),
            (ServiceKind.MONTHLY_ALLOWANCE, ServiceKind.MONTHLY_ALLOWANCE.label),
        ],
    )
    amount = forms.DecimalField(
        label=_("Amount (AZN)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    valid_from = bounds.date_field(bounds.DUE, label=_("In force from"))
    source = forms.CharField(label=_("Source"), required=False, max_length=300)
