"""The public feedback form: no log-in, nothing revealed beyond the title and the dates,
and each protection against a flood refuses with a message and saves nothing."""

import re
import time

import pytest
from django.test import Client as _Client

from ctis.core.models import Throttle
from ctis.outreach import services
from ctis.outreach.models import Response
from ctis.outreach.selectors import event_summary
from ctis.outreach.services import feedback as feedback_service
from ctis.outreach.services.feedback import issue_token

pytestmark = pytest.mark.django_db


def Client(**defaults) -> _Client:  # noqa: N802
    """An anonymous participant's browser, reading the pages in English."""
    client = _Client(**defaults)
    client.cookies["ctis_language"] = "en"
    return client


ANSWERS = {"usefulness": "5", "clarity": "4", "relevance": "3", "comment": "Very clear."}


def _open(client: Client, event, suffix: str = ""):
    response = client.get(event.public_path() + suffix)
    assert response.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    return response, token


def _aged(token: str, event, stage="after", seconds=30) -> str:
    """The same browser's token, as if the form had been opened ``seconds`` ago."""
    payload = feedback_service.signing.loads(token, salt=feedback_service.SALT)
    return issue_token(event, stage, payload["b"], at=time.time() - seconds)


def _send(client, event, token, suffix="", **extra):
    return client.post(event.public_path() + suffix, {"token": token, **ANSWERS, **extra})


def test_the_public_page_shows_the_title_and_dates_and_nothing_else(make_event):
    event = make_event(description="Internal: the school's director asked for it.")
    page = Client().get(event.public_path())
    assert page.status_code == 200
    html = page.content.decode()
    assert event.title in html
    for secret in ("Gəncə", "Internal", event.organiser.name_az, event.organiser.short_az, "4.2.1"):
        assert secret not in html, secret
    assert 'name="website"' in html  # the honeypot, hidden from people
    assert "noindex" in page["X-Robots-Tag"]
    assert "logout" not in html and "/plan/" not in html


def test_an_unknown_token_says_only_that_there_is_no_form():
    page = Client().get("/outreach/f/not-a-real-token/")
    assert page.status_code == 404
    assert "no feedback form" in page.content.decode()


def test_an_answer_is_saved_once_per_browser(make_event):
    event = make_event()
    client = Client()
    _page, token = _open(client, event)
    done = _send(client, event, _aged(token, event))
    assert done.status_code == 200
    assert "your answers are received" in done.content.decode()
    saved = Response.objects.get(event=event)
    assert (saved.usefulness, saved.clarity, saved.relevance) == (5, 4, 3)
    assert len(saved.browser) == 32  # a keyed hash, not the cookie's value
    assert client.cookies["ctis_feedback"].value.split(":")[0] not in saved.browser
    again = client.get(event.public_path())
    assert "already answered" in again.content.decode()
    twice = _send(client, event, _aged(token, event))
    assert "already answered" in twice.content.decode()
    assert Response.objects.filter(event=event).count() == 1


def test_a_form_sent_too_quickly_is_refused(make_event):
    event = make_event()
    client = Client()
    _page, token = _open(client, event)
    refused = _send(client, event, token)
    assert refused.status_code == 200
    assert "too quickly" in refused.content.decode()
    assert not Response.objects.exists()


def test_the_honeypot_refuses_a_robot(make_event):
    event = make_event()
    client = Client()
    _page, token = _open(client, event)
    refused = _send(client, event, _aged(token, event), website="http://spam.example")
    assert "could not be accepted" in refused.content.decode()
    assert not Response.objects.exists()


def test_a_forged_or_foreign_token_is_refused(make_event):
    event, other = make_event(), make_event(title="Another")
    client = Client()
    _page, token = _open(client, other)
    for bad in ("forged", _aged(token, other)):
        refused = _send(client, event, bad)
        assert "not valid" in refused.content.decode()
    assert not Response.objects.exists()


def test_a_closed_event_refuses_feedback(make_event, reporter):
    event = make_event()
    client = Client()
    _page, token = _open(client, event)
    services.event_feedback_step(actor=reporter, event=event, step="close")
    refused = _send(client, event, _aged(token, event))
    assert "closed" in refused.content.decode()
    assert "closed" in Client().get(event.public_path()).content.decode()
    assert not Response.objects.exists()


