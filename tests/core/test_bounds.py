"""ctis.core.bounds: the windows of dates by kind, the sizes of texts, the messages that
say them, and that every date and free-text field of the models has its bound."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from ctis.core import bounds

# Columns no one types into: written by the system itself.
UNBOUNDED_TEXT = {
    ("audit", "AuditEntry", "purpose"),
}


def _fields():
    for model in apps.get_models():
        if not model.__module__.startswith("ctis."):
            continue
        for field in model._meta.concrete_fields:
            yield model, field


def test_every_date_field_has_a_kind():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _fields()
        if isinstance(field, models.DateField)
        and not isinstance(field, models.DateTimeField)
        and not any(isinstance(v, bounds.DateBound) for v in field.validators)
    ]
    assert missing == []


def test_every_free_text_field_has_a_size():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _fields()
        if isinstance(field, models.TextField)
        and (model._meta.app_label, model.__name__, field.name) not in UNBOUNDED_TEXT
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "kind, value, code",
    [
        (bounds.BIRTH, datetime.date(1, 1, 1), "date_too_early"),
        (bounds.BIRTH, datetime.date(1899, 12, 31), "date_too_early"),
        (bounds.PAST, datetime.date(1989, 12, 31), "date_too_early"),
        (bounds.DUE, datetime.date(1999, 12, 31), "date_too_early"),
        (bounds.DUE, datetime.date(9999, 1, 1), "date_too_late"),
    ],
)
def test_a_date_outside_its_window_is_refused(kind, value, code):
    with pytest.raises(ValidationError) as refused:
        bounds.DateBound(kind)(value)
    assert refused.value.code == code


@pytest.mark.parametrize("kind", [bounds.BIRTH, bounds.PAST])
def test_a_birth_or_an_event_cannot_be_in_the_future(kind):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future") as refused:
        bounds.DateBound(kind)(tomorrow)
    assert refused.value.code == "date_in_future"
    bounds.DateBound(kind)(timezone.localdate())


def test_the_edges_of_the_windows_are_accepted():
    today = timezone.localdate()
    bounds.DateBound(bounds.BIRTH)(datetime.date(1900, 1, 1))
    bounds.DateBound(bounds.PAST)(datetime.date(1990, 1, 1))
    bounds.DateBound(bounds.DUE)(datetime.date(2000, 1, 1))
    bounds.DateBound(bounds.DUE)(today + datetime.timedelta(days=bounds.AHEAD_DAYS[bounds.DUE]))
    bounds.DateBound(bounds.PAST)(None)


def test_the_message_says_the_bound():
    with pytest.raises(ValidationError) as refused:
        bounds.DateBound(bounds.PAST)(datetime.date(1, 1, 1))
    assert refused.value.messages == ["Enter a date on or after Jan. 1, 1990."]


def test_a_text_over_its_size_or_with_nul_is_refused_with_the_field_named():
    assert bounds.text_problems("x" * bounds.NOTE, bounds.NOTE) == []
    assert bounds.text_problems("x" * (bounds.NOTE + 1), bounds.NOTE) == [
        "Ensure this value has at most 4000 characters (it has 4001)."
    ]
    with pytest.raises(ValidationError) as refused:
        bounds.check_text("a\x00b", bounds.NOTE, field="comment")
    assert refused.value.message_dict == {"comment": ["Null characters are not allowed."]}


def test_the_form_field_gives_the_date_picker_the_same_window():
    field = bounds.date_field(bounds.PAST, label="When")
    html = field.widget.render("when", None)
    assert 'min="1990-01-01"' in html and f'max="{timezone.localdate().isoformat()}"' in html
    assert 'type="date"' in html
