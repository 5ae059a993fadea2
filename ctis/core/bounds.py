"""Bounds on dates and texts: one place that says how early, how late and how long.

Each date field has a kind, by what it means: a date of birth (from 1900, never in the
future), a past event or decision (from 1990, never in the future: the state's
counter-trafficking records start after independence), or a due date (from 2000, up to
ten years ahead). Each free text has a size: a note (4,000 characters), a longer text
such as a measure's wording or a case summary (20,000), a report's narrative (50,000).

The same bound is applied three times, from here:
- on the model field (``validators=``), so every service's ``full_clean()`` refuses it
  beside the field it names — imports and the API get the same refusal as the pages;
  for a sealed column this is the only check, done on the plain text before sealing;
- on the form field (``date_field``, ``text_field``), so the page says it beside the
  field before the service is asked;
- in the database where a constraint can say it (``date_checks``, ``length_checks``):
  the earliest date, and the length of a plain text column. "Not in the future" moves
  with the calendar and stays in the validators.
Texts also refuse NUL characters (PostgreSQL cannot store them), whether they came
through a form or not.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Date kinds ---------------------------------------------------------------------------

BIRTH = "birth"  # a date of birth
PAST = "past"  # an event, a decision, a registration: it has happened
DUE = "due"  # a due date, a date something comes into force: it may lie ahead

EARLIEST = {
    BIRTH: datetime.date(1900, 1, 1),
    PAST: datetime.date(1990, 1, 1),
    DUE: datetime.date(2000, 1, 1),
}
# Days after today a date of the kind may lie; None: none (it cannot be in the future).
AHEAD_DAYS = {BIRTH: None, PAST: None, DUE: 3653}

# Text sizes (characters) --------------------------------------------------------------

SHORT = 200  # a document number, a contact (the forms allow 40 and 200)
NAME = 150  # a given name, a family name, a patronymic (as the person form allows)
NOTE = 4_000  # notes, reasons, comments, objectives, a decision's basis
TEXT = 20_000  # a measure's wording, a goal, a criminal case's summary
NARRATIVE = 50_000  # a plan report's narrative: long, but not a megabyte


def window(kind: str, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The earliest and the latest date a field of ``kind`` accepts today."""
    today = today or timezone.localdate()
    ahead = AHEAD_DAYS[kind]
    return EARLIEST[kind], today + datetime.timedelta(days=ahead or 0)


@deconstructible
class DateBound:
    """A validator: the date lies within its kind's window (``window``)."""

    def __init__(self, kind: str) -> None:
        if kind not in EARLIEST:
            raise ValueError(f"Unknown date kind {kind!r}.")
        self.kind = kind

    def __call__(self, value: Any) -> None:
        if value is None or value == "":
            return
        if isinstance(value, datetime.datetime):
            value = value.date()
        earliest, latest = window(self.kind)
        if value < earliest:
            raise ValidationError(
                _("Enter a date on or after %(date)s."),
                code="date_too_early",
                params={"date": date_format(earliest)},
            )
        if value > latest:
            if AHEAD_DAYS[self.kind] is None:
                message = (
                    _("The date of birth is in the future. Enter a date no later than %(date)s.")
                    if self.kind == BIRTH
                    else _("The date is in the future. Enter a date no later than %(date)s.")
                )
                raise ValidationError(
                    message, code="date_in_future", params={"date": date_format(latest)}
                )
            raise ValidationError(
                _("Enter a date no later than %(date)s."),
                code="date_too_late",
                params={"date": date_format(latest)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateBound) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(("DateBound", self.kind))


def date(kind: str) -> list:
    """The validators of a model date field of ``kind``."""
    return [DateBound(kind)]


def text(limit: int) -> list:
    """The validators of a free text of at most ``limit`` characters (no NUL either)."""
    return [MaxLengthValidator(limit), ProhibitNullCharactersValidator()]


def _problems(value: Any, validators: list) -> list[str]:
    problems: list[str] = []
    for validator in validators:
        try:
            validator(value)
        except ValidationError as error:
            problems.extend(error.messages)
    return problems


def text_problems(value: str | None, limit: int) -> list[str]:
    """What is wrong with a text a service takes outside a model field's validation (a
    comment kept elsewhere, a value sealed into another form): the messages, or none."""
    return [] if value is None else _problems(value, text(limit))


def date_problems(value: datetime.date | None, kind: str) -> list[str]:
    """What is wrong with a date a service stores other than in a date field of its kind
    (a date of birth, sealed as text)."""
    return _problems(value, date(kind))


def check_text(value: str | None, limit: int, *, field: str) -> None:
    """Refuse a text beside ``field`` when it is too long or holds NUL characters."""
    problems = text_problems(value, limit)
    if problems:
        raise ValidationError({field: problems})


# Database constraints -----------------------------------------------------------------


def date_checks(prefix: str, **kinds: str) -> list[models.CheckConstraint]:
    """A constraint per date field: not before its kind's earliest date (NULL passes)."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__isnull": True})
            | models.Q(**{f"{name}__gte": EARLIEST[kind]}),
            name=f"{prefix}_{name}_from_{EARLIEST[kind].year}",
            violation_error_message=_("A date is before the earliest date it may have."),
        )
        for name, kind in kinds.items()
    ]


def length_checks(prefix: str, **limits: int) -> list[models.CheckConstraint]:
    """A constraint per plain text column: at most its limit of characters."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), limit),
            name=f"{prefix}_{name}_length",
            violation_error_message=_("A text is longer than it may be."),
        )
        for name, limit in limits.items()
    ]


