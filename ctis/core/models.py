import uuid

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


class Job(models.Model):
    """One piece of background work a user asked for (a document, an import): who asked,
    how far the worker got, and the file it made.

    The app that offers the work creates the row in the same transaction as it enqueues
    the task (and as its audit entry); the task reports its progress and its end through
    ``ctis.core.jobs``. Who may fetch the file is the owning app's decision: its view
    checks its own gate and that the job is the user's (``kind`` and ``params`` say what
    the job is, for that gate). Old jobs and their files are deleted by a periodic job.

    A job that works on a file the user sent (an import) keeps it in ``upload``, sealed
    (``ctis.core.crypto.seal_bytes``: it holds identities), only as long as it is needed:
    ``ctis.core.jobs`` removes it when the job fails or ends, unless the task says the user
    may still act on the same file (a check whose result waits for a decision).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    # What the worker is doing (a key the owning app's page words) and how far it is.
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    content = models.BinaryField(_("content"), null=True, editable=False)
    size = models.PositiveIntegerField(_("size"), default=0)
    # The file the job works on, sealed; NULL once it is no longer needed.
    upload = models.BinaryField(_("file sent"), null=True, editable=False)
    # Figures of what the job made that a list of jobs may show (counts, never a value it
    # read): the list does not open each job's file.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # An English source message, translated where it is shown; never an exception's text.
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # When the worker last said it was at work on it (start and each progress write): a job
    # running and silent for long was left by a worker that stopped (ctis.core.jobs).
    touched_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["requested_by", "kind", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="job_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class PeriodicRun(models.Model):
    """When a periodic job (``ctis.core.periodic``) last ran and when it is next due.

    A worker runs a job only after moving ``due_at`` forward with a conditional UPDATE
    (``due_at <= now``), so that of two workers, or a worker and its restart, one wins
    each interval."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    due_at = models.DateTimeField(_("due"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_failed = models.BooleanField(_("last run failed"), default=False)
    last_worker = models.CharField(_("last worker"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self) -> str:
        return self.name
