"""The National Referral Mechanism: identification by indicator screening, notifications
to the special police unit and its status decisions, consent, referrals between agencies,
shelters and stays, services delivered, support plans, citizens harmed abroad and the
closing of an agency's case. Who may see what is ``ctis.nrm.access`` (ADR 0007).

Indicator sets are data, not code: the ILO / European Commission operational indicators
and national sets are rows an administrator can edit (``ctis/nrm/data/indicator_sets.json``
is what ships). A screening keeps the indicators observed and, computed by
``ctis.nrm.rules``, its per-dimension tallies, result and explanation, so that a later
change to a set never rewrites an earlier screening.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ctis.cases.choices import PersonPart
from ctis.cases.models import choice_labels
from ctis.core import bounds
from ctis.core.crypto import EncryptedTextField, SealedManager
from ctis.core.models import TimeStampedModel, localized
from ctis.nrm import rules


class Population(models.TextChoices):
    ADULT = rules.ADULT, _("Adults")
    CHILD = rules.CHILD, _("Children")
    ANY = rules.ANY_AGE, _("Adults and children")


class Exploitation(models.TextChoices):
    LABOUR = "labour", _("Labour exploitation")
    SEXUAL = "sexual", _("Sexual exploitation")
    ANY = "any", _("Any form")


class CombinationRule(models.TextChoices):
    ILO_EC = "ilo_ec", _("ILO/EC dimensions and weights")
    CHECKLIST = "checklist", _("Checklist without a combination rule")


class Dimension(models.TextChoices):
    DECEPTIVE_RECRUITMENT = rules.DECEPTIVE_RECRUITMENT, _("Deceptive recruitment")
    COERCIVE_RECRUITMENT = rules.COERCIVE_RECRUITMENT, _("Coercive recruitment")
    RECRUITMENT_ABUSE = rules.RECRUITMENT_ABUSE, _("Recruitment by abuse of vulnerability")
    EXPLOITATIVE_CONDITIONS = rules.EXPLOITATIVE_CONDITIONS, _("Exploitative conditions")
    COERCION_AT_DESTINATION = rules.COERCION_AT_DESTINATION, _("Coercion at destination")
    ABUSE_AT_DESTINATION = rules.ABUSE_AT_DESTINATION, _("Abuse of vulnerability at destination")


class Weight(models.TextChoices):
    STRONG = rules.STRONG, _("strong")
    MEDIUM = rules.MEDIUM, _("medium")
    WEAK = rules.WEAK, _("weak")


class ScreeningResult(models.TextChoices):
    PRESUMED_VICTIM = rules.PRESUMED_VICTIM, _("Presumed victim")
    NOT_ENOUGH = rules.NOT_ENOUGH, _("Not enough indicators")
    # A checklist set (e.g. the ILO indicators of forced labour) has no combination rule:
    # its screening records what was observed and leaves the judgement to the officer.
    RECORDED = rules.RECORDED, _("Indicators recorded (no combination rule)")


class IndicatorSet(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    population = models.CharField(_("population"), max_length=8, choices=Population.choices)
    exploitation = models.CharField(_("exploitation"), max_length=12, choices=Exploitation.choices)
    rule = models.CharField(
        _("combination rule"),
        max_length=12,
        choices=CombinationRule.choices,
        default=CombinationRule.ILO_EC,
    )
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    source = models.TextField(_("source"), blank=True, validators=bounds.text(bounds.NOTE))
    national = models.BooleanField(_("national set"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["national", "code"]
        constraints = [*bounds.length_checks("indicator_set", source=bounds.NOTE)]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.rule == CombinationRule.ILO_EC and self.population == Population.ANY:
            raise ValidationError(
                {
                    "population": _(
                        "The ILO/EC rules differ for adults and children: a set with them "
                        "is for one of the two."
                    )
                }
            )

    @property
    def name(self) -> str:
        return localized(self, "name")

    def labels(self) -> dict[str, str]:
        return {"az": self.name_az, "en": self.name_en, "ru": self.name_ru}


class Indicator(TimeStampedModel):
    indicator_set = models.ForeignKey(
        IndicatorSet,
        verbose_name=_("indicator set"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.SlugField(_("code"), max_length=60)
    dimension = models.CharField(
        _("dimension"), max_length=40, choices=Dimension.choices, blank=True
    )
    weight = models.CharField(_("weight"), max_length=8, choices=Weight.choices, blank=True)
    text_az = models.CharField(_("text (Azerbaijani)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    text_ru = models.CharField(_("text (Russian)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["indicator_set", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "code"], name="indicator_code_unique_in_set"
            ),
            # Dimension and weight come together or not at all (a checklist has neither).
            models.CheckConstraint(
                condition=models.Q(dimension="", weight="")
                | (~models.Q(dimension="") & ~models.Q(weight="")),
                name="indicator_dimension_with_weight",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_set.code}/{self.code}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    def labels(self) -> dict[str, str]:
        return {"az": self.text_az, "en": self.text_en, "ru": self.text_ru}


class Screening(TimeStampedModel):
    """One agency's screening of one person against one indicator set."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="screenings",
    )
    indicator_set = models.ForeignKey(
        IndicatorSet,
        verbose_name=_("indicator set"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    observed = models.ManyToManyField(
        Indicator, verbose_name=_("indicators observed"), related_name="+", blank=True
    )
    screened_on = models.DateField(_("screened on"), validators=bounds.date(bounds.PAST))
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    population = models.CharField(_("population"), max_length=8, choices=Population.choices)
    result = models.CharField(_("result"), max_length=24, choices=ScreeningResult.choices)
    # {dimension: {"met": bool, "strong": n, "medium": n, "weak": n}}, as computed then.
    # Empty for a checklist, which has no dimensions.
    dimensions = models.JSONField(_("dimensions"), default=dict, blank=True)
    # {"az": ..., "en": ..., "ru": ...}: the reasons in words, as written then.
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    notes = EncryptedTextField(
        _("notes"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-screened_on", "-created_at"]
        indexes = [models.Index(fields=["person", "-screened_on"], name="screening_person")]
        constraints = [*bounds.date_checks("screening", screened_on=bounds.PAST)]

    def __str__(self) -> str:
        return f"{self.person_id} {self.screened_on}"

    def explanation_lines(self) -> list[str]:
        """The explanation in the active language (Azerbaijani if it is missing)."""
        language = (get_language() or "az")[:2]
        text = self.explanation.get(language) or self.explanation.get("az", "")
        return text.splitlines()

    def get_absolute_url(self) -> str:
        return reverse("nrm:screening_detail", args=[self.pk])


class Notification(TimeStampedModel):
    """A presumed victim reported to the special police unit. Made by a screening with the
    result "presumed victim" at an agency other than the unit; the unit must take it up
    within ``NOTIFICATION_HOURS`` (24, the 2008 rules), else it is overdue. While open it
    opens the person to the unit (``ctis.nrm.access``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    screening = models.ForeignKey(
        Screening,
        verbose_name=_("screening"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    from_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("sending agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField(_("due by"))
    # Why the unit is told, in the notifier's words: sealed like the identity.
    note = EncryptedTextField(
        _("why the unit is told"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )
    received_at = models.DateTimeField(_("taken up at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["to_agency", "received_at", "due_at"], name="notification_inbox")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("sent_at")),
                name="notification_due_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.to_agency_id}"

    def get_absolute_url(self) -> str:
        return reverse("nrm:notification_detail", args=[self.pk])

    def is_overdue(self, now=None) -> bool:
        from django.utils import timezone

        return self.received_at is None and (now or timezone.now()) > self.due_at


class DecisionStatus(models.TextChoices):
    ACTUAL = "ActualVictimOfTrafficking", _("Victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim")


class StatusDecision(TimeStampedModel):
    """The special police unit's formal decision on a person's status (it sets the victim
    profile's status, deciding body and date)."""

    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="status_decisions",
    )
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    status = models.CharField(_("decision"), max_length=32, choices=DecisionStatus.choices)
    decided_on = models.DateField(_("decided on"), validators=bounds.date(bounds.PAST))
    basis = EncryptedTextField(_("basis"), validators=bounds.text(bounds.NOTE))
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        ordering = ["-decided_on", "-created_at"]
        constraints = [*bounds.date_checks("decision", decided_on=bounds.PAST)]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} {self.decided_on}"


class AgencyFunction(models.TextChoices):
    """What an agency does in the referral mechanism; it decides which of a person's fields
    a referral may send it (``ctis.nrm.referral_fields``)."""

    POLICE_UNIT = "police_unit", _("Special police unit")
    SHELTER = "shelter", _("Shelter")
    ASSISTANCE_CENTRE = "assistance_centre", _("Assistance centre")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    HEALTH = "health", _("Health body")
    MIGRATION = "migration", _("Migration service")
    FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs (consulates)")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    EDUCATION = "education", _("Education body")
    SOCIAL_PROTECTION = "social_protection", _("Social protection body")
    OTHER = "other", _("Other")


class NrmAgency(TimeStampedModel):
    """An agency's part in the referral mechanism."""

    agency = models.OneToOneField(
        "accounts.Agency", primary_key=True, on_delete=models.CASCADE, related_name="nrm"
    )
    function = models.CharField(_("function"), max_length=24, choices=AgencyFunction.choices)
    receives_referrals = models.BooleanField(_("receives referrals"), default=True)

    class Meta:
        verbose_name = _("agency in the referral mechanism")
        verbose_name_plural = _("agencies in the referral mechanism")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.function}"


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical help")
    PSYCHOLOGICAL = "psychological", _("Psychological help")
    LEGAL_AID = "legal_aid", _("Legal aid")
    ONE_TIME_ALLOWANCE = "one_time_allowance", _("One-time allowance")
    MONTHLY_ALLOWANCE = "monthly_allowance", _("Monthly allowance")
    VOCATIONAL_COURSE = "vocational_course", _("Vocational course")
    EMPLOYMENT = "employment", _("Employment")
    RETURN_TO_FAMILY = "return_to_family", _("Return to family")
    IDENTITY_DOCUMENTS = "identity_documents", _("Identity documents")
    REPATRIATION = "repatriation", _("Repatriation")
    CHILDREN_EDUCATION = "children_education", _("Education for the victim's children")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    PATERNITY_ALIMONY = "paternity_alimony", _("Paternity and alimony")
    OTHER = "other", _("Other")


class ConsentPurpose(models.TextChoices):  # HTCDS con_
    REFERRAL = "referral", _("Referral to another agency")
    DATA_SHARING = "data_sharing", _("Sharing of data")
    ASSISTANCE = "assistance", _("Assistance")


class Consent(TimeStampedModel):
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"), validators=bounds.date(bounds.PAST))
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("recorded by agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_on = models.DateField(
        _("withdrawn on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            *bounds.date_checks("consent", given_on=bounds.PAST, withdrawn_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose}"

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class ReferralState(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class OverrideReason(models.TextChoices):
    CHILD = "child", _("The person is a child")
    SAFETY = "safety", _("The person's safety")


class Referral(TimeStampedModel):
    """A person sent from one agency to another, with the reason, the services asked for
    and only the fields the sender chose from those the receiver may receive. Accepting
    opens the person (those fields) to the receiver; completing or withdrawing closes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    from_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("sending agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = EncryptedTextField(_("reason"), validators=bounds.text(bounds.NOTE))
    services = models.JSONField(_("services requested"), default=list)
    fields = models.JSONField(_("fields sent"), default=list)
    state = models.CharField(
        _("state"), max_length=12, choices=ReferralState.choices, default=ReferralState.SENT
    )
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent"),
        null=True,
        blank=True,
        # A consent is never deleted while a referral rests on it, except when the person
        # is erased with both (the retention procedure).
        on_delete=models.RESTRICT,
        related_name="referrals",
    )
    override = models.CharField(
        _("sent without consent because"), max_length=8, choices=OverrideReason.choices, blank=True
    )
    override_note = EncryptedTextField(
        _("override note"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.TextField(
        _("reason for declining"), blank=True, validators=bounds.text(bounds.NOTE)
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Each step makes a new version: a step taken on a referral read before another is
    # refused (ctis.core.locking), saying who took the other.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = SealedManager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["to_agency", "state"], name="referral_inbox"),
            models.Index(fields=["person", "to_agency", "state"], name="referral_grant"),
        ]
        constraints = [
            *bounds.length_checks("referral", decline_reason=bounds.NOTE),
            # Consent, or a recorded override: never neither.
            models.CheckConstraint(
                condition=models.Q(consent__isnull=False) | ~models.Q(override=""),
                name="referral_consent_or_override",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_agency=models.F("to_agency")),
                name="referral_to_another_agency",
            ),
            # One open referral of a person to an agency at a time (a second submission of
            # the same form, or two at once, is refused).
            models.UniqueConstraint(
                fields=["person", "to_agency"],
                condition=models.Q(state__in=["sent", "accepted"]),
                name="referral_one_open_per_agency",
                violation_error_message=_(
                    "This person already has an open referral to this agency: wait for its "
                    "answer, or withdraw it first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_agency_id} → {self.to_agency_id}"

    def get_absolute_url(self) -> str:
        return reverse("nrm:referral_detail", args=[self.pk])

    def part_labels(self) -> list[str]:
        return choice_labels(PersonPart, self.fields)

    def service_labels(self) -> list[str]:
        return choice_labels(ServiceKind, self.services)


# The notes of the shipped rates (data/allowance_rates.json), stored in English as written
# there and shown translated (issue 11: the shelters page showed them in English).
REFERENCE_RATE_SOURCES = frozenset(
    {
        gettext_noop(
            "Annual report to Parliament on 2016 (seed 001): 400 manat paid to each victim "
            "placed in the shelter."
        ),
        gettext_noop(
            "Annual report to Parliament on 2020 (seed 000): 700 manat paid to each. The exact "
            "day the amount changed is not stated; an administrator corrects it here."
        ),
    }
)


class AllowanceRate(TimeStampedModel):
    """The amount of an allowance in force from a date (the one-time allowance was 400 AZN
    in 2016 and 700 AZN in 2020, per the annual reports): administrators add rows."""

    kind = models.CharField(
        _("allowance"),
        max_length=24,
        choices=[
            (ServiceKind.ONE_TIME_ALLOWANCE, ServiceKind.ONE_TIME_ALLOWANCE.label),
            (ServiceKind.MONTHLY_ALLOWANCE, ServiceKind.MONTHLY_ALLOWANCE.label),
        ],
    )
    amount = models.DecimalField(_("amount (AZN)"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("in force from"), validators=bounds.date(bounds.DUE))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("allowance rate")
        verbose_name_plural = _("allowance rates")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="allowance_rate_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="allowance_rate_positive"
            ),
            *bounds.date_checks("allowance_rate", valid_from=bounds.DUE),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.valid_from}"

    @property
    def source_shown(self) -> str:
        """The source in the reader's language when it is one ctis ships; an administrator's
        own note as written."""
        return gettext(self.source) if self.source in REFERENCE_RATE_SOURCES else self.source


class Facility(TimeStampedModel):
    """A shelter or an assistance centre with places."""

    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("shelter or centre")
        verbose_name_plural = _("shelters and centres")
        ordering = ["name_az"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="facility_has_places"),
        ]

    def __str__(self) -> str:
        return self.name_az

    @property
    def name(self) -> str:
        return localized(self, "name")


class DischargeDestination(models.TextChoices):
    """Where a person went on leaving a shelter."""

    HOME_FAMILY = "home_family", _("Home or family")
    OTHER_SHELTER = "other_shelter", _("Another shelter")
    INDEPENDENT = "independent", _("Independent living")
    REPATRIATED = "repatriated", _("Repatriated")
    OTHER = "other", _("Other")


class Stay(TimeStampedModel):
    """A person's admission to a facility and, later, discharge."""

    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="stays",
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("shelter or centre"),
        on_delete=models.PROTECT,
        related_name="stays",
    )
    admitted_on = models.DateField(_("admitted on"), validators=bounds.date(bounds.PAST))
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    discharged_on = models.DateField(
        _("discharged on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Blank on an open stay, and on stays discharged before the destination was asked.
    discharged_to = models.CharField(
        _("went to"), max_length=20, choices=DischargeDestination.choices, blank=True
    )
    # Free text, so sealed like the identity: it may name a place or a person.
    discharged_to_other = EncryptedTextField(
        _("went to (other)"), null=True, blank=True, validators=bounds.text(bounds.SHORT)
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["-admitted_on"]
        indexes = [models.Index(fields=["facility", "discharged_on"], name="stay_occupancy")]
        constraints = [
            # One place at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(discharged_on__isnull=True),
                name="stay_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(discharged_on__isnull=True)
                | models.Q(discharged_on__gte=models.F("admitted_on")),
                name="stay_discharged_after_admitted",
            ),
            *bounds.date_checks("stay", admitted_on=bounds.PAST, discharged_on=bounds.PAST),
            models.CheckConstraint(
                condition=models.Q(discharged_to="") | models.Q(discharged_on__isnull=False),
                name="stay_destination_only_when_discharged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.facility_id}"


class ServiceDelivery(TimeStampedModel):
    """A service delivered to a person: dated, and signed by whoever recorded it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="services_delivered",
    )
    kind = models.CharField(_("service"), max_length=24, choices=ServiceKind.choices)
    delivered_on = models.DateField(_("delivered on"), validators=bounds.date(bounds.PAST))
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (AZN)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    certificate_number = models.CharField(_("return certificate number"), max_length=40, blank=True)
    referral = models.ForeignKey(
        "Referral",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services_delivered",
    )
    note = EncryptedTextField(_("note"), null=True, blank=True, validators=bounds.text(bounds.NOTE))
    # Why a service the referral did not ask for was given: sealed, since it may speak of
    # the person's situation; required only then (``services.service_record``).
    unrequested_reason = EncryptedTextField(
        _("why this service, which the referral did not ask for"),
        null=True,
        blank=True,
        validators=bounds.text(bounds.NOTE),
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        ordering = ["-delivered_on", "-created_at"]
        # The statistics count a period's services by kind and person from this index alone.
        indexes = [
            models.Index(
                fields=["delivered_on", "kind"],
                include=["person", "amount"],
                name="service_delivered",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=["one_time_allowance", "monthly_allowance"])
                | models.Q(amount__gt=0),
                name="service_allowance_has_amount",
            ),
            *bounds.date_checks("service", delivered_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.delivered_on}"


class SupportPlan(TimeStampedModel):
    """An individual support plan (HTCDS ``spl_``): objectives, and actions each with a
    responsible agency, a due date and progress."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="support_plans",
    )
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    objectives = EncryptedTextField(_("objectives"), validators=bounds.text(bounds.NOTE))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.agency_id}"


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class SupportAction(TimeStampedModel):
    plan = models.ForeignKey(
        SupportPlan,
        verbose_name=_("support plan"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    action = models.CharField(_("action"), max_length=300)
    # What the action serves, for the responsible agency: sealed like the plan's objectives.
    objective = EncryptedTextField(
        _("objective it serves"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )
    service = models.CharField(_("service"), max_length=24, choices=ServiceKind.choices, blank=True)
    responsible = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), validators=bounds.date(bounds.DUE))
    progress = models.CharField(
        _("progress"), max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    progress_note = models.CharField(_("progress note"), max_length=300, blank=True)

    objects = SealedManager()

    class Meta:
        verbose_name = _("support plan action")
        verbose_name_plural = _("support plan actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["responsible", "progress", "due_on"], name="support_action_due")
        ]
        constraints = [
            # Not due before the day it was set (the day in UTC, which in Baku is the same
            # day or the day before: the service checks the local day).
            models.CheckConstraint(
                condition=models.Q(due_on__gte=Cast("created_at", models.DateField())),
                name="support_action_due_after_set",
                violation_error_message=_("An action cannot be due before it was set."),
            ),
            *bounds.date_checks("support_action", due_on=bounds.DUE),
        ]

    def __str__(self) -> str:
        return self.action

    def get_absolute_url(self) -> str:
        return reverse("nrm:support_action_detail", args=[self.pk])


class AssistanceClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated")
    RETURNED_TO_FAMILY = "returned_to_family", _("Returned to family")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    MOVED_ABROAD = "moved_abroad", _("Moved abroad")
    REFUSED_ASSISTANCE = "refused_assistance", _("Refused further assistance")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred to another agency")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class AssistanceClosure(TimeStampedModel):
    """An agency closes its assistance case for a person, with a reason; its referrals
    for the person complete, and the person closes to it."""

    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="assistance_closures",
    )
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), validators=bounds.date(bounds.PAST))
    reason = models.CharField(_("reason"), max_length=24, choices=AssistanceClosureReason.choices)
    note = EncryptedTextField(_("note"), null=True, blank=True, validators=bounds.text(bounds.NOTE))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("assistance closure")
        verbose_name_plural = _("assistance closures")
        ordering = ["-closed_on", "-created_at"]
        constraints = [*bounds.date_checks("closure", closed_on=bounds.PAST)]

    def __str__(self) -> str:
        return f"{self.person_id} {self.agency_id} {self.reason}"


class AbroadStatus(models.TextChoices):
    OPEN = "open", _("open")
    REPATRIATED = "repatriated", _("repatriated")
    CLOSED = "closed", _("closed without repatriation")


class AbroadCase(TimeStampedModel):
    """A citizen harmed abroad (plan measures 4.2.9, 4.4.9), recorded confidentially by the
    foreign ministry or the migration service; the repatriation tasks follow in a support
    plan, the return in a repatriation service with its certificate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="abroad_cases",
    )
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    place = EncryptedTextField(
        _("place"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )
    situation = EncryptedTextField(_("situation"), validators=bounds.text(bounds.NOTE))
    reported_on = models.DateField(_("reported on"), validators=bounds.date(bounds.PAST))
    status = models.CharField(
        _("status"), max_length=12, choices=AbroadStatus.choices, default=AbroadStatus.OPEN
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("citizen harmed abroad")
        verbose_name_plural = _("citizens harmed abroad")
        ordering = ["-reported_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | (~models.Q(status="open") & models.Q(closed_on__isnull=False)),
                name="abroad_closed_has_date",
            ),
            *bounds.date_checks("abroad", reported_on=bounds.PAST, closed_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.country_id}"
