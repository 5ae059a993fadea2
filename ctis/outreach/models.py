"""Awareness events and trainings (plan 4.2.1, 4.7.x, 4.8.x) and their evaluation (4.8.4).

An Event is organised by one agency with partner agencies, serves plan measures, reaches
audiences (``Audience``, a reference table) and counts its participants by group and sex
(``ParticipantGroup``). Participants answer a public feedback form (``Response``) reached
by the event's unguessable ``token``; a training may ask knowledge questions
(``KnowledgeQuestion``) before and after, and the organiser writes an assessment of their own.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctis.core import bounds
from ctis.core.models import TimeStampedModel, localized


def new_token() -> str:
    """The public link's key: 128 random bits, not the event's number."""
    return secrets.token_urlsafe(16)


class Audience(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    TRAINING = "training", _("Training")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    BROADCAST = "broadcast", _("Broadcast")
    BOOKLETS = "booklets", _("Booklet distribution")
    MEETING = "meeting", _("Meeting")
    CAMPAIGN = "campaign", _("Campaign")


class EventMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class MaterialLanguage(models.TextChoices):
    AZ = "az", _("Azerbaijani")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    OTHER = "other", _("Other")


class FeedbackState(models.TextChoices):
    OPEN = "open", _("Open for feedback")
    CLOSED = "closed", _("Closed for feedback")


class Event(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices)
    organiser = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    partners = models.ManyToManyField(
        "accounts.Agency",
        verbose_name=_("partner agencies"),
        blank=True,
        related_name="partnered_events",
    )
    measures = models.ManyToManyField(
        "plan.Measure", verbose_name=_("plan measures served"), blank=True, related_name="events"
    )
    starts_on = models.DateField(_("first day"), validators=bounds.date(bounds.DUE))
    ends_on = models.DateField(_("last day"), validators=bounds.date(bounds.DUE))
    place = models.CharField(_("region or city"), max_length=200)
    mode = models.CharField(
        _("online or in person"), max_length=16, choices=EventMode.choices, default="in_person"
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("audiences"), blank=True, related_name="events"
    )
    participants_total = models.PositiveIntegerField(_("participants in total"), default=0)
    materials_count = models.PositiveIntegerField(_("materials distributed"), default=0)
    # The languages' codes in MaterialLanguage's order, joined by commas ("az,ru").
    materials_languages = models.CharField(
        _("languages of the materials"), max_length=40, blank=True
    )
    description = models.TextField(
        _("description"), blank=True, validators=bounds.text(bounds.NOTE)
    )
    feedback = models.CharField(
        _("feedback"), max_length=8, choices=FeedbackState.choices, default="open"
    )
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    assessment = models.TextField(
        _("organiser's assessment"), blank=True, validators=bounds.text(bounds.NOTE)
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("awareness event")
        verbose_name_plural = _("awareness events")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["organiser", "starts_on"], name="event_organiser_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_days_ordered",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="event_known_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=EventMode.values), name="event_known_mode"
            ),
            models.CheckConstraint(
                condition=models.Q(feedback__in=FeedbackState.values), name="event_known_feedback"
            ),
            *bounds.date_checks("event", starts_on=bounds.DUE, ends_on=bounds.DUE),
            *bounds.length_checks("event", description=bounds.NOTE, assessment=bounds.NOTE),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:event_detail", args=[self.pk])

    def public_path(self) -> str:
        return reverse("outreach:feedback", args=[self.token])

    @property
    def feedback_open(self) -> bool:
        return self.feedback == FeedbackState.OPEN

    @property
    def languages(self) -> list[str]:
        return [c for c in self.materials_languages.split(",") if c]

    @property
    def languages_display(self) -> str:
        labels = dict(MaterialLanguage.choices)
        return ", ".join(str(labels.get(c, c)) for c in self.languages)

    @property
    def is_training(self) -> bool:
        return self.kind == EventKind.TRAINING


class ParticipantGroup(models.Model):
    """The participants of one audience, by sex: women and men may not add up to more than
    the group's total (some may not have said, so they may add up to less)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="groups")
    audience = models.ForeignKey(
        Audience, verbose_name=_("audience"), on_delete=models.PROTECT, related_name="+"
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)

    class Meta:
        verbose_name = _("participants of a group")
        verbose_name_plural = _("participants by group")
        ordering = ["event", "audience__position", "audience_id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "audience"], name="participants_group_once"),
            models.CheckConstraint(
                condition=models.Q(total__gte=models.F("women") + models.F("men")),
                name="participants_sexes_within_total",
                violation_error_message=_(
                    "Women and men together cannot be more than the group's total."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audience}: {self.total}"


class KnowledgeQuestion(models.Model):
    """A statement the organiser of a training writes; participants say whether it is true,
    before the training and after it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    statement = models.CharField(_("statement"), max_length=200)
    is_true = models.BooleanField(_("the statement is true"))

    class Meta:
        verbose_name = _("knowledge question")
        verbose_name_plural = _("knowledge questions")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.statement


class Stage(models.TextChoices):
    BEFORE = "before", _("Before the training")
    AFTER = "after", _("After the event")


class Response(models.Model):
    """One participant's answers, anonymous: ``browser`` is a keyed hash of a random value
    the browser keeps, so that one browser answers once; no address, name or contact."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="responses")
    stage = models.CharField(max_length=8, choices=Stage.choices, default="after")
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), null=True, blank=True)
    clarity = models.PositiveSmallIntegerField(_("clarity"), null=True, blank=True)
    relevance = models.PositiveSmallIntegerField(_("relevance"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, validators=bounds.text(bounds.NOTE))
    language = models.CharField(max_length=8, blank=True)
    asked = models.PositiveSmallIntegerField(default=0)
    correct = models.PositiveSmallIntegerField(default=0)
    browser = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "stage", "browser"], name="response_once_per_browser"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="response_known_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(correct__lte=models.F("asked")),
                name="response_correct_within_asked",
            ),
            models.CheckConstraint(
                name="response_ratings_one_to_five",
                condition=(
                    models.Q(stage="before")
                    | models.Q(
                        usefulness__gte=1,
                        usefulness__lte=5,
                        clarity__gte=1,
                        clarity__lte=5,
                        relevance__gte=1,
                        relevance__lte=5,
                    )
                ),
                violation_error_message=_("Each rating is a whole number from 1 to 5."),
            ),
            *bounds.length_checks("response", comment=bounds.NOTE),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.stage} {self.created_at:%Y-%m-%d}"
