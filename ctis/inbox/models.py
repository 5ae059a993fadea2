"""Alerts: short messages to one user that something happened to a record they may open
(a report returned, a referral received, a deadline near), shown in the alert centre and,
where the user wants it, sent by e-mail. Not to be confused with the NRM's notifications
of presumed victims to the police unit (``ctis.nrm``).

An alert's subject holds codes and titles only (``Referral of V-2026-0012 received``),
written once in each language; never a name, a date of birth or a sealed text.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    NONE = "", _("not sent by e-mail")
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")


class Alert(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    kind = models.CharField(_("kind"), max_length=64)
    # {"az": ..., "en": ..., "ru": ...}: codes and titles only.
    subject = models.JSONField(_("subject"), default=dict)
    link = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Shown in the alert centre (the recipient may want it by e-mail only).
    in_app = models.BooleanField(_("in the alert centre"), default=True)
    email_state = models.CharField(
        _("e-mail"), max_length=8, choices=EmailState.choices, default=EmailState.NONE, blank=True
    )
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "in_app", "read_at"], name="alert_unread"),
            models.Index(fields=["recipient", "-created_at"], name="alert_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(link=""), name="alert_has_link"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    def get_absolute_url(self) -> str:
        return reverse("inbox:alert_open", args=[self.pk])

    def text_in(self, language: str) -> str:
        return self.subject.get(language) or self.subject.get(settings.LANGUAGE_CODE) or self.kind

    @property
    def text(self) -> str:
        return self.text_in((get_language() or settings.LANGUAGE_CODE)[:2])


class Preference(models.Model):
    """One user's choice for one kind of alert; without a row the kind's defaults hold."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    in_app = models.BooleanField(_("in the alert centre"))
    email = models.BooleanField(_("by e-mail"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("alert setting")
        verbose_name_plural = _("alert settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="alert_preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class ReminderSent(models.Model):
    """That a reminder went out: each ``key`` (the record and the threshold) once."""

    kind = models.CharField(_("kind"), max_length=64)
    key = models.CharField(_("key"), max_length=200)
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
