"""Twenty answers at the same moment, on PostgreSQL (threads on their own connections): one
browser's twenty make one answer, and one client's twenty browsers no more than its limit,
the rest refused with their message, never an error."""

import time

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from ctis.outreach.inputs import FeedbackInput
from ctis.outreach.models import Response
from ctis.outreach.services import feedback as feedback_service
from tests.core import parallel

ENGINE = settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.skipif(ENGINE != "django.db.backends.postgresql", reason="PostgreSQL's races"),
    pytest.mark.django_db(transaction=True),
]


def _answer(event, browser: str) -> FeedbackInput:
    token = feedback_service.issue_token(event, "after", browser, at=time.time() - 30)
    return FeedbackInput(stage="after", token=token, usefulness="5", clarity="4", relevance="4")


def _codes(results) -> list[str]:
    codes = []
    for result in results:
        if isinstance(result, ValidationError):
            codes.append(result.code)
        elif isinstance(result, BaseException):
            raise result
        else:
            codes.append("saved")
    return sorted(codes)


def test_twenty_answers_from_one_browser_at_once_save_one(make_event):
    event = make_event()
    data = _answer(event, "one-browser")
    calls = [
        (lambda n=n: feedback_service.feedback_submit(event=event, data=data, client=f"c{n}"))
        for n in range(parallel.TWENTY)
    ]
    codes = _codes(parallel.at_once(calls))
    assert codes.count("saved") == 1 and codes.count("twice") == parallel.TWENTY - 1
    assert Response.objects.filter(event=event).count() == 1


def test_one_clients_twenty_browsers_at_once_stop_at_its_limit(make_event, monkeypatch):
    monkeypatch.setattr(feedback_service, "CLIENT_LIMIT", 5)
    event = make_event()
    calls = [
        (
            lambda n=n: feedback_service.feedback_submit(
                event=event, data=_answer(event, f"browser-{n}"), client="one-client"
            )
        )
        for n in range(parallel.TWENTY)
    ]
    codes = _codes(parallel.at_once(calls))
    assert codes.count("saved") == 5 and codes.count("client_limit") == parallel.TWENTY - 5
    assert Response.objects.filter(event=event).count() == 5
