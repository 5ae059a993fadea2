from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def localized(obj: object, field: str) -> str:
    """The value of ``<field>_<language>`` for the active language, falling back to Azerbaijani."""
    language = (get_language() or "az")[:2]
    value = getattr(obj, f"{field}_{language}", "") or ""
    return value or getattr(obj, f"{field}_az", "")


class Country(models.Model):
    """ISO 3166-1 countries, with their names in the three languages of the system."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("three-letter code"), max_length=3, unique=True)
    numeric = models.CharField(_("numeric code"), max_length=3)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_az"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Throttle(models.Model):
    """One counter of attempts (failed log-ins from an address, a user's searches) for the
    window that began with the first of them. Kept in the database so that every server
    process counts the same attempts (``ctis.core.throttle``); the key is a blind index,
    never the address or the user."""

    key = models.CharField(_("key"), max_length=32, primary_key=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("throttle")
        verbose_name_plural = _("throttles")

    def __str__(self) -> str:
        return self.key


class FormToken(models.Model):
    """A form's one-time key, claimed by the submission that used it (``ctis.core.formtokens``).

    The claim is inserted in the same transaction as the record the form creates, so a
    second submission of the same form (a double click, twenty at once, a resent request)
    meets the unique constraint and is answered with a pointer to what the first one made;
    a rolled-back write frees the key. ``created`` is the page the first submission led to
    (a path with record ids only, never an identity value)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=64)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now, db_index=True)
    created = models.CharField(_("created"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("form token")
        verbose_name_plural = _("form tokens")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="form_token_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key[:6]}…"
