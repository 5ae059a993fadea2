from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role
from ctis.core.models import TimeStampedModel, localized


class AgencyKind(models.TextChoices):
    CENTRAL_EXECUTIVE = "central_executive", _("Central executive body")
    LOCAL_EXECUTIVE = "local_executive", _("Local executive authority")
    COURT = "court", _("Court")
    PROSECUTION = "prosecution", _("Prosecution")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class Agency(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=AgencyKind.choices)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=300, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    short_az = models.CharField(_("short name (Azerbaijani)"), max_length=60, blank=True)
    short_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    short_ru = models.CharField(_("short name (Russian)"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    plan_names = models.JSONField(
        _("names in the action plan"),
        default=list,
        blank=True,
        help_text=_("Spellings by which the action plan names this body."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_az"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="agency_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:agency_detail", args=[self.code])

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def short_name(self) -> str:
        return localized(self, "short") or self.name


class User(AbstractUser):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    # The language the user last chose on the site (blank: the site's): their e-mails are
    # written in it, and a log-in on another browser starts in it.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    failed_login_count = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def role_codes(self) -> list[str]:
        if not hasattr(self, "_role_codes"):
            self._role_codes = sorted(r.role for r in self.roles.all())
        return self._role_codes

    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.role_codes]

    def has_role(self, *roles: str) -> bool:
        return any(role in self.role_codes for role in roles)

    # Permissions come from roles only: Django's superuser shortcut is switched off so that
    # no account holds rights that the role table does not show.
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and any(backend.has_perm(self, perm, obj) for backend in _backends())

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and any(
            perm.startswith(f"{app_label}.") for perm in self.get_all_permissions()
        )

    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def get_session_auth_hash(self) -> str:
        # Sessions hold this hash; changing the password or the second factor (e.g. an
        # administrator's reset) changes it, which ends every session opened before.
        return salted_hmac(
            "ctis.accounts.User.get_session_auth_hash",
            f"{self.password}|{self.totp_secret}|{self.totp_confirmed_at}",
            algorithm="sha256",
        ).hexdigest()

    def two_factor_required(self) -> bool:
        if settings.DEMO:
            return False
        return self.has_role(*settings.CTIS_2FA_REQUIRED_ROLES)


def _backends():
    from django.contrib.auth import get_backends

    return get_backends()


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="userrole_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="userrole_known_role"
            ),
        ]

    def __str__(self) -> str:
        return str(Role(self.role).label)
