from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Agency
from ctis.core import bounds
from ctis.core.forms import VersionField
from ctis.outreach.inputs import EventInput, FeedbackInput, GroupInput
from ctis.outreach.models import Audience, EventKind, EventMode, MaterialLanguage, Stage
from ctis.plan.models import Measure

SCALE = [(str(n), str(n)) for n in range(1, 6)]


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *EventKind.choices])
    starts_on = bounds.date_field(bounds.DUE, label=_("First day"))
    ends_on = bounds.date_field(bounds.DUE, label=_("Last day"))
    place = forms.CharField(label=_("Region or city"), max_length=200)
    mode = forms.ChoiceField(
        label=_("Online or in person"), choices=EventMode.choices, widget=forms.RadioSelect
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner agencies"), queryset=Agency.objects.none(), required=False
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Plan measures served"), queryset=Measure.objects.none(), required=False
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audiences"),
        queryset=Audience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants_total = forms.IntegerField(label=_("Participants in total"), min_value=0)
    materials_count = forms.IntegerField(
        label=_("Materials distributed"), min_value=0, initial=0, required=False
    )
    materials_languages = forms.MultipleChoiceField(
        label=_("Languages of the materials"),
        choices=MaterialLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = bounds.text_field(bounds.NOTE, rows=4, label=_("Description"), required=False)
    version = VersionField()

    def __init__(self, *args, editing=False, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]
        self.fields["partners"].queryset = Agency.objects.filter(is_active=True).order_by("name_az")
        self.fields["measures"].queryset = (
            Measure.objects.filter(plan=plan).order_by("position", "id")
            if plan
            else Measure.objects.none()
        )
        self.audience_list = list(Audience.objects.filter(is_active=True))
        self.fields["audiences"].queryset = Audience.objects.filter(is_active=True)
        for audience in self.audience_list:
            for part, label in (("total", _("total")), ("women", _("women")), ("men", _("men"))):
                self.fields[f"group_{audience.pk}_{part}"] = forms.IntegerField(
                    label=f"{audience.name}: {label}",
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "num"}),
                )

    def main_fields(self):
        skip = {"version"}
        return [self[n] for n in self.fields if not n.startswith("group_") and n not in skip]

    def group_rows(self):
        return [
            (
                audience,
                [
                    self[f"group_{audience.pk}_total"],
                    self[f"group_{audience.pk}_women"],
                    self[f"group_{audience.pk}_men"],
                ],
            )
            for audience in self.audience_list
        ]

    def to_input(self) -> EventInput:
        data = self.cleaned_data
        groups = [
            GroupInput(
                audience_id=audience.pk,
                total=data.get(f"group_{audience.pk}_total") or 0,
                women=data.get(f"group_{audience.pk}_women") or 0,
                men=data.get(f"group_{audience.pk}_men") or 0,
            )
            for audience in self.audience_list
        ]
        return EventInput(
            title=data["title"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            place=data["place"],
            mode=data["mode"],
            partner_ids=[a.pk for a in data["partners"]],
            measure_ids=[m.pk for m in data["measures"]],
            audience_ids=[a.pk for a in data["audiences"]],
            groups=groups,
            participants_total=data["participants_total"],
            materials_count=data.get("materials_count") or 0,
            materials_languages=list(data["materials_languages"]),
            description=data.get("description", ""),
        )

    @staticmethod
    def initial_from(event) -> dict:
        initial = {
            "title": event.title,
            "kind": event.kind,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "place": event.place,
            "mode": event.mode,
            "partners": list(event.partners.all()),
            "measures": list(event.measures.all()),
            "audiences": list(event.audiences.all()),
            "participants_total": event.participants_total,
            "materials_count": event.materials_count,
            "materials_languages": event.languages,
            "description": event.description,
            "version": event.version,
        }
        for group in event.groups.all():
            initial[f"group_{group.audience_id}_total"] = group.total
            initial[f"group_{group.audience_id}_women"] = group.women
            initial[f"group_{group.audience_id}_men"] = group.men
        return initial


class AssessmentForm(forms.Form):
    assessment = bounds.text_field(
        bounds.NOTE,
        rows=4,
        label=_("The organiser's assessment"),
        help_text=_("How the event went: what worked, what to change next time."),
    )


class QuestionForm(forms.Form):
    statement = forms.CharField(label=_("Statement"), max_length=200)
    is_true = forms.TypedChoiceField(
        label=_("The right answer"),
        choices=[("yes", _("True")), ("no", _("False"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class FeedbackForm(forms.Form):
    """The public form: no field asks who the participant is."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, label=_("Leave this field empty"))  # honeypot
    usefulness = forms.ChoiceField(
        label=_("How useful was the event for you?"),
        choices=SCALE,
        widget=forms.RadioSelect,
        required=False,
    )
    clarity = forms.ChoiceField(
        label=_("How clear was the presentation?"),
        choices=SCALE,
        widget=forms.RadioSelect,
        required=False,
    )
    relevance = forms.ChoiceField(
        label=_("How relevant was it to your work or life?"),
        choices=SCALE,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = bounds.text_field(
        bounds.NOTE,
        rows=4,
        label=_("Comment"),
        required=False,
        help_text=_("Please do not write your name, phone number or other personal details."),
    )

    def __init__(self, *args, stage=Stage.AFTER, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        if stage == Stage.BEFORE:
            for name in ("usefulness", "clarity", "relevance", "comment"):
                del self.fields[name]
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.ChoiceField(
                label=question.statement,
                choices=[("yes", _("True")), ("no", _("False"))],
                widget=forms.RadioSelect,
                required=False,
            )

    def rating_fields(self):
        return [self[n] for n in ("usefulness", "clarity", "relevance") if n in self.fields]

    def question_fields(self):
        return [self[f"question_{q.pk}"] for q in self.questions]

    def to_input(self, language: str) -> FeedbackInput:
        data = self.cleaned_data
        return FeedbackInput(
            stage=self.stage,
            token=data.get("token", ""),
            honeypot=data.get("website", ""),
            usefulness=data.get("usefulness", ""),
            clarity=data.get("clarity", ""),
            relevance=data.get("relevance", ""),
            comment=data.get("comment", ""),
            answers={q.pk: data.get(f"question_{q.pk}", "") for q in self.questions},
            language=language,
        )