def test_a_rating_out_of_range_is_refused_beside_its_question(make_event):
    event = make_event()
    client = Client()
    _page, token = _open(client, event)
    refused = _send(client, event, _aged(token, event), usefulness="9")
    assert refused.status_code == 200
    assert 'id="id_usefulness_error"' in refused.content.decode()
    assert not Response.objects.exists()


def test_a_flood_from_one_client_is_refused_past_the_limit(make_event, monkeypatch):
    monkeypatch.setattr(feedback_service, "CLIENT_LIMIT", 3)
    event = make_event()
    for _n in range(3):  # three browsers behind one address and one browser name
        client = Client()
        _page, token = _open(client, event)
        assert "received" in _send(client, event, _aged(token, event)).content.decode()
    client = Client()
    _page, token = _open(client, event)
    refused = _send(client, event, _aged(token, event))
    assert "Too many answers came from this device" in refused.content.decode()
    assert Response.objects.count() == 3
    other = Client(REMOTE_ADDR="10.9.8.7")  # another client is still heard
    _page, token = _open(other, event)
    assert "received" in _send(other, event, _aged(token, event)).content.decode()


def test_the_per_event_counter_refuses_past_its_limit(make_event, monkeypatch):
    monkeypatch.setattr(feedback_service, "EVENT_LIMIT", 2)
    event = make_event()
    outcomes = []
    for n in range(3):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        _page, token = _open(client, event)
        outcomes.append(_send(client, event, _aged(token, event)).content.decode())
    assert "received" in outcomes[0] and "received" in outcomes[1]
    assert "too many answers at once" in outcomes[2]
    assert Response.objects.count() == 2


def test_the_counters_keep_no_address(make_event):
    event = make_event()
    client = Client(REMOTE_ADDR="192.0.2.55")
    _page, token = _open(client, event)
    _send(client, event, _aged(token, event))
    keys = list(Throttle.objects.values_list("key", flat=True))
    assert keys and not any("192.0.2.55" in key for key in keys)


def test_knowledge_before_and_after_give_the_change(make_event, reporter):
    training = make_event(kind="training")
    one = services.question_add(actor=reporter, event=training, statement="A", is_true=True)
    two = services.question_add(actor=reporter, event=training, statement="B", is_true=False)
    client = Client()
    _page, token = _open(client, training, "before/")
    before = client.post(
        training.public_path() + "before/",
        {
            "token": _aged(token, training, "before"),
            f"question_{one.pk}": "no",
            f"question_{two.pk}": "no",
        },
    )
    assert "received" in before.content.decode()
    _page, token = _open(client, training)
    after = _send(
        client,
        training,
        _aged(token, training),
        **{f"question_{one.pk}": "yes", f"question_{two.pk}": "no"},
    )
    assert "received" in after.content.decode()
    knowledge = event_summary(training)["knowledge"]
    assert (knowledge["before"], knowledge["after"], knowledge["change"]) == (50.0, 100.0, 50.0)


def test_the_public_form_speaks_the_chosen_language(make_event):
    event = make_event()
    client = Client()
    client.cookies["ctis_language"] = "az"
    assert "Göndər" in client.get(event.public_path()).content.decode()
    client.cookies["ctis_language"] = "ru"
    assert "Отправить" in client.get(event.public_path()).content.decode()


def test_an_event_takes_no_more_answers_than_its_cap(make_event, monkeypatch):
    monkeypatch.setattr(feedback_service, "HARD_CAP", 1)
    event = make_event()
    for n, expected in ((1, "received"), (2, "all the answers it takes")):
        client = Client(REMOTE_ADDR=f"10.1.1.{n}")
        _page, token = _open(client, event)
        assert expected in _send(client, event, _aged(token, event)).content.decode()
    assert Response.objects.count() == 1


def test_the_language_switcher_stays_on_the_public_form(make_event):
    event = make_event()
    client = Client()
    page = client.get(event.public_path()).content.decode()
    assert 'action="/i18n/setlang/"' in page and f'value="{event.public_path()}"' in page
    switched = client.post("/i18n/setlang/", {"language": "ru", "next": event.public_path()})
    assert switched.status_code == 302 and switched["Location"] == event.public_path()
    assert '<html lang="ru">' in client.get(event.public_path()).content.decode()
