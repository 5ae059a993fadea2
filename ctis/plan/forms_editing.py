"""Forms for creating and editing plans, sections and measures; the services validate."""

from functools import cached_property
from typing import TypedDict

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Agency
from ctis.core import bounds
from ctis.core.forms import VersionField
from ctis.plan.models import ActionPlan, Measure, MeasureBody, Section
from ctis.plan.textimport import GENERIC_BODIES


class _YearLimits(TypedDict):
    min_value: int
    max_value: int


YEAR_LIMITS: _YearLimits = {"min_value": 2000, "max_value": 2100}


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title (Azerbaijani)"), max_length=400, help_text=_("As in the approving order.")
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=400, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=400, required=False)
    order_number = forms.CharField(label=_("Approving order number"), max_length=40, required=False)
    order_date = bounds.date_field(
        bounds.PAST,
        label=_("Approving order date"),
        required=False,
    )
    year_from = forms.IntegerField(label=_("First year"), **YEAR_LIMITS)
    year_to = forms.IntegerField(label=_("Last year"), **YEAR_LIMITS)
    copy_sections_from = forms.ModelChoiceField(
        label=_("Start with the sections of"),
        queryset=ActionPlan.objects.order_by("-year_from", "-id"),
        required=False,
        empty_label=_("— no sections, I will add them —"),
        help_text=_("The new plan gets the same sections (no measures) as the plan chosen."),
    )
    version = VersionField()

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]
        else:
            del self.fields["copy_sections_from"]

    @staticmethod
    def initial_for(plan: ActionPlan) -> dict:
        return {name: getattr(plan, name) for name in PlanForm.base_fields if hasattr(plan, name)}


class SectionForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), max_length=16, help_text=_("As in the plan, for example 4.2.")
    )
    title = forms.CharField(label=_("Title"), max_length=400)
    place = forms.IntegerField(
        label=_("Place in the plan"),
        min_value=1,
        help_text=_("1 puts the section first; the others move down."),
    )
    version = VersionField()

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["place"]
            del self.fields["version"]

    @staticmethod
    def initial_for(section: Section, place: int) -> dict:
        return {
            "number": section.number,
            "title": section.title,
            "place": place,
            "version": section.version,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"number": data["number"], "title": data["title"]}
        if "place" in self.fields:
            kwargs["position"] = data["place"] - 1
            kwargs["version"] = data["version"]
        return kwargs


class MeasureForm(forms.Form):
    REGULAR, YEARS = "regular", "years"

    number = forms.CharField(
        label=_("Number"), max_length=16, help_text=_("As in the plan, for example 4.2.1.")
    )
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none())
    title = forms.CharField(
        max_length=bounds.TEXT, label=_("Measure"), widget=forms.Textarea(attrs={"rows": 5})
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        widget=forms.RadioSelect,
        choices=[(YEARS, _("Years (from – to)")), (REGULAR, _("Regular (mütəmadi)"))],
        initial=YEARS,
    )
    deadline_from = forms.IntegerField(label=_("From year"), required=False, **YEAR_LIMITS)
    deadline_to = forms.IntegerField(
        label=_("To year"),
        required=False,
        help_text=_("The same year as “from” for a one-year deadline."),
        **YEAR_LIMITS,
    )
    bodies = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Executing bodies"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "One per line, in the plan's order, as the registry names them (pick from the "
            "list below), or a generic entry such as “digər aidiyyəti dövlət orqanları”."
        ),
    )
    involving = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Involving"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Clauses such as “… cəlb etməklə”, one per line, as written in the plan."),
    )
    recommended = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Recommended participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "Bodies outside the executive whose participation is recommended; one per line."
        ),
    )

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        section_field = self.fields["section"]
        assert isinstance(section_field, forms.ModelChoiceField)
        section_field.queryset = plan.sections.order_by("position", "id")
        period = {"from": plan.year_from, "to": plan.year_to}
        self.fields["deadline_from"].help_text = (
            _("Within the plan's period, %(from)d–%(to)d.") % period
        )
        for name in ("deadline_from", "deadline_to"):
            self.fields[name].widget.attrs.update({"min": plan.year_from, "max": plan.year_to})

    @cached_property
    def known_bodies(self) -> list[tuple[str, str]]:
        """(name to type, the agency's full name) for the registry's active agencies.

        The name to type is the plan's own spelling where the registry has one, so that a new
        plan reads like the previous one; any spelling the registry knows is accepted.
        """
        agencies = Agency.objects.filter(is_active=True).only("name_az", "plan_names")
        return sorted(
            ((a.plan_names[0] if a.plan_names else a.name_az, a.name_az) for a in agencies),
            key=lambda pair: pair[0].casefold(),
        )

    generic_bodies = GENERIC_BODIES

    @staticmethod
    def initial_for(measure: Measure) -> dict:
        bodies = sorted(
            measure.bodies.exclude(role=MeasureBody.Role.ASSIGNED), key=lambda b: b.position
        )
        return {
            "number": measure.number,
            "section": measure.section_id,
            "title": measure.title,
            "deadline": MeasureForm.REGULAR if measure.deadline_regular else MeasureForm.YEARS,
            "deadline_from": measure.deadline_from,
            "deadline_to": measure.deadline_to,
            "bodies": "\n".join(
                b.name_as_written for b in bodies if b.role == MeasureBody.Role.EXECUTING
            ),
            "involving": "\n".join(measure.involving or []),
            "recommended": "\n".join(
                b.name_as_written for b in bodies if b.role == MeasureBody.Role.RECOMMENDED
            ),
        }

    def clean_bodies(self) -> list[str]:
        return _lines(self.cleaned_data.get("bodies", ""))

    def clean_involving(self) -> list[str]:
        return _lines(self.cleaned_data.get("involving", ""))

    def clean_recommended(self) -> list[str]:
        return _lines(self.cleaned_data.get("recommended", ""))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        regular = data["deadline"] == self.REGULAR
        return {
            "section": data["section"],
            "number": data["number"],
            "title": data["title"],
            "deadline_regular": regular,
            "deadline_from": None if regular else data.get("deadline_from"),
            "deadline_to": None if regular else data.get("deadline_to"),
            "bodies": data["bodies"],
            "involving": data["involving"],
            "recommended": data["recommended"],
        }
