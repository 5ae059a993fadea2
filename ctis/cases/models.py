"""The unified database: persons, victim profiles, trafficking events, criminal cases and
prosecutions (plan measures 4.3.1 and 4.1.12).

Identity fields are ``EncryptedTextField`` (sealed at rest, ADR 0005); everything a list,
a filter or a statistic needs is a plain column that identifies nobody on its own. Every
record carries its owner agency and a ``version`` that the services check before they
save, so that two people editing one record cannot overwrite each other.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.cases.choices import (
    FORM_BITS,
    LANGUAGES,
    AccessPurpose,
    CaseStatus,
    ChildMeasure,
    ContactKind,
    ControlMethod,
    DocumentKind,
    EventKind,
    ExploitationForm,
    Extradition,
    ParticipantRole,
    PerpetratorRole,
    RecruiterRelationship,
    RecruitmentMethod,
    Scope,
    SentenceKind,
    Sex,
    SexualExploitationKind,
    TraffickingStatus,
    VerdictOutcome,
    WantedStatus,
    citizenship_class,
    forms_mask,
)
from ctis.core import bounds
from ctis.core.crypto import EncryptedTextField, SealedManager
from ctis.core.models import TimeStampedModel, localized


class CodeSequence(models.Model):
    """The last number given for one prefix and year: ``V-2020-0042``."""

    prefix = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="code_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


# What the person list filters and sorts on (``selectors.person_list``).
LIST_COLUMNS = [
    "created_at",
    "victim_status",
    "identified_on",
    "forms_mask",
    "sex",
    "birth_year",
    "owner_agency",
    "created_by_agency",
]


def _covering(*key: str) -> list[str]:
    """What an index keyed on ``key`` carries besides its key: the list columns and the
    primary key (which a join or a page's keys select)."""
    return [column for column in ["id", *LIST_COLUMNS] if column not in key]


class Person(TimeStampedModel):
    """Someone the database knows: a victim, a perpetrator, an accused, a victim's child.

    A person's roles follow from the records that point at them (a victim profile, a part
    in a criminal case, a prosecution, a child link), so one person can hold several.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("owner agency"),
        on_delete=models.PROTECT,
        related_name="owned_persons",
    )
    created_by_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("created by agency"),
        on_delete=models.PROTECT,
        related_name="created_persons",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Identity: sealed at rest, read only through the access gate.
    given_name = EncryptedTextField(_("given name"), validators=bounds.text(bounds.NAME))
    family_name = EncryptedTextField(
        _("family name"), null=True, blank=True, validators=bounds.text(bounds.NAME)
    )
    patronymic = EncryptedTextField(
        _("patronymic"), null=True, blank=True, validators=bounds.text(bounds.NAME)
    )
    aliases = EncryptedTextField(
        _("other names and spellings"),
        null=True,
        blank=True,
        help_text=_("One a line: other spellings, maiden names, nicknames."),
        validators=bounds.text(bounds.NOTE),
    )
    # An ISO date, sealed: the service checks it as a date of birth (bounds.BIRTH).
    birth_date = EncryptedTextField(
        _("date of birth"), null=True, blank=True, validators=bounds.text(len("YYYY-MM-DD"))
    )
    address = EncryptedTextField(
        _("addresses"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )
    # Not identifying on their own: these drive lists, filters and statistics.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=24, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenships = models.ManyToManyField(
        "core.Country", verbose_name=_("citizenship"), blank=True, related_name="+"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    notes = EncryptedTextField(
        _("notes"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )
    # Copies of the victim profile's status, identification date and forms, written only by
    # ``Person.mirror_victim`` (called by the services and the demo loader): the person list
    # filters and sorts on one table, answered from the indexes below (bench/RESULTS.md).
    victim_status = models.CharField(
        _("trafficking status"),
        max_length=32,
        choices=TraffickingStatus.choices,
        blank=True,
        editable=False,
    )
    identified_on = models.DateField(
        _("identified on"),
        null=True,
        blank=True,
        editable=False,
        validators=bounds.date(bounds.PAST),
    )
    forms_mask = models.PositiveIntegerField(default=0, editable=False)  # choices.FORM_BITS
    # Copies for the statistics, so that a year's victims are counted from the person rows
    # (one index): what the citizenships say (``choices.citizenship_class``, written with
    # the citizenships) and where the victim was exploited (``choices.exploited_mask``,
    # written with the trafficking events). A merge of two persons must write both again.
    # Defaults in the database too, so that code of the release before, still running while
    # a deployment migrates, can go on writing persons.
    citizenship_class = models.CharField(
        max_length=10, blank=True, default="", db_default="", editable=False
    )
    exploited_mask = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    # ...and which countries (``choices.exploited_countries``: "AE,TR"), so that the victims
    # by country of exploitation are counted from the same index, not from their events.
    exploited_countries = models.CharField(
        max_length=255, blank=True, default="", db_default="", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner_agency", "-created_at"], name="person_owner_recent"),
            # The list's orders of reading, each carrying every column the filters test, so
            # that a count and a page's keys read no table rows: newest first; by status and
            # identification date; by identification date (the year filter and the
            # "recently identified" sort); by forms (``forms_mask IN masks_with(form)``).
            models.Index(
                fields=["-created_at"], include=_covering("created_at"), name="person_recent"
            ),
            models.Index(
                fields=["victim_status", "identified_on"],
                include=[
                    *_covering("victim_status", "identified_on"),
                    "citizenship_class",
                    "exploited_mask",
                    "exploited_countries",
                ],
                name="person_victim_status",
            ),
            models.Index(
                fields=["-identified_on", "-created_at"],
                include=_covering("identified_on", "created_at"),
                name="person_identified",
            ),
            models.Index(
                fields=["forms_mask", "identified_on"],
                include=_covering("forms_mask", "identified_on"),
                name="person_forms",
            ),
            # Search looks codes up case-insensitively (code__iexact: UPPER(code) = ...).
            models.Index(Upper("code"), name="person_code_upper"),
            # The country filter joins trafficking events to persons and tests these columns
            # (and sorts on created_at): with them in an index, the join reads no table rows.
            models.Index(fields=["id"], include=LIST_COLUMNS, name="person_list_filter"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="person_version_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(victim_status=TraffickingStatus.ACTUAL)
                | models.Q(forms_mask__gt=0),
                name="person_actual_victim_has_forms",
                violation_error_message=_(
                    "An actual victim of trafficking needs at least one form of exploitation."
                ),
            ),
            *bounds.date_checks("person", identified_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        # Never the name: a person printed anywhere (logs, audit, admin) shows the code.
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("cases:person_detail", args=[self.pk])

    @property
    def birth_date_value(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.birth_date) if self.birth_date else None

    def language_labels(self) -> list[str]:
        known = dict(LANGUAGES)
        return [str(known.get(code, code)) for code in self.languages]

    MIRRORED = ["victim_status", "identified_on", "forms_mask"]

    def form_labels(self) -> list[str]:
        """The victim's forms of exploitation, from the copy on the person."""
        return [
            str(label)
            for form, label in ExploitationForm.choices
            if self.forms_mask & FORM_BITS[form]
        ]

    def mirror_citizenships(self, codes) -> None:
        """Copy what the citizenships (country codes) say for the statistics."""
        self.citizenship_class = citizenship_class(codes)

    def mirror_victim(self, profile: VictimProfile | None) -> None:
        """Copy the list columns from the person's victim profile (None: not a victim)."""
        self.victim_status = profile.status if profile else ""
        self.identified_on = profile.identified_on if profile else None
        self.forms_mask = forms_mask(profile.forms) if profile else 0


class PersonNameIndex(models.Model):
    """Blind indexes of the phonetic keys of a person's name words (and aliases), so a name
    can be found in any of its spellings without a plaintext column."""

    # No index of its own: the unique constraint (person, value) leads with the person.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="name_indexes", db_index=False
    )
    value = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["value", "person"], name="person_name_index")]
        constraints = [
            models.UniqueConstraint(fields=["person", "value"], name="person_name_index_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.value[:8]}"


class PersonDocument(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    number = EncryptedTextField(_("number"), validators=bounds.text(bounds.SHORT))
    number_index = models.CharField(max_length=32, db_index=True, editable=False)
    issuer = models.ForeignKey(
        "core.Country",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.person.code} {self.get_kind_display()}"


class PersonContact(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("contact"), max_length=12, choices=ContactKind.choices)
    value = EncryptedTextField(_("value"), validators=bounds.text(bounds.SHORT))
    value_index = models.CharField(max_length=32, db_index=True, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.person.code} {self.get_kind_display()}"


def choice_labels(choices, codes) -> list[str]:
    """The labels of a list of choice codes (unknown codes as they are)."""
    known = dict(choices.choices)
    return [str(known.get(code, code)) for code in codes]


class VictimProfile(TimeStampedModel):
    """What makes a person a (possible) victim: HTCDS ``vic_``."""

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="victim"
    )
    status = models.CharField(
        _("trafficking status"),
        max_length=32,
        choices=TraffickingStatus.choices,
        default=TraffickingStatus.POSSIBLE,
    )
    status_decided_by = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("status decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status_decided_on = models.DateField(
        _("status decided on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    identified_on = models.DateField(_("identified on"), validators=bounds.date(bounds.PAST))
    # Copied to ``Person.forms_mask`` for the list filter.
    forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    labour_sector = models.CharField(_("labour sector (ISIC)"), max_length=60, blank=True)
    sexual_kinds = models.JSONField(_("kinds of sexual exploitation"), default=list, blank=True)
    control_methods = models.JSONField(_("methods of control"), default=list, blank=True)
    recruitment_method = models.CharField(
        _("recruitment method"), max_length=40, choices=RecruitmentMethod.choices, blank=True
    )
    recruiter_relationship = models.CharField(
        _("relationship to the recruiter"),
        max_length=16,
        choices=RecruiterRelationship.choices,
        blank=True,
    )
    age_when_trafficked = models.PositiveSmallIntegerField(
        _("age when trafficked"), null=True, blank=True
    )
    scope = models.CharField(
        _("internal or transnational"), max_length=16, choices=Scope.choices, blank=True
    )

    class Meta:
        verbose_name = _("victim profile")
        verbose_name_plural = _("victim profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_when_trafficked__isnull=True)
                | models.Q(age_when_trafficked__lte=120),
                name="victim_age_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(status=TraffickingStatus.POSSIBLE)
                | models.Q(status_decided_by__isnull=False, status_decided_on__isnull=False),
                name="victim_decision_has_body_and_date",
            ),
            *bounds.date_checks("victim", status_decided_on=bounds.PAST, identified_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return self.person.code

    def form_labels(self) -> list[str]:
        return choice_labels(ExploitationForm, self.forms)

    def sexual_kind_labels(self) -> list[str]:
        return choice_labels(SexualExploitationKind, self.sexual_kinds)

    def control_labels(self) -> list[str]:
        return choice_labels(ControlMethod, self.control_methods)


class TraffickingEvent(TimeStampedModel):
    """HTCDS ``hte_``: where and when a victim was recruited, moved and exploited."""

    # The index on (victim, kind) below serves this key's lookups too.
    victim = models.ForeignKey(
        VictimProfile, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    # The victim's person row, joined on the same column (a profile's key is its person's):
    # for reads that need the person's columns without passing through the profile (the
    # statistics' countries of exploitation). No column of its own.
    victim_person = models.ForeignObject(
        Person,
        on_delete=models.DO_NOTHING,
        from_fields=["victim"],
        to_fields=["id"],
        related_name="+",
    )
    kind = models.CharField(_("stage"), max_length=16, choices=EventKind.choices)
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    # Sealed (ADR 0008, "Free text beside identities"): read only once the identity is open.
    place = EncryptedTextField(_("place"), blank=True, validators=bounds.text(bounds.NOTE))
    started_on = models.DateField(
        _("from"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    ended_on = models.DateField(
        _("until"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    description = EncryptedTextField(
        _("description"), blank=True, validators=bounds.text(bounds.NOTE)
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")
        ordering = ["started_on", "created_at"]
        # The list's country filter asks which victims have an event in a country: with the
        # victim in the index, it is answered from the index alone.
        # The statistics ask, for a year's victims, in which countries they were exploited:
        # answered from the (victim, kind) index alone.
        indexes = [
            models.Index(fields=["country", "kind"], include=["victim"], name="event_country_kind"),
            models.Index(fields=["victim", "kind"], include=["country"], name="event_victim_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="event_ends_after_start",
            ),
            *bounds.date_checks("event", started_on=bounds.PAST, ended_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return f"{self.victim_id} {self.kind} {self.country_id}"


class ChildOfVictim(TimeStampedModel):
    """A victim's child, and what was done for the child (seeds 000, 001)."""

    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="children_links")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parent_links")
    measures = models.JSONField(_("what was done"), default=list, blank=True)
    note = EncryptedTextField(  # sealed, like the identity
        _("note"), blank=True, validators=bounds.text(bounds.NOTE)
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("child of a victim")
        verbose_name_plural = _("children of victims")
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="child_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("child")), name="child_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"

    def measure_labels(self) -> list[str]:
        return [str(ChildMeasure(m).label) for m in self.measures if m in ChildMeasure.values]


class CriminalCodeArticle(models.Model):
    """An article of the Criminal Code that a case can be opened under; administrators extend
    the list."""

    code = models.CharField(_("article"), max_length=20, unique=True)
    title_az = models.CharField(_("title (Azerbaijani)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    is_trafficking = models.BooleanField(
        _("a trafficking article"),
        default=False,
        help_text=_("Counted as a trafficking crime in statistics (144-1, 144-2, 144-3)."),
    )
    is_document_related = models.BooleanField(
        _("illegal actions with documents"),
        default=False,
        help_text=_("Counted apart in statistics as crimes with documents (144-3)."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Criminal Code article")
        verbose_name_plural = _("Criminal Code articles")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class CriminalCase(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("case number"), max_length=40)
    registering_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("owner agency"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    registered_on = models.DateField(_("registered on"), validators=bounds.date(bounds.PAST))
    articles = models.ManyToManyField(
        CriminalCodeArticle, verbose_name=_("Criminal Code articles"), related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.INVESTIGATION
    )
    solved = models.BooleanField(_("solved"), default=False)
    criminal_group = models.CharField(
        _("criminal group"),
        max_length=200,
        blank=True,
        help_text=_("Name or description of the organised group, if any."),
    )
    # Sealed: it may name the persons on the case (shown as ``selectors.case_summary_open``).
    summary = EncryptedTextField(_("summary"), blank=True, validators=bounds.text(bounds.TEXT))
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SealedManager()

    class Meta:
        verbose_name = _("criminal case")
        verbose_name_plural = _("criminal cases")
        ordering = ["-registered_on", "number"]
        indexes = [
            models.Index(fields=["-registered_on"], name="case_recent"),
            # Search finds a case by its number case-insensitively (number__iexact).
            models.Index(Upper("number"), name="case_number_upper"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registering_agency", "number"], name="case_number_unique_per_agency"
            ),
            *bounds.date_checks("case", registered_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])


class CaseParticipant(TimeStampedModel):
    """A person's part in a criminal case: victim, or perpetrator with their roles, group
    membership and the search for them."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_parts")
    role = models.CharField(_("part"), max_length=16, choices=ParticipantRole.choices)
    perpetrator_roles = models.JSONField(_("role in the crime"), default=list, blank=True)
    group_member = models.BooleanField(_("member of the criminal group"), default=False)
    wanted = models.CharField(
        _("wanted"),
        max_length=12,
        choices=WantedStatus.choices,
        blank=True,
        default=WantedStatus.NOT_WANTED,
    )
    caught_on = models.DateField(
        _("caught on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    extradition = models.CharField(
        _("extradition"),
        max_length=12,
        choices=Extradition.choices,
        blank=True,
        default=Extradition.NONE,
    )

    class Meta:
        verbose_name = _("case participant")
        verbose_name_plural = _("case participants")
        ordering = ["role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="participant_unique"),
            models.CheckConstraint(
                condition=~models.Q(wanted=WantedStatus.ABROAD) | models.Q(caught_on__isnull=True),
                name="participant_wanted_abroad_not_caught",
                violation_error_message=_(
                    "A person wanted abroad has no date of being caught: record them as caught."
                ),
            ),
            *bounds.date_checks("participant", caught_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.person} · {self.role}"

    def perpetrator_role_labels(self) -> list[str]:
        return choice_labels(PerpetratorRole, self.perpetrator_roles)


class Prosecution(TimeStampedModel):
    """One accused person's trial in one case: court, verdict and sentence."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="prosecutions")
    accused = models.ForeignKey(
        Person, verbose_name=_("accused"), on_delete=models.PROTECT, related_name="prosecutions"
    )
    # A copy of the accused's sex, written with the prosecution and with every change of the
    # person's sex (``services.person_update``), so that a year's charges and convictions by
    # sex are counted from the prosecutions alone (issue 13: the join to a million persons
    # for their sex cost a quarter of a second). A merge of two persons must write it again.
    accused_sex = models.CharField(
        max_length=24,
        choices=Sex.choices,
        default=Sex.UNKNOWN,
        db_default=Sex.UNKNOWN,
        editable=False,
    )
    court = models.CharField(_("court"), max_length=200)
    charged_on = models.DateField(
        _("charged on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    sent_to_court_on = models.DateField(
        _("sent to court on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    verdict_on = models.DateField(
        _("verdict date"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=VerdictOutcome.choices,
        blank=True,
        default=VerdictOutcome.PENDING,
    )
    sentence = models.CharField(
        _("sentence"),
        max_length=16,
        choices=SentenceKind.choices,
        blank=True,
        default=SentenceKind.NONE,
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    fine_azn = models.DecimalField(
        _("fine (AZN)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    confiscation = models.BooleanField(_("proceeds confiscated"), default=False)
    confiscation_note = models.CharField(_("what was confiscated"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("prosecution")
        verbose_name_plural = _("prosecutions")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "accused"], name="prosecution_unique"),
            models.CheckConstraint(
                condition=~models.Q(outcome=VerdictOutcome.PENDING)
                | models.Q(verdict_on__isnull=True),
                name="prosecution_no_verdict_no_date",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome=VerdictOutcome.PENDING)
                | models.Q(verdict_on__isnull=False),
                name="prosecution_verdict_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(sentence=SentenceKind.NONE)
                | models.Q(outcome=VerdictOutcome.CONVICTED),
                name="prosecution_sentence_only_if_convicted",
            ),
            models.CheckConstraint(
                condition=~models.Q(sentence=SentenceKind.IMPRISONMENT)
                | models.Q(term_months__gt=0),
                name="prosecution_imprisonment_has_term",
            ),
            models.CheckConstraint(
                condition=~models.Q(sentence=SentenceKind.FINE) | models.Q(fine_azn__gt=0),
                name="prosecution_fine_has_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(charged_on__isnull=True)
                | models.Q(sent_to_court_on__isnull=True)
                | models.Q(charged_on__lte=models.F("sent_to_court_on")),
                name="prosecution_charged_before_court",
                violation_error_message=_("A person is charged before the case is sent to court."),
            ),
            models.CheckConstraint(
                condition=models.Q(charged_on__isnull=True)
                | models.Q(verdict_on__isnull=True)
                | models.Q(charged_on__lte=models.F("verdict_on")),
                name="prosecution_charged_before_verdict",
                violation_error_message=_("A person is charged before the verdict."),
            ),
            models.CheckConstraint(
                condition=models.Q(sent_to_court_on__isnull=True)
                | models.Q(verdict_on__isnull=True)
                | models.Q(sent_to_court_on__lte=models.F("verdict_on")),
                name="prosecution_court_before_verdict",
                violation_error_message=_("The verdict is before the case was sent to court."),
            ),
            *bounds.date_checks(
                "prosecution",
                charged_on=bounds.PAST,
                sent_to_court_on=bounds.PAST,
                verdict_on=bounds.PAST,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.accused}"


class Crime(TimeStampedModel):
    """One crime episode of a criminal case: its article, when it was registered and whether
    it is solved. A case holds several; statistics count crimes, not cases (ADR 0018)."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="crimes")
    article = models.ForeignKey(
        CriminalCodeArticle,
        verbose_name=_("Criminal Code article"),
        on_delete=models.PROTECT,
        related_name="crimes",
    )
    registered_on = models.DateField(_("registered on"), validators=bounds.date(bounds.PAST))
    solved = models.BooleanField(_("solved"), default=False)
    solved_on = models.DateField(
        _("solved on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    description = models.CharField(
        _("short description"),
        max_length=bounds.SHORT,
        blank=True,
        validators=bounds.text(bounds.SHORT),
        help_text=_(
            "A few words on the episode, without names of persons: the persons are linked "
            "to the case."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("crime")
        verbose_name_plural = _("crimes")
        ordering = ["registered_on", "created_at"]
        # Statistics count crimes by year of registration and article.
        indexes = [
            models.Index(fields=["registered_on", "article"], name="crime_registered_article")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(solved=True) | models.Q(solved_on__isnull=True),
                name="crime_solved_on_only_if_solved",
                violation_error_message=_(
                    "A crime that is not solved has no date of being solved: tick solved, or "
                    "clear the date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(solved_on__isnull=True)
                | models.Q(solved_on__gte=models.F("registered_on")),
                name="crime_solved_after_registered",
                violation_error_message=_("A crime is solved on or after it was registered."),
            ),
            *bounds.date_checks("crime", registered_on=bounds.PAST, solved_on=bounds.PAST),
            *bounds.length_checks("crime", description=bounds.SHORT),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.article.code}"


class CriminalGroup(TimeStampedModel):
    """An organised criminal group: its members (persons), the cases it is tied to and the
    date it was neutralised. Replaces the free text ``CriminalCase.criminal_group``."""

    owner_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("owner agency"),
        on_delete=models.PROTECT,
        related_name="criminal_groups",
    )
    name = models.CharField(
        _("name"),
        max_length=bounds.SHORT,
        validators=bounds.text(bounds.SHORT),
        help_text=_("The name the group is known by, or what it is: no names of persons."),
    )
    description = models.CharField(
        _("description"),
        max_length=bounds.SHORT,
        blank=True,
        validators=bounds.text(bounds.SHORT),
    )
    neutralised_on = models.DateField(
        _("neutralised on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    cases = models.ManyToManyField(
        CriminalCase, verbose_name=_("criminal cases"), related_name="groups", blank=True
    )
    members: models.ManyToManyField[Person, GroupMember] = models.ManyToManyField(
        Person, through="GroupMember", related_name="criminal_groups", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("criminal group")
        verbose_name_plural = _("criminal groups")
        ordering = ["name", "created_at"]
        indexes = [models.Index(fields=["neutralised_on"], name="group_neutralised")]
        constraints = [
            *bounds.date_checks("group", neutralised_on=bounds.PAST),
            *bounds.length_checks("group", name=bounds.SHORT, description=bounds.SHORT),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(TimeStampedModel):
    """A person's membership of a criminal group."""

    group = models.ForeignKey(CriminalGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="group_memberships")

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="group_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} · {self.person}"


class WantedChange(models.Model):
    """One change of a participant's wanted status, as recorded: a row is added for every
    change and never rewritten, so the status on any date can be read back (ADR 0018)."""

    participant = models.ForeignKey(
        CaseParticipant, on_delete=models.CASCADE, related_name="wanted_changes"
    )
    status = models.CharField(_("wanted"), max_length=12, choices=WantedStatus.choices, blank=True)
    on = models.DateField(_("since"), validators=bounds.date(bounds.PAST))
    recorded_by = models.ForeignKey(  # none: from the data stored before the history
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("change of wanted status")
        verbose_name_plural = _("changes of wanted status")
        ordering = ["on", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["participant", "on"], name="wanted_change_participant"),
            models.Index(fields=["status", "on"], name="wanted_change_status"),
        ]
        constraints = [
            *bounds.date_checks("wanted_change", on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} · {self.status or '-'} · {self.on}"


class IdentityAccess(models.Model):
    """Who opened a person's identity, when and why: shown on the person's page to police
    supervisors and auditors. The audit log holds the same, chained; this table is its
    fast per-person index."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identity_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "accounts.Agency", null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(_("purpose"), max_length=16, choices=AccessPurpose.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    break_glass = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["person", "-opened_at"], name="identity_access_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.user} · {self.purpose}"


class BreakGlassGrant(models.Model):
    """A police supervisor's time-limited access to a record outside their scope, with the
    written reason; listed for review until an auditor has looked at it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(  # sealed; read by its reviewers (ADR 0008)
        _("reason"), validators=bounds.text(bounds.NOTE)
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(
        _("review note"), blank=True, validators=bounds.text(bounds.NOTE)
    )

    objects = SealedManager()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [
            models.Index(fields=["user", "person", "-expires_at"], name="break_glass_active")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="break_glass_expires_after_grant",
            ),
            *bounds.length_checks("break_glass", review_note=bounds.NOTE),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.user} · {self.granted_at:%Y-%m-%d %H:%M}"


class DuplicateDecision(models.Model):
    """What a user decided when entry showed likely duplicates: linked to one, or continued."""

    class Decision(models.TextChoices):
        LINKED = "linked", _("Linked to the existing person")
        CONTINUED = "continued", _("Entered as a new person")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=12, choices=Decision.choices)
    candidates = models.ManyToManyField(Person, related_name="+")
    chosen = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.user} · {self.decision}"
