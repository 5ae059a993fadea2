"""Fixtures of monitoring's tests: the seed signals, and items recorded through the service."""

import io

import pytest
from PIL import Image

from ctis.monitoring import services
from ctis.monitoring.inputs import ItemInput

RISKY = (
    "Dubayda otelə gənc qızlar tələb olunur! Təcrübə tələb olunmur, maaş 2500 $. "
    "Viza və bilet bizdən. Yalnız WhatsApp: +971 50 123 4567"
)
HARMLESS = "Bakıda mühasib tələb olunur. Ali təhsil, 3 il iş təcrübəsi. Tel: 050 123 45 67"


@pytest.fixture
def signals(db):
    services.signals_load_reference()


@pytest.fixture
def record(signals):
    def make(actor, text=RISKY, **fields):
        data = {"url": "https://example.org/ad/1", "platform": "facebook", "category": "job_abroad"}
        data.update(fields)
        return services.item_create(actor=actor, data=ItemInput(text=text, **data))

    return make


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()
