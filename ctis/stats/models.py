"""What the statistics app keeps of its own. The counts themselves are never stored: they
are computed from the other apps' records each time (``ctis.stats.figures``)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.core import bounds
from ctis.core.models import TimeStampedModel


class Population(TimeStampedModel):
    """The country's population at the start of a year, for victims per 100,000
    inhabitants (configurable data: ``ctis/stats/data/population.json`` and the page)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    population = models.PositiveIntegerField(_("population"), validators=[MinValueValidator(1)])
    source = models.CharField(
        _("source"), max_length=bounds.SHORT, blank=True, validators=bounds.text(bounds.SHORT)
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("population")
        verbose_name_plural = _("population by year")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population__gt=0),
                name="stats_population_positive",
                violation_error_message=_("The population must be a positive number."),
            ),
            *bounds.length_checks("stats_population", source=bounds.SHORT),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.population}"


class SeriesSource(models.TextChoices):
    CASES = "cases", _("ctis records")
    STORE = "store", _("historical series")


class SeriesValue(TimeStampedModel):
    """One published figure of the years before ctis held the records (or of any outside
    publication): an indicator, a year (``first_year`` equal to ``year``) or a run of years (``first_year`` to ``year``), a
    breakdown as UNODC's GLOTIP table has it (dimension, category, sex, age), the value as
    published and where it comes from. ``<5`` is kept as published: ``value`` is then empty
    and ``below`` the bound."""

    indicator = models.CharField(_("indicator"), max_length=60)
    country = models.CharField(_("country (ISO3)"), max_length=3, default="AZE")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"),
        help_text=_("The year itself, or the first year of a figure over a run of years."),
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    dimension = models.CharField(_("dimension"), max_length=60, blank=True, default="Total")
    category = models.CharField(_("category"), max_length=120, blank=True, default="Total")
    sex = models.CharField(_("sex"), max_length=16, blank=True, default="Total")
    age = models.CharField(_("age"), max_length=16, blank=True, default="Total")
    value = models.PositiveIntegerField(_("value"), null=True, blank=True)
    below = models.PositiveSmallIntegerField(
        _("below"), null=True, blank=True, help_text=_("Published as “<N”: the bound N.")
    )
    value_text = models.CharField(_("value as published"), max_length=16)
    source = models.CharField(
        _("source"), max_length=bounds.SHORT, validators=bounds.text(bounds.SHORT)
    )
    note = models.CharField(
        _("note"), max_length=bounds.SHORT, blank=True, validators=bounds.text(bounds.SHORT)
    )

    class Meta:
        ordering = ["indicator", "country", "year", "dimension", "category", "sex", "age"]
        verbose_name = _("historical figure")
        verbose_name_plural = _("historical series")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator",
                    "country",
                    "year",
                    "first_year",
                    "dimension",
                    "category",
                    "sex",
                    "age",
                    "source",
                ],
                name="stats_series_value_once",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False, below__isnull=True)
                | models.Q(value__isnull=True, below__isnull=False),
                name="stats_series_value_or_below",
                violation_error_message=_("A figure is either a number or “<N”."),
            ),
            models.CheckConstraint(
                condition=models.Q(first_year__lte=models.F("year")),
                name="stats_series_run_of_years",
                violation_error_message=_(
                    "The first year of a run of years comes before its last."
                ),
            ),
            *bounds.length_checks("stats_series", source=bounds.SHORT, note=bounds.SHORT),
        ]
        indexes = [models.Index(fields=["indicator", "year"], name="stats_series_by_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.country} {self.year}: {self.value_text}"


class Publication(TimeStampedModel):
    """One release of the public statistics of a period: the figures as shown (counts,
    ``<5`` and ``x``), and the suppression pattern, kept so that a later release of an
    overlapping period hides the same cells (ctis.stats.disclosure)."""

    period_start = models.DateField(_("from"), validators=bounds.date(bounds.PAST))
    period_end = models.DateField(_("to"), validators=bounds.date(bounds.PAST))
    label = models.CharField(_("period"), max_length=40)
    threshold = models.PositiveSmallIntegerField(_("threshold"))
    width = models.FloatField(_("protection width"))
    shown = models.JSONField(_("figures as published"))
    pattern = models.JSONField(_("suppression pattern"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-created_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="stats_publication_period",
            ),
            *bounds.date_checks(
                "stats_publication", period_start=bounds.PAST, period_end=bounds.PAST
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.created_at:%Y-%m-%d})"


class RecommendationSource(models.TextChoices):
    US_TIP = "us_tip", _("US State Department, Trafficking in Persons Report")
    GRETA = "greta", _("Council of Europe, GRETA evaluation report")
    UN = "un", _("United Nations treaty body")
    OTHER = "other", _("Other")


class Recommendation(TimeStampedModel):
    """An international recommendation to Azerbaijan, and the plan measures that answer it;
    its yearly status follows from those measures' accepted reports
    (``ctis.stats.recommendations.statuses``)."""

    source = models.CharField(_("source"), max_length=12, choices=RecommendationSource.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"), validators=bounds.text(bounds.NOTE))
    reference = models.CharField(
        _("reference"), max_length=bounds.SHORT, blank=True, validators=bounds.text(bounds.SHORT)
    )
    measures = models.ManyToManyField(
        "plan.Measure", verbose_name=_("plan measures"), blank=True, related_name="recommendations"
    )
    is_active = models.BooleanField(_("followed"), default=True)

    class Meta:
        ordering = ["source", "-year", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "number"], name="stats_recommendation_once"
            ),
            *bounds.length_checks("stats_recommendation", text=bounds.NOTE, reference=bounds.SHORT),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}, {self.number}"


class ReportSection(models.TextChoices):
    """The sections of the annual report to Parliament, in the order of seed 000."""

    INTRODUCTION = "introduction", _("Introduction")
    METHODOLOGY = "methodology", _("Methodology")
    LEGISLATION = "legislation", _("Legislation")
    PREVENTION = "prevention", _("Prevention and awareness, training")
    COOPERATION = "cooperation", _("International cooperation")
    FORCED_LABOUR = "forced_labour", _("Prevention of forced labour")
    PROSECUTION = "prosecution", _("Prosecution and work with victims")
    HOTLINE = "hotline", _("The hotline and monitoring")
    CONCLUSIONS = "conclusions", _("Conclusions")


class ReportLanguage(models.TextChoices):
    AZ = "az", "Azərbaycan dili"
    EN = "en", "English"
    RU = "ru", "Русский"


class ReportText(TimeStampedModel):
    """A narrative block of the annual report that the data cannot write: one section of
    one report year in one language, edited on the report's page. The figures' sentences
    are written by ``ctis.stats.report``; this text comes before them in its section."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    section = models.CharField(_("section"), max_length=20, choices=ReportSection.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.AZ
    )
    text = models.TextField(_("text"), blank=True, validators=bounds.text(bounds.NARRATIVE))
    updated_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("updated by"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["year", "language", "section"]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "section", "language"], name="stats_report_text_once"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="stats_report_text_year",
                violation_error_message=_("The report year is between 2000 and 2100."),
            ),
            *bounds.length_checks("stats_report_text", text=bounds.NARRATIVE),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.section} ({self.language})"


REPORT_JOB_KIND = "stats.annual_report"
