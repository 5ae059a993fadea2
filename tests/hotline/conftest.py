"""Fixtures of the hotline's tests: topics by code, and a contact recorded through the
service."""

import pytest

from ctis.hotline import services
from ctis.hotline.models import Topic


@pytest.fixture
def topic(db):
    def get(code: str = "work_abroad") -> Topic:
        return Topic.objects.get(code=code)

    return get


@pytest.fixture
def record(topic):
    def make(actor, *, identifier: str = "", topics=("work_abroad",), **fields):
        data = services.ContactInput(
            topics=[topic(code) for code in topics], identifier=identifier, **fields
        )
        return services.contact_record(actor=actor, data=data)

    return make
