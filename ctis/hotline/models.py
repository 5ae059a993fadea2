"""The hotline's records: callers (found again by blind-indexed identifiers, never by their
number in the clear), the contacts (calls and messages) they make, the topics a contact is
about, the flags on a caller, and the consent to pass a caller's details on, per recipient,
or a supervisor's written override when a life is in danger.

Built for volume (issue 13 counts millions of contacts): ``received_at`` is indexed with the
columns the statistics count by, topics sit in a narrow through-table (``ContactTopic``: two
keys and the contact's time, indexed together), and every label the statistics group by is a
short plain column."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.core import bounds
from ctis.core.crypto import EncryptedTextField, SealedManager
from ctis.core.identifiers import IdentifierKind
from ctis.core.models import TimeStampedModel, localized


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    WEB_FORM = "web_form", _("Web form")
    WALK_IN = "walk_in", _("Walk-in")
    EMAIL = "email", _("E-mail")


class Language(models.TextChoices):
    AZ = "az", _("Azerbaijani")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    OTHER = "other", _("Other language")


class CallerType(models.TextChoices):
    AT_RISK = "at_risk", _("Person at risk")
    RELATIVE = "relative", _("Relative or friend")
    PROFESSIONAL = "professional", _("Professional")
    ANONYMOUS = "anonymous", _("Anonymous")


class Nature(models.TextChoices):
    """Whether the contact is about a case; the others count, but are not cases."""

    CASE = "case", _("About a case")
    INFORMATION = "information", _("Information request")
    SILENT = "silent", _("Silent call")
    HOAX = "hoax", _("Hoax")
    TEST = "test", _("Test call")


# A silent or test call has nothing to be about.
NATURES_WITHOUT_TOPIC = frozenset({Nature.SILENT, Nature.TEST})


class Outcome(models.TextChoices):
    INFORMATION = "information", _("Information given")
    REFERRED = "referred", _("Referred to an agency")
    POLICE_TIP = "police_tip", _("Tip to the police unit")
    PRESUMED_VICTIM = "presumed_victim", _("Presumed victim notified")
    EMERGENCY = "emergency", _("Emergency request")
    NO_ACTION = "no_action", _("No action")


# The outcomes that tell the special police unit (a notification of the referral mechanism).
NOTIFYING_OUTCOMES = frozenset({Outcome.POLICE_TIP, Outcome.PRESUMED_VICTIM})


class Emergency(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    EXTRACTION = "extraction", _("Extraction")
    TRANSPORT = "transport", _("Transport")


class Region(models.TextChoices):
    """Azerbaijan's economic regions (2021), abroad, or not said."""

    BAKU = "baku", _("Baku")
    NAKHCHIVAN = "nakhchivan", _("Nakhchivan")
    ABSHERON_KHIZI = "absheron_khizi", _("Absheron-Khizi")
    MOUNTAINOUS_SHIRVAN = "mountainous_shirvan", _("Mountainous Shirvan")
    GANJA_DASHKASAN = "ganja_dashkasan", _("Ganja-Dashkasan")
    GAZAKH_TOVUZ = "gazakh_tovuz", _("Gazakh-Tovuz")
    GUBA_KHACHMAZ = "guba_khachmaz", _("Guba-Khachmaz")
    LANKARAN_ASTARA = "lankaran_astara", _("Lankaran-Astara")
    CENTRAL_ARAN = "central_aran", _("Central Aran")
    MIL_MUGHAN = "mil_mughan", _("Mil-Mughan")
    SHIRVAN_SALYAN = "shirvan_salyan", _("Shirvan-Salyan")
    SHAKI_ZAGATALA = "shaki_zagatala", _("Shaki-Zagatala")
    KARABAKH = "karabakh", _("Karabakh")
    EAST_ZANGEZUR = "east_zangezur", _("East Zangezur")
    ABROAD = "abroad", _("Abroad")


class Recipient(models.TextChoices):
    """Who a caller's details may be passed on to."""

    POLICE = "police", _("Police unit")
    SHELTER = "shelter", _("Shelter")
    HEALTH = "health", _("Health services")
    LEGAL_AID = "legal_aid", _("Legal aid")


class FlagKind(models.TextChoices):
    AT_RISK = "at_risk", _("At risk")
    ABUSIVE = "abusive", _("Abusive")
    BLOCKED = "blocked", _("Blocked")


class Topic(models.Model):
    """What a contact is about (the annual report's list; administrators add more)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "name")


class Caller(TimeStampedModel):
    """Someone who contacted the hotline, known only by their identifiers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("caller")
        verbose_name_plural = _("callers")

    def __str__(self) -> str:
        return str(self.pk)[:8]


