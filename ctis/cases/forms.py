from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Agency
from ctis.cases import choices
from ctis.cases.inputs import (
    CaseInput,
    ContactInput,
    CrimeInput,
    DocumentInput,
    EventInput,
    GroupInput,
    PersonInput,
    ProsecutionInput,
    VictimInput,
)
from ctis.cases.keys import phone_e164
from ctis.cases.models import CaseParticipant, CriminalCodeArticle, CriminalGroup, Person
from ctis.core import bounds
from ctis.core.forms import VersionField
from ctis.core.models import Country

DOCUMENT_ROWS = 3
CONTACT_ROWS = 3
BLANK = [("", "—")]


DateInput = bounds.DateInput


class Searchable:
    """A select that the page's script (ctis.js) gives a type-to-filter box; without the
    script it is a plain select. The attribute carries the box's placeholder, translated."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(  # type: ignore[call-arg]
            attrs={"data-search": _("Type to filter…"), **(attrs or {})}, choices=choices
        )


class SearchableSelect(Searchable, forms.Select):
    pass


class SearchableSelectMultiple(Searchable, forms.SelectMultiple):
    pass


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class CountryMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


def _countries():
    return Country.objects.all()


class PersonForm(forms.Form):
    ROLE_PREFIX = {"victim": "V", "perpetrator": "P", "child": "C", "other": "P"}
    role = forms.ChoiceField(
        label=_("The person is"),
        choices=[
            ("victim", _("a victim or possible victim")),
            ("perpetrator", _("a perpetrator or suspect")),
            ("child", _("a child of a victim")),
            ("other", _("someone else")),
        ],
        initial="victim",
        widget=forms.RadioSelect,
    )
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    patronymic = forms.CharField(
        label=_("Patronymic"),
        max_length=150,
        required=False,
        help_text=_("Father's name, e.g. Əli oğlu, Rauf qızı."),
    )
    aliases = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Other names and spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: other spellings, maiden names, nicknames."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=choices.Sex.choices,
        initial=choices.Sex.UNKNOWN,
        widget=forms.RadioSelect,
    )
    birth_date = bounds.date_field(bounds.BIRTH, label=_("Date of birth"), required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth, if the date is not known"),
        required=False,
        min_value=1900,
        max_value=2100,
    )
    citizenships = CountryMultipleChoiceField(
        label=_("Citizenship"),
        queryset=Country.objects.all(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("Type to filter; hold Ctrl to choose more than one."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=choices.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    address = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["role"]
        if creating and not self.is_bound:
            self.initial.setdefault("citizenships", ["AZ"])
            self.initial.setdefault("languages", ["az"])
        issuers = _countries()
        for row in range(1, DOCUMENT_ROWS + 1):
            self.fields[f"document_{row}_kind"] = forms.ChoiceField(
                label=_("Document"),
                choices=BLANK + list(choices.DocumentKind.choices),
                required=False,
            )
            self.fields[f"document_{row}_number"] = forms.CharField(
                label=_("Number"), max_length=40, required=False
            )
            self.fields[f"document_{row}_issuer"] = CountryChoiceField(
                label=_("Issued by"),
                queryset=issuers,
                required=False,
                empty_label="—",
                widget=SearchableSelect,
            )
        for row in range(1, CONTACT_ROWS + 1):
            self.fields[f"contact_{row}_kind"] = forms.ChoiceField(
                label=_("Contact"), choices=list(choices.ContactKind.choices), required=False
            )
            self.fields[f"contact_{row}_value"] = forms.CharField(
                label=_("Phone, e-mail or other"), max_length=200, required=False
            )

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {
            "family_name": person.family_name or "",
            "given_name": person.given_name,
            "patronymic": person.patronymic or "",
            "aliases": person.aliases or "",
            "sex": person.sex,
            "birth_date": person.birth_date_value,
            "birth_year": None if person.birth_date else person.birth_year,
            "citizenships": [c.code for c in person.citizenships.all()],
            "languages": person.languages,
            "address": person.address or "",
            "notes": person.notes or "",
        }
        for row, document in enumerate(person.documents.all()[:DOCUMENT_ROWS], start=1):
            initial[f"document_{row}_kind"] = document.kind
            initial[f"document_{row}_number"] = document.number
            initial[f"document_{row}_issuer"] = document.issuer_id
        for row, contact in enumerate(person.contacts.all()[:CONTACT_ROWS], start=1):
            initial[f"contact_{row}_kind"] = contact.kind
            initial[f"contact_{row}_value"] = contact.value
        return initial

    def document_rows(self):
        return [
            [self[f"document_{row}_{part}"] for part in ("kind", "number", "issuer")]
            for row in range(1, DOCUMENT_ROWS + 1)
        ]

    def contact_rows(self):
        return [
            [self[f"contact_{row}_{part}"] for part in ("kind", "value")]
            for row in range(1, CONTACT_ROWS + 1)
        ]

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return value

    def clean(self):
        data = super().clean()
        for row in range(1, DOCUMENT_ROWS + 1):
            kind, number = data.get(f"document_{row}_kind"), data.get(f"document_{row}_number")
            if number and not kind:
                self.add_error(f"document_{row}_kind", _("Choose the kind of document."))
            if kind and not number:
                self.add_error(f"document_{row}_number", _("Enter the document number."))
        for row in range(1, CONTACT_ROWS + 1):
            kind, value = data.get(f"contact_{row}_kind"), data.get(f"contact_{row}_value")
            if value and (kind or "Phone") == "Phone" and phone_e164(value) is None:
                self.add_error(
                    f"contact_{row}_value",
                    _(
                        "This is not a valid phone number. Write it with its area or mobile "
                        "code (050 123 45 67), or a foreign number with its country code "
                        "(+90 532 123 45 67)."
                    ),
                )
        return data

    def to_input(self) -> PersonInput:
        data = self.cleaned_data
        documents = [
            DocumentInput(
                kind=data[f"document_{row}_kind"],
                number=data[f"document_{row}_number"],
                issuer=data.get(f"document_{row}_issuer"),
            )
            for row in range(1, DOCUMENT_ROWS + 1)
            if data.get(f"document_{row}_number")
        ]
        contacts = [
            ContactInput(
                kind=data[f"contact_{row}_kind"] or "Phone", value=data[f"contact_{row}_value"]
            )
            for row in range(1, CONTACT_ROWS + 1)
            if data.get(f"contact_{row}_value")
        ]
        return PersonInput(
            given_name=data["given_name"],
            family_name=data["family_name"],
            patronymic=data["patronymic"],
            aliases=data["aliases"],
            birth_date=data["birth_date"],
            birth_year=data["birth_year"],
            sex=data["sex"],
            citizenships=list(data["citizenships"]),
            languages=data["languages"],
            address=data["address"],
            notes=data["notes"],
            documents=documents,
            contacts=contacts,
        )


class VersionForm(forms.Form):
    version = VersionField()


class VictimForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trafficking status"),
        choices=choices.TraffickingStatus.choices,
        widget=forms.RadioSelect,
        initial=choices.TraffickingStatus.POSSIBLE,
    )
    status_decided_by = forms.ModelChoiceField(
        label=_("Status decided by"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="—",
        widget=SearchableSelect,
    )
    status_decided_on = bounds.date_field(bounds.PAST, label=_("Decided on"), required=False)
    identified_on = bounds.date_field(
        bounds.PAST,
        label=_("Identified on"),
        required=False,
        help_text=_("The year of identification places the victim in the annual statistics."),
    )
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=choices.ExploitationForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    labour_sector = forms.ChoiceField(
        label=_("Labour sector (ISIC)"),
        choices=BLANK + list(choices.LabourSector.choices),
        required=False,
    )
    sexual_kinds = forms.MultipleChoiceField(
        label=_("Kinds of sexual exploitation"),
        choices=choices.SexualExploitationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    control_methods = forms.MultipleChoiceField(
        label=_("Methods of control"),
        choices=choices.ControlMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recruitment_method = forms.ChoiceField(
        label=_("Recruitment method"),
        choices=BLANK + list(choices.RecruitmentMethod.choices),
        required=False,
    )
    recruiter_relationship = forms.ChoiceField(
        label=_("Relationship to the recruiter"),
        choices=BLANK + list(choices.RecruiterRelationship.choices),
        required=False,
    )
    age_when_trafficked = forms.IntegerField(
        label=_("Age when trafficked"), required=False, min_value=0, max_value=120
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("identified_on", timezone.localdate())

    def to_input(self) -> VictimInput:
        data = dict(self.cleaned_data)
        data["forms"] = data.pop("exploitation")
        return VictimInput(**data)

    @classmethod
    def initial_for(cls, victim) -> dict:
        initial = {
            name: getattr(victim, name) for name in cls.base_fields if name != "exploitation"
        }
        initial["exploitation"] = victim.forms
        initial["status_decided_by"] = victim.status_decided_by_id
        return initial


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Stage"),
        choices=choices.EventKind.choices,
        widget=forms.RadioSelect,
        initial=choices.EventKind.EXPLOITATION,
    )
    country = CountryChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        widget=SearchableSelect,
        error_messages={"invalid_choice": _("Unknown country: choose one from the list.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("City, district or address as far as known."),
    )
    started_on = bounds.date_field(bounds.PAST, label=_("From"), required=False)
    ended_on = bounds.date_field(bounds.PAST, label=_("Until"), required=False)
    description = forms.CharField(
        max_length=bounds.NOTE,
        label=_("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def to_input(self) -> EventInput:
        return EventInput(**self.cleaned_data)


class IdentityOpenForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Why do you open this person's identity?"),
        choices=choices.AccessPurpose.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation"),
        max_length=300,
        required=False,
        help_text=_("Needed for 'Other'; helps the review in every case."),
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Reason for emergency access"),
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Access lasts four hours, is written to the audit log and is reviewed."),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Review note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Legal ground for erasure"),
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Code, case number, document or name")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(choices.TraffickingStatus.choices),
    )
    year = forms.TypedChoiceField(
        label=_("Year identified"), required=False, coerce=int, empty_value=None
    )
    form = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("All"))] + list(choices.ExploitationForm.choices),
    )
    country = forms.ChoiceField(
        label=_("Country of events"), required=False, widget=SearchableSelect
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("All"))] + list(choices.Sex.choices)
    )
    age_group = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=[
            ("", _("All")),
            ("child", _("Children (under 18)")),
            ("18-25", "18–25"),
            ("26-40", "26–40"),
            ("41+", _("41 and older")),
        ],
    )
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("recent", _("Newest first")),
            ("code", _("By code")),
            ("identified", _("Latest identified victims")),
        ],
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("All"))] + [
            (year, str(year)) for year in range(this_year, 2004, -1)
        ]
        self.fields["country"].choices = [("", _("All"))] + [(c.code, c.name) for c in _countries()]
        self.fields["agency"].choices = [("", _("All"))] + [(a.pk, a.short_name) for a in agencies]


class CaseForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    registered_on = bounds.date_field(bounds.PAST, label=_("Registered on"))
    registering_agency = forms.ModelChoiceField(
        label=_("Registered by"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=SearchableSelect,
        help_text=_("Leave empty if your own unit registered it."),
    )
    articles = forms.ModelMultipleChoiceField(
        label=_("Criminal Code articles"),
        queryset=CriminalCodeArticle.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=choices.CaseStatus.choices,
        initial=choices.CaseStatus.INVESTIGATION,
    )
    solved = forms.BooleanField(label=_("Solved"), required=False)
    # Offered only on a case that has this text (the form's user deletes the field for the
    # rest): groups are records of their own now, recorded from the case's page.
    criminal_group = forms.CharField(
        label=_("Criminal group (as first written)"),
        max_length=200,
        required=False,
        help_text=_(
            "Groups are now recorded on the case's page, with their members; this text is "
            "kept as it was written."
        ),
    )
    summary = forms.CharField(
        max_length=bounds.TEXT,
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, group_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("registered_on", timezone.localdate())
        if not group_text:
            del self.fields["criminal_group"]

    def to_input(self) -> CaseInput:
        data = self.cleaned_data
        return CaseInput(
            number=data["number"],
            registered_on=data["registered_on"],
            articles=list(data["articles"]),
            registering_agency=data["registering_agency"],
            status=data["status"],
            solved=data["solved"],
            criminal_group=data.get("criminal_group"),  # absent: kept as it is
            summary=data.get("summary"),  # absent: the summary is kept (not read)
        )


class PersonCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "help_text",
            _("The person's code, e.g. V-2024-0042. Enter the person first if they are new."),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value).strip().upper()


class PersonPickForm(forms.Form):
    """The search step of a form that links a person: finds them by code or by name."""

    q = forms.CharField(
        label=_("Find the person"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Code, name in any spelling, document")}
        ),
        error_messages={"required": _("Enter a code or a name to search for.")},
    )


class ParticipantForm(forms.Form):
    person = PersonCodeField(label=_("Person"))
    role = forms.ChoiceField(
        label=_("Part in the case"),
        choices=choices.ParticipantRole.choices,
        widget=forms.RadioSelect,
    )
    perpetrator_roles = forms.MultipleChoiceField(
        label=_("Role in the crime"),
        choices=choices.PerpetratorRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group_member = forms.BooleanField(label=_("Member of the criminal group"), required=False)
    wanted = forms.ChoiceField(
        label=_("Wanted"), choices=choices.WantedStatus.choices, required=False
    )
    wanted_on = bounds.date_field(
        bounds.PAST,
        label=_("Wanted since"),
        required=False,
        help_text=_("The day the person was put on the wanted list; today if left empty."),
    )
    caught_on = bounds.date_field(bounds.PAST, label=_("Caught on"), required=False)
    extradition = forms.ChoiceField(
        label=_("Extradition"), choices=choices.Extradition.choices, required=False
    )


class ProsecutionForm(forms.Form):
    accused = PersonCodeField(label=_("Accused"))
    court = forms.CharField(
        label=_("Court"), max_length=200, widget=forms.TextInput(attrs={"list": "courts"})
    )
    charged_on = bounds.date_field(
        bounds.PAST,
        label=_("Charged on"),
        required=False,
        help_text=_("The day the person was formally charged."),
    )
    sent_to_court_on = bounds.date_field(bounds.PAST, label=_("Sent to court on"), required=False)
    verdict_on = bounds.date_field(bounds.PAST, label=_("Verdict date"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=choices.VerdictOutcome.choices, required=False
    )
    sentence = forms.ChoiceField(
        label=_("Sentence"), choices=choices.SentenceKind.choices, required=False
    )
    term_months = forms.IntegerField(
        label=_("Term (months)"), required=False, min_value=1, max_value=600
    )
    fine_azn = forms.DecimalField(
        label=_("Fine (AZN)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    confiscation = forms.BooleanField(label=_("Proceeds of crime confiscated"), required=False)
    confiscation_note = forms.CharField(
        label=_("What was confiscated"), max_length=300, required=False
    )

    def to_input(self) -> ProsecutionInput:
        data = {k: v for k, v in self.cleaned_data.items() if k != "accused"}
        return ProsecutionInput(**data)


class ChildForm(forms.Form):
    child = PersonCodeField(
        label=_("Child"), help_text=_("The child's code (C-…). Enter the child as a person first.")
    )
    measures = forms.MultipleChoiceField(
        label=_("What was done for the child"),
        choices=choices.ChildMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ArticleForm(forms.Form):
    code = forms.CharField(
        label=_("Article"),
        max_length=20,
        help_text=_("As in the Criminal Code, e.g. 144-1 or 243.2."),
    )
    title_az = forms.CharField(label=_("Title (Azerbaijani)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    is_trafficking = forms.BooleanField(
        label=_("A trafficking article (counted in statistics)"), required=False
    )
    is_document_related = forms.BooleanField(
        label=_("Illegal actions with documents (counted apart in statistics)"), required=False
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class WantedForm(forms.Form):
    """A perpetrator's wanted status changed: from which day, and the extradition."""

    wanted = forms.ChoiceField(
        label=_("Wanted"), choices=choices.WantedStatus.choices, required=False
    )
    on = bounds.date_field(
        bounds.PAST,
        label=_("Since"),
        help_text=_("The day the status holds from: for a person caught, the day of the arrest."),
    )
    extradition = forms.ChoiceField(
        label=_("Extradition"), choices=choices.Extradition.choices, required=False
    )