# Form fields --------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BoundedDateInput(DateInput):
    """A date picker limited to its kind's window, as of the day it is shown (a form
    class outlives the day it was defined on)."""

    def __init__(self, kind: str, attrs=None):
        self.kind = kind
        super().__init__(attrs=attrs)

    def get_context(self, name, value, attrs):
        earliest, latest = window(self.kind)
        attrs = {**(attrs or {}), "min": earliest.isoformat(), "max": latest.isoformat()}
        return super().get_context(name, value, attrs)


class BoundedDateField(forms.DateField):
    """A date field of a kind: refused outside its window with a message saying the
    bound; the browser's date picker is given the same window."""

    def __init__(self, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("widget", BoundedDateInput(kind))
        kwargs["validators"] = [*kwargs.get("validators", []), DateBound(kind)]
        super().__init__(**kwargs)


def date_field(kind: str, **kwargs: Any) -> BoundedDateField:
    return BoundedDateField(kind, **kwargs)


def text_field(limit: int, *, rows: int | None = None, **kwargs: Any) -> forms.CharField:
    """A free-text form field of at most ``limit`` characters (a text area if ``rows``):
    a longer text is refused beside the field with the limit and its length."""
    if rows is not None:
        attrs = {"rows": rows, **kwargs.pop("attrs", {})}
        kwargs.setdefault("widget", forms.Textarea(attrs=attrs))
    return forms.CharField(max_length=limit, **kwargs)


# Data already stored ------------------------------------------------------------------


def earlier_than_bounds(**kinds: str) -> models.Q:
    """Rows with any of these date fields before its kind's earliest date (for the data
    migration that precedes the constraints)."""
    q = models.Q(pk__in=[])
    for name, kind in kinds.items():
        q |= models.Q(**{f"{name}__lt": EARLIEST[kind]})
    return q


def longer_than_limits(**limits: int) -> models.Q:
    """Rows with any of these plain text columns longer than its limit."""
    q = models.Q(pk__in=[])
    for name, limit in limits.items():
        q |= models.Q(GreaterThan(Length(name), limit))
    return q


def refuse_stored(apps, app_label: str, checks: list[tuple[str, str, models.Q]]) -> None:
    """Before a migration adds constraints: refuse, saying what to correct, when stored
    rows would break them. ``checks`` are (model name, what is wrong, the rows' filter).
    Nothing is changed: a date, a figure or a text cannot be guessed; correct the rows
    named (their primary keys) and run the migration again."""
    found = []
    for model_name, problem, rows in checks:
        model = apps.get_model(app_label, model_name)
        keys = list(model.objects.filter(rows).values_list("pk", flat=True)[:11])
        if keys:
            shown = ", ".join(str(k) for k in keys[:10]) + (", …" if len(keys) > 10 else "")
            found.append(f"{app_label}.{model_name}: {problem} (rows {shown})")
    if found:
        raise RuntimeError(
            "Stored data breaks rules this migration adds; correct these rows and migrate "
            "again:\n- " + "\n- ".join(found)
        )