class CallerIdentifier(models.Model):
    """A phone number, e-mail address or handle of a caller: sealed, found by its blind
    index (``ctis.core.identifiers.Identifier.index``, shared with monitoring)."""

    caller = models.ForeignKey(
        Caller, verbose_name=_("caller"), on_delete=models.CASCADE, related_name="identifiers"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=IdentifierKind.choices)
    value = EncryptedTextField(_("identifier"), validators=bounds.text(bounds.SHORT))
    index = models.CharField(max_length=32, db_index=True, editable=False)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)

    objects = SealedManager()

    class Meta:
        verbose_name = _("caller's identifier")
        verbose_name_plural = _("caller's identifiers")
        constraints = [
            models.UniqueConstraint(fields=["index"], name="caller_identifier_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.caller_id}"


class CallerFlag(models.Model):
    """A flag on a caller (at risk, abusive, blocked) with its reason, until an end date."""

    caller = models.ForeignKey(
        Caller, verbose_name=_("caller"), on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(_("flag"), max_length=8, choices=FlagKind.choices)
    reason = EncryptedTextField(_("reason"), validators=bounds.text(bounds.NOTE))
    until = models.DateField(_("until"), validators=bounds.date(bounds.DUE))
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("caller's flag")
        verbose_name_plural = _("caller's flags")
        ordering = ["-set_at"]
        constraints = [*bounds.date_checks("caller_flag", until=bounds.DUE)]

    def __str__(self) -> str:
        return f"{self.kind} {self.caller_id}"

    def active(self, today=None) -> bool:
        return self.lifted_at is None and self.until >= (today or timezone.localdate())


class Contact(TimeStampedModel):
    """One call or message to the hotline."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    received_at = models.DateTimeField(_("time"), default=timezone.now)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.AZ
    )
    caller_type = models.CharField(
        _("caller"), max_length=12, choices=CallerType.choices, default=CallerType.AT_RISK
    )
    nature = models.CharField(
        _("kind of contact"), max_length=12, choices=Nature.choices, default=Nature.CASE
    )
    topics: models.ManyToManyField = models.ManyToManyField(
        Topic, verbose_name=_("topics"), through="ContactTopic", related_name="contacts"
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.INFORMATION
    )
    emergency = models.CharField(
        _("emergency"), max_length=10, choices=Emergency.choices, blank=True
    )
    follow_up_on = models.DateField(
        _("follow up by"), null=True, blank=True, validators=bounds.date(bounds.DUE)
    )
    follow_up_done_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    notes = EncryptedTextField(
        _("notes"), null=True, blank=True, validators=bounds.text(bounds.NOTE)
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    caller = models.ForeignKey(
        Caller,
        verbose_name=_("caller"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hotline_contacts",
    )
    notification = models.ForeignKey(
        "nrm.Notification",
        verbose_name=_("notification to the police unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-received_at"]
        indexes = [
            # A period's contacts by time, carrying what the statistics count them by, so
            # that they are counted from the index alone (PostgreSQL; elsewhere a plain
            # index on the time).
            models.Index(
                fields=["received_at"],
                include=["nature", "channel", "outcome"],
                name="contact_time",
            ),
            models.Index(fields=["agency", "-received_at"], name="contact_agency_time"),
            models.Index(fields=["caller", "-received_at"], name="contact_caller_time"),
            models.Index(
                fields=["follow_up_on"],
                name="contact_follow_up",
                condition=models.Q(follow_up_on__isnull=False, follow_up_done_at__isnull=True),
            ),
        ]
        constraints = [
            *bounds.date_checks("contact", follow_up_on=bounds.DUE),
            models.CheckConstraint(
                condition=models.Q(outcome=Outcome.EMERGENCY, emergency__gt="")
                | (~models.Q(outcome=Outcome.EMERGENCY) & models.Q(emergency="")),
                name="contact_emergency_with_outcome",
                violation_error_message=_(
                    "Say what the emergency request is for (shelter, extraction or transport), "
                    "and only for an emergency request."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.channel}"

    def get_absolute_url(self) -> str:
        return reverse("hotline:contact_detail", args=[self.pk])


class ContactTopic(models.Model):
    """A contact's topic: two keys and the contact's time, so that counting a period's
    contacts by topic reads one narrow index and never joins the contacts.

    ``received_at`` is the contact's, copied when the contact is recorded
    (``contact_record``); a contact's time is not changed afterwards.
    """

    id = models.BigAutoField(primary_key=True)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "topic"], name="contact_topic_once"),
        ]
        indexes = [
            models.Index(fields=["topic", "contact"], name="contact_topic_by_topic"),
            models.Index(fields=["received_at", "topic"], name="contact_topic_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.topic_id}"


class ContactDay(models.Model):
    """How many contacts of one nature came by one channel on one day (in the server's time
    zone): kept by ``contact_record`` in the transaction that records the contact, so that a
    year's contacts are counted from a few thousand rows, not read one by one (issue 13: a
    year holds some 400,000 contacts). Contacts are never changed in these fields nor
    deleted, so the counts only grow."""

    day = models.DateField(validators=bounds.date(bounds.PAST))
    nature = models.CharField(max_length=12, choices=Nature.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    contacts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "nature", "channel"], name="contact_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.nature} {self.channel}: {self.contacts}"


class TopicDay(models.Model):
    """How many contacts were about one topic on one day (a contact on two topics counts
    under each): kept with ``ContactDay``, for the same reason."""

    day = models.DateField(validators=bounds.date(bounds.PAST))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    contacts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "topic"], name="topic_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.topic_id}: {self.contacts}"


class ContactConsent(models.Model):
    """The caller agreed that their details may be passed on to this recipient."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent to pass details on")
        verbose_name_plural = _("consents to pass details on")
        constraints = [
            models.UniqueConstraint(fields=["contact", "recipient"], name="contact_consent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.recipient}"


class ConsentOverride(models.Model):
    """A hotline supervisor's written decision to pass a caller's details on without their
    consent, because a life is in imminent danger."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="overrides")
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    reason = EncryptedTextField(
        _("why the danger is imminent"), validators=bounds.text(bounds.NOTE)
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("override of consent")
        verbose_name_plural = _("overrides of consent")
        constraints = [
            models.UniqueConstraint(fields=["contact", "recipient"], name="consent_override_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.recipient}"
