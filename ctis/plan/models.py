"""The National Action Plan and the yearly reporting on it.

ActionPlan → Section → Measure → MeasureBody (the executing bodies in the plan's order,
recommended participants, and bodies a coordinator assigns for a generic entry such as
"digər aidiyyəti dövlət orqanları"). A ReportingPeriod expects one MeasureReport per
(measure, agency) pair of an executing or assigned body.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ctis.core import bounds
from ctis.core.models import TimeStampedModel, localized


class ActionPlan(TimeStampedModel):
    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=400, blank=True)
    order_number = models.CharField(_("approving order number"), max_length=40, blank=True)
    order_date = models.DateField(
        _("approving order date"), null=True, blank=True, validators=bounds.date(bounds.PAST)
    )
    year_from = models.PositiveSmallIntegerField(_("first year"))
    year_to = models.PositiveSmallIntegerField(_("last year"))
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")), name="plan_period_ordered"
            ),
            models.UniqueConstraint(fields=["year_from", "year_to", "title"], name="plan_unique"),
            *bounds.date_checks("plan", order_date=bounds.PAST),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plan:plan_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.year_from}–{self.year_to}"


class PlanGoal(models.Model):
    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal")
        PRINCIPLE = "principle", _("Principle")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=16)
    text = models.TextField(_("text"), validators=bounds.text(bounds.TEXT))

    class Meta:
        verbose_name = _("goal or principle")
        verbose_name_plural = _("goals and principles")
        ordering = ["plan", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="goal_unique"),
            *bounds.length_checks("goal", text=bounds.TEXT),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class Section(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("number"), max_length=16)
    title = models.CharField(_("title"), max_length=400)
    position = models.PositiveIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="section_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Measure(TimeStampedModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="measures"
    )
    number = models.CharField(_("number"), max_length=16)
    title = models.TextField(_("title"), validators=bounds.text(bounds.TEXT))
    deadline_from = models.PositiveSmallIntegerField(
        _("deadline from (year)"), null=True, blank=True
    )
    deadline_to = models.PositiveSmallIntegerField(_("deadline to (year)"), null=True, blank=True)
    deadline_regular = models.BooleanField(_("regular (mütəmadi)"), default=False)
    involving = models.JSONField(
        _("involving"),
        default=list,
        blank=True,
        help_text=_("Involvement clauses, as written in the plan."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measure_unique"),
            *bounds.length_checks("measure", title=bounds.TEXT),
            models.CheckConstraint(
                name="measure_deadline_regular_or_range",
                condition=(
                    models.Q(
                        deadline_regular=True, deadline_from__isnull=True, deadline_to__isnull=True
                    )
                    | models.Q(
                        deadline_regular=False,
                        deadline_from__isnull=False,
                        deadline_to__isnull=False,
                        deadline_to__gte=models.F("deadline_from"),
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("plan:measure_detail", args=[self.pk])

    def expects_reports_in(self, year: int) -> bool:
        """A measure is reported on in the years of its deadline; a regular one every year
        (``ctis.plan.selectors.measures_due_in`` says the same to the database)."""
        if self.deadline_regular:
            return True
        assert self.deadline_from is not None and self.deadline_to is not None
        return self.deadline_from <= year <= self.deadline_to

    @property
    def deadline_label(self) -> str:
        if self.deadline_regular:
            return str(_("regular"))
        if self.deadline_from == self.deadline_to:
            return str(self.deadline_from)
        return f"{self.deadline_from}–{self.deadline_to}"


class MeasureBody(models.Model):
    class Role(models.TextChoices):
        EXECUTING = "executing", _("Executing body")
        RECOMMENDED = "recommended", _("Recommended participant")
        ASSIGNED = "assigned", _("Assigned by the coordinator")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="bodies")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EXECUTING)
    position = models.PositiveIntegerField(_("position"), default=0)
    name_as_written = models.CharField(_("name as written in the plan"), max_length=400)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measure_bodies",
    )

    class Meta:
        verbose_name = _("executing body")
        verbose_name_plural = _("executing bodies")
        ordering = ["measure", "role", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "agency"],
                name="measurebody_agency_once",
                condition=models.Q(agency__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name_as_written

    @property
    def is_generic(self) -> bool:
        return self.agency_id is None

    @property
    def expects_report(self) -> bool:
        return self.agency_id is not None and self.role in (self.Role.EXECUTING, self.Role.ASSIGNED)


class ReportingPeriod(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"))
    due_date = models.DateField(_("due date"), validators=bounds.date(bounds.DUE))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="period_unique"),
            *bounds.date_checks("period", due_date=bounds.DUE),
        ]

    def __str__(self) -> str:
        return f"{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("plan:period_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ImplementationStatus(models.TextChoices):
    IMPLEMENTED = "implemented", _("Implemented")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIAL = "partial", _("Partially implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NOTHING_TO_REPORT = "nothing_to_report", _("Nothing to report this period")


class MeasureReport(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="measure_reports",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    status = models.CharField(
        _("implementation status"), max_length=24, choices=ImplementationStatus.choices
    )
    narrative = models.TextField(
        _("narrative"), blank=True, validators=bounds.text(bounds.NARRATIVE)
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    review_comment = models.TextField(
        _("reviewer's comment"), blank=True, validators=bounds.text(bounds.NOTE)
    )
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure report")
        verbose_name_plural = _("measure reports")
        ordering = ["period", "measure__position", "agency__name_az"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "measure", "agency"], name="report_one_per_measure_agency_period"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "submitted", "returned", "accepted"]),
                name="report_known_state",
            ),
            *bounds.length_checks("report", narrative=bounds.NARRATIVE, review_comment=bounds.NOTE),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number} · {self.agency.short_name} · {self.period.year}"

    def get_absolute_url(self) -> str:
        return reverse("plan:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class ReportFigure(models.Model):
    report = models.ForeignKey(MeasureReport, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("indicator"), max_length=200)
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["report", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="figure_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class Indicator(TimeStampedModel):
    """A quantity agencies report as a number in their yearly report, the same for every
    agency, so that the statistics can add it up (DHIS2's data element: ADR 0019)."""

    class Unit(models.TextChoices):
        # As written after a number: "348 persons", "348 nəfər", "348 чел.".
        PERSONS = "persons", pgettext_lazy("unit", "persons")
        ITEMS = "items", pgettext_lazy("unit", "items")
        EVENTS = "events", pgettext_lazy("unit", "events")
        CASES = "cases", pgettext_lazy("unit", "cases")
        AZN = "azn", pgettext_lazy("unit", "AZN")
        HOURS = "hours", pgettext_lazy("unit", "hours")

    class Breakdown(models.TextChoices):
        NONE = "none", _("No breakdown")
        SEX = "sex", _("By sex")
        AGE = "age", _("By age group (child, adult)")
        SEX_AGE = "sex_age", _("By sex and age group")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=bounds.SHORT)
    name_en = models.CharField(_("name (English)"), max_length=bounds.SHORT, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=bounds.SHORT, blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    breakdown = models.CharField(
        _("breakdown"), max_length=16, choices=Breakdown.choices, default=Breakdown.NONE
    )
    description = models.TextField(
        _("description"), blank=True, validators=bounds.text(bounds.NOTE)
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures"), related_name="indicators", blank=True
    )
    agencies = models.ManyToManyField(
        "accounts.Agency",
        verbose_name=_("reporting agencies"),
        related_name="reported_indicators",
        blank=True,
        help_text=_("Leave empty for every agency that reports on one of the measures."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("report numbers", "indicator")
        verbose_name_plural = pgettext_lazy("report numbers", "indicators")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    unit__in=["persons", "items", "events", "cases", "azn", "hours"]
                ),
                name="plan_indicator_known_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(breakdown__in=["none", "sex", "age", "sex_age"]),
                name="plan_indicator_known_breakdown",
            ),
            *bounds.length_checks(
                "plan_indicator",
                name_az=bounds.SHORT,
                name_en=bounds.SHORT,
                name_ru=bounds.SHORT,
                description=bounds.NOTE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def categories(self) -> list[str]:
        """The breakdown categories a reporter fills, in the form's order."""
        return BREAKDOWN_CATEGORIES[self.breakdown]

    @property
    def whole_numbers(self) -> bool:
        """Counts of persons, items, events and cases are whole; sums and hours need not be."""
        return self.unit not in (self.Unit.AZN, self.Unit.HOURS)


class Category(models.TextChoices):
    """A breakdown category of an indicator's value; "" is the total of an indicator
    without breakdown."""

    TOTAL = "", _("Total")
    FEMALE = "female", _("Women and girls")
    MALE = "male", _("Men and boys")
    CHILD = "child", _("Children")
    ADULT = "adult", _("Adults")
    FEMALE_CHILD = "female_child", _("Girls")
    MALE_CHILD = "male_child", _("Boys")
    FEMALE_ADULT = "female_adult", _("Women")
    MALE_ADULT = "male_adult", _("Men")


# Plain codes (not the enum's members), as they are stored and as statistics print them.
BREAKDOWN_CATEGORIES: dict[str, list[str]] = {
    Indicator.Breakdown.NONE: [Category.TOTAL.value],
    Indicator.Breakdown.SEX: [Category.FEMALE.value, Category.MALE.value],
    Indicator.Breakdown.AGE: [Category.CHILD.value, Category.ADULT.value],
    Indicator.Breakdown.SEX_AGE: [
        Category.FEMALE_CHILD.value,
        Category.MALE_CHILD.value,
        Category.FEMALE_ADULT.value,
        Category.MALE_ADULT.value,
    ],
}


class IndicatorValue(models.Model):
    """One number of a report: an indicator's value in one breakdown category. The
    indicator's total in the report is the sum of its categories."""

    report = models.ForeignKey(
        MeasureReport, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=pgettext_lazy("report numbers", "indicator"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, blank=True, default=""
    )
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["report", "indicator__position", "indicator__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "category"], name="plan_indicator_value_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="plan_indicator_value_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=[c.value for c in Category]),
                name="plan_indicator_value_known_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}/{self.category or 'total'}: {self.value}"


def attachment_path(instance: "ReportAttachment", filename: str) -> str:
    # The stored name carries no part of the user's file name.
    return f"plan/reports/{instance.report_id}/{uuid.uuid4().hex}"


class ReportAttachment(TimeStampedModel):
    report = models.ForeignKey(MeasureReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(models.Model):
    """One dated step in a report's life, shown on the report page."""

    class Action(models.TextChoices):
        CREATE = "create", _("Drafted")
        UPDATE = "update", _("Edited")
        SUBMIT = "submit", _("Approved and submitted")
        RETURN = "return", _("Returned for correction")
        ACCEPT = "accept", _("Accepted")

    report = models.ForeignKey(MeasureReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True, validators=bounds.text(bounds.NOTE))

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "id"]
        constraints = [*bounds.length_checks("report_event", comment=bounds.NOTE)]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d}"


# The kind of ``core.Job`` that makes a period's consolidated report (ADR 0014).
CONSOLIDATED_JOB_KIND = "plan.consolidated_document"
