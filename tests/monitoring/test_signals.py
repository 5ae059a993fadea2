"""Signals: loaded from the reference data once, edited by analysts in the UI, refused
when a weight would let one signal alone make an item risky or an expression is broken."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from ctis.monitoring import selectors, services
from ctis.monitoring.inputs import SignalInput
from ctis.monitoring.models import Signal
from tests.personas import log_in

pytestmark = pytest.mark.django_db


def _input(**fields):
    data = {
        "code": "x",
        "name_az": "X",
        "name_ru": "X",
        "name_en": "X",
        "weight": "0.2",
        "patterns": ["sınaq"],
    }
    data.update(fields)
    return SignalInput(**data)


def test_the_reference_signals_load_once_and_keep_an_analysts_edit(analyst):
    added = services.signals_load_reference()
    assert added >= 12 and services.signals_load_reference() == 0
    photos = Signal.objects.get(code="photos")
    services.signal_save(actor=analyst, signal=photos, data=_input(code="photos", weight="0.35"))
    services.signals_load_reference()
    assert str(Signal.objects.get(code="photos").weight) == "0.35"


@pytest.mark.parametrize("weight", ["0", "0.5", "0.9", "-1", "x"])
def test_a_weight_that_lets_one_signal_decide_is_refused(analyst, weight):
    with pytest.raises(ValidationError) as refused:
        services.signal_save(actor=analyst, data=_input(weight=weight))
    assert "weight" in refused.value.message_dict and not Signal.objects.exists()


def test_a_broken_expression_is_refused(analyst):
    with pytest.raises(ValidationError) as refused:
        services.signal_save(actor=analyst, data=_input(expressions=["(unclosed"]))
    assert "expressions" in refused.value.message_dict


def test_only_analysts_edit_signals(monitoring_officer):
    with pytest.raises(PermissionDenied):
        services.signal_save(actor=monitoring_officer, data=_input())


def test_an_edit_in_the_ui_changes_the_screen(signals, analyst):
    client = log_in(Client(), analyst)
    response = client.post(
        "/monitoring/signals/photos/",
        {
            "code": "photos",
            "name_az": "Şəkil istənilir",
            "name_ru": "Просят фото",
            "name_en": "Photos requested",
            "weight": "0.3",
            "patterns": "selfi göndərin\nfoto göndərin",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert selectors.screen().screen("Selfi göndərin!").signals == ["photos"]


def test_the_form_says_what_is_wrong_beside_the_field(signals, analyst):
    client = log_in(Client(), analyst)
    response = client.post(
        "/monitoring/signals/new/",
        {
            "code": "new-one",
            "name_az": "A",
            "name_ru": "B",
            "name_en": "C",
            "weight": "0.7",
            "patterns": "a b",
        },
    )
    assert response.status_code == 200 and "weight" in response.context["form"].errors
    assert not Signal.objects.filter(code="new-one").exists()


def test_rescreen_scores_the_open_items_again_with_the_signals_in_use(
    record, monitoring_officer, analyst
):
    item = record(monitoring_officer)
    closed = record(monitoring_officer, text="Pasport bizdən, 3000 $", url="https://example.org/z")
    services.item_step(actor=monitoring_officer, item=closed, step="close")
    before = item.score
    young = Signal.objects.get(code="young-women")
    services.signal_save(
        actor=analyst,
        signal=young,
        data=_input(code=young.code, weight="0.45", patterns=young.patterns),
    )
    out = StringIO()
    call_command("monitoring", "rescreen", stdout=out)
    assert "Open items whose score changed: 1" in out.getvalue()
    item.refresh_from_db()
    assert item.score > before
