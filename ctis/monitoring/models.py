"""Internet and media monitoring (plan 4.2.6, 4.2.7): items found online or in the media,
the signals of the risk screen that score them, the identifiers found in their text, and
the triage decisions taken on them.

An item's captured text is sealed (``EncryptedTextField``, ADR 0016): an advertisement is
public, but the phone numbers, names and addresses in it are personal data, and a database
dump must not become a list of them. The identifiers are sealed again one by one, each
with its blind index, which is how items meet each other and the hotline's contacts.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctis.core import bounds
from ctis.core.crypto import EncryptedTextField, SealedManager
from ctis.core.identifiers import IdentifierKind
from ctis.core.models import TimeStampedModel, localized


class Category(models.TextChoices):
    JOB_ABROAD = "job_abroad", _("Job offer abroad")
    STUDY_ABROAD = "study_abroad", _("Study abroad")
    MARRIAGE = "marriage", _("Marriage or dating agency")
    ESCORT = "escort", _("Escort or sexual services")
    ADOPTION = "adoption", _("Adoption or surrogacy")
    CSAM = "csam", _("Child sexual abuse material")
    OTHER = "other", _("Other")


class Platform(models.TextChoices):
    WEBSITE = "website", _("Website")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TIKTOK = "tiktok", _("TikTok")
    CLASSIFIEDS = "classifieds", _("Classified advertisements site")
    PRINT = "print", _("Newspaper or magazine")
    BROADCAST = "broadcast", _("Television or radio")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    AZ = "az", _("Azerbaijani")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    TR = "tr", _("Turkish")
    OTHER = "other", _("Other")


class TriageState(models.TextChoices):
    NEW = "new", _("New")
    REVIEW = "review", _("Under review")
    REFERRED = "referred", _("Referred to the police unit")
    BLOCKING = "blocking", _("Blocking requested")
    CLOSED = "closed", _("Closed without action")


class Label(models.TextChoices):
    RISKY = "risky", _("Risky")
    HARMLESS = "harmless", _("Harmless")


class Signal(TimeStampedModel):
    """One sign of risk in an advertisement, with its patterns and its weight (0–1).

    ``patterns`` are literal phrases (folded as the text is, matched at the start of a word,
    so a stem matches its endings); ``expressions`` are regular expressions over the folded
    text; ``test`` names a structured test computed from the item (a foreign number)."""

    class Check(models.TextChoices):
        NONE = "", _("None")
        FOREIGN_PHONE = "foreign_phone", _("A foreign phone number")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=3, decimal_places=2)
    patterns = models.JSONField(_("patterns"), default=list, blank=True)
    expressions = models.JSONField(_("regular expressions"), default=list, blank=True)
    test = models.CharField(
        _("structured check"), max_length=20, choices=Check.choices, default="", blank=True
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-weight", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0, weight__lt=0.5),
                name="monitoring_signal_weight_range",
                violation_error_message=_(
                    "A weight is more than 0 and less than 0.5: no single signal makes an item risky."
                ),
            ),
            *bounds.length_checks(
                "monitoring_signal",
                name_az=bounds.SHORT,
                name_ru=bounds.SHORT,
                name_en=bounds.SHORT,
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


def screenshot_path(instance: Item, filename: str) -> str:
    # The stored name carries no part of the user's file name.
    return f"monitoring/items/{uuid.uuid4().hex}"


class Item(TimeStampedModel):
    """Something found online or in the media that may recruit for exploitation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    url = models.URLField(
        _("address (URL)"), max_length=2000, validators=[URLValidator(schemes=["http", "https"])]
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    found_on = models.DateField(_("date found"), validators=bounds.date(bounds.PAST))
    text = EncryptedTextField(
        _("captured text"), null=True, blank=True, validators=bounds.text(bounds.TEXT)
    )
    screenshot = models.ImageField(
        _("screenshot"), upload_to=screenshot_path, null=True, blank=True, max_length=200
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, blank=True, default=""
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    state = models.CharField(
        _("triage state"), max_length=10, choices=TriageState.choices, default=TriageState.NEW
    )
    # The risk screen's result when the item was recorded (or rescreened): the score, and
    # each match as {"signal": code, "start": i, "end": j} (places, never the words).
    score = models.FloatField(_("score"), default=0.0)
    matches = models.JSONField(default=list, blank=True)
    # Near-duplicates share the first item of their group (which points at itself).
    group = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Child sexual abuse material: only the address, the date and the escalation are kept.
    escalated_to = models.CharField(
        _("escalated to"), max_length=200, blank=True, default="", validators=bounds.text(200)
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A correction or a triage step is refused when the item changed since it was read
    # (ctis.core.locking): two officers may triage the same item.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SealedManager()

    class Meta:
        verbose_name = _("monitoring item")
        verbose_name_plural = _("monitoring items")
        ordering = ["-score", "-found_on"]
        indexes = [models.Index(fields=["state", "-score"]), models.Index(fields=["found_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="monitoring_item_score_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(category="csam")
                | (models.Q(text__isnull=True) & models.Q(screenshot__in=["", None])),
                name="monitoring_csam_not_stored",
                violation_error_message=_(
                    "Child sexual abuse material is never stored: keep only the address, the date and the escalation."
                ),
            ),
            *bounds.date_checks("monitoring_item", found_on=bounds.PAST),
            *bounds.length_checks("monitoring_item", escalated_to=200),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.found_on}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:item_detail", args=[self.pk])

    @property
    def is_csam(self) -> bool:
        return self.category == Category.CSAM

    @property
    def short_id(self) -> str:
        return str(self.pk)[:8]


class ItemIdentifier(models.Model):
    """A phone number, e-mail address or handle found in an item's text: sealed, with the
    blind index it shares with the hotline (``ctis.core.identifiers.IDENTIFIER_PURPOSE``)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=10, choices=IdentifierKind.choices)
    value = EncryptedTextField(_("identifier"), validators=bounds.text(bounds.SHORT))
    index = models.CharField(max_length=32, db_index=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    objects = SealedManager()

    class Meta:
        verbose_name = _("identifier found")
        verbose_name_plural = _("identifiers found")
        ordering = ["item", "start"]
        constraints = [
            models.UniqueConstraint(fields=["item", "start"], name="monitoring_identifier_place")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}"


class ItemSketch(models.Model):
    """The blocking keys of an item's text for near-duplicate search: blind indexes of the
    few words whose hashes are smallest (a bottom-k sketch), so that only items sharing a
    key are compared, never every item with every other."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sketch")
    key = models.CharField(max_length=32, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="monitoring_sketch_unique")
        ]

    def __str__(self) -> str:
        return self.key


ACTION_NAMES = {
    "review": _("Taken under review"),
    "refer": _("Referred to the police unit"),
    "block": _("Blocking requested"),
    "close": _("Closed without action"),
    "reopen": _("Reopened"),
    "grouped": _("Joined a group of near-copies"),
    "platform_report": _("Reported to the platform"),
    "removed": _("Content removed"),
    "escalated": _("Escalated to the responsible body"),
    "other": _("Other action"),
}


class Action(models.Model):
    """A dated action on an item: a triage step (its decision kept as a label for the
    evaluation) or another action taken (reported to the platform, escalated)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="actions")
    step = models.CharField(_("step"), max_length=20, blank=True, default="")
    before = models.CharField(max_length=10, blank=True, default="")
    after = models.CharField(max_length=10, blank=True, default="")
    label = models.CharField(
        _("label"), max_length=10, choices=Label.choices, blank=True, default=""
    )
    note = EncryptedTextField(_("note"), null=True, blank=True, validators=bounds.text(bounds.NOTE))
    taken_on = models.DateField(_("date"), validators=bounds.date(bounds.PAST))
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SealedManager()

    class Meta:
        verbose_name = _("action taken")
        verbose_name_plural = _("actions taken")
        ordering = ["item", "taken_at", "id"]
        constraints = [
            *bounds.date_checks("monitoring_action", taken_on=bounds.PAST),
        ]

    def __str__(self) -> str:
        return f"{self.step or 'action'} {self.taken_on}"

    @property
    def what(self) -> str:
        return str(ACTION_NAMES.get(self.step, self.step))

    @property
    def state_after(self) -> str:
        return str(TriageState(self.after).label) if self.after in TriageState.values else ""
