"""What the statistics app keeps of its own. The counts themselves are never stored: they
are computed from the other apps' records each time (``ctis.stats.figures``)."""

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