class CrimeForm(forms.Form):
    article = forms.ModelChoiceField(
        label=_("Criminal Code article"), queryset=CriminalCodeArticle.objects.all()
    )
    registered_on = bounds.date_field(bounds.PAST, label=_("Registered on"))
    solved = forms.BooleanField(label=_("Solved"), required=False)
    solved_on = bounds.date_field(bounds.PAST, label=_("Solved on"), required=False)
    description = forms.CharField(
        label=_("Short description"),
        max_length=bounds.SHORT,
        required=False,
        help_text=_(
            "A few words on the episode, without names of persons: the persons are linked "
            "to the case."
        ),
    )

    def __init__(self, *args, current: CriminalCodeArticle | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The articles in use, and the crime's own if it was switched off since.
        in_use = Q(is_active=True) | Q(pk=current.pk) if current else Q(is_active=True)
        self.fields["article"].queryset = CriminalCodeArticle.objects.filter(  # type: ignore[attr-defined]
            in_use
        )

    def to_input(self) -> CrimeInput:
        return CrimeInput(**self.cleaned_data)


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=bounds.SHORT,
        help_text=_("The name the group is known by, or what it is: no names of persons."),
    )
    description = forms.CharField(label=_("Description"), max_length=bounds.SHORT, required=False)
    neutralised_on = bounds.date_field(bounds.PAST, label=_("Neutralised on"), required=False)

    def to_input(self) -> GroupInput:
        return GroupInput(**self.cleaned_data)


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.person.code


class GroupMemberForm(forms.Form):
    participant = ParticipantChoiceField(
        label=_("Perpetrator"), queryset=CaseParticipant.objects.none()
    )

    def __init__(self, *args, case=None, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:  # the case's perpetrators not yet members, by code only
            self.fields["participant"].queryset = (
                CaseParticipant.objects.filter(case=case, role=choices.ParticipantRole.PERPETRATOR)
                .exclude(person__group_memberships__group=group)
                .select_related("person")
                .only("id", "case", "role", "person", "person__id", "person__code")
            )


class GroupLinkForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Criminal group"), queryset=CriminalGroup.objects.none())

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups
