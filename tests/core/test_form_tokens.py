"""One-time form tokens (issue 10): every form that creates a record carries a key; a second
submission with the same key creates nothing and takes the user to what the first made."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from ctis.core import formtokens
from ctis.core.models import FormToken
from ctis.nrm.models import Consent
from tests.core import token_forms
from tests.personas import log_in

ALREADY_SENT = "This form was already sent"


@pytest.fixture
def world(agencies, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name", list(token_forms.SCENARIOS))
def test_a_second_submission_with_the_same_token_creates_nothing(world, name):
    form = token_forms.SCENARIOS[name]()
    before = form.count()
    client = token_forms.client_of(form)
    key = token_forms.token_of(client.get(form.page).content.decode(), form.action)
    first = client.post(form.action, token_forms.post_data(form, key))
    assert first.status_code == 302, first.content.decode()[:2000]
    assert form.count() == before + 1
    second = client.post(form.action, token_forms.post_data(form, key))
    assert form.count() == before + 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert ALREADY_SENT in client.get(second["Location"]).content.decode()


def test_each_showing_of_a_form_has_its_own_key(world):
    form = token_forms.case()
    client = token_forms.client_of(form)
    keys = {
        token_forms.token_of(client.get(form.page).content.decode(), form.action) for _ in range(3)
    }
    assert len(keys) == 3


def test_a_refused_submission_frees_its_key(world):
    form = token_forms.consent()
    client = token_forms.client_of(form)
    key = token_forms.token_of(client.get(form.page).content.decode(), form.action)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(form.action, {**form.data, "given_on": future, "form_token": key})
    assert refused.status_code == 302 and not Consent.objects.exists()
    assert not FormToken.objects.exists()
    saved = client.post(form.action, token_forms.post_data(form, key))
    assert saved.status_code == 302 and Consent.objects.count() == 1
    assert FormToken.objects.get().created == saved["Location"]


def test_a_form_shown_again_with_its_errors_frees_its_key(world):
    form = token_forms.case()
    client = token_forms.client_of(form)
    key = token_forms.token_of(client.get(form.page).content.decode(), form.action)
    shown = client.post(form.action, {**form.data, "number": "", "form_token": key})
    assert shown.status_code == 200 and form.count() == 0
    assert client.post(form.action, token_forms.post_data(form, key)).status_code == 302
    assert form.count() == 1


def test_the_key_is_the_users_own(world, investigator, supervisor):
    form = token_forms.case()
    key = formtokens.new_key()
    assert token_forms.client_of(form).post(form.action, token_forms.post_data(form, key))
    other = log_in(Client(), supervisor)
    data = {**token_forms.post_data(form, key), "number": "2024/144-1/7778"}
    assert other.post(form.action, data).status_code == 302
    assert form.count() == 2


def test_the_key_may_come_in_a_header_and_odd_keys_are_no_keys(world):
    form = token_forms.agency()
    client = token_forms.client_of(form)
    key = formtokens.new_key()
    first = client.post(form.action, form.data, headers={"Idempotency-Key": key})
    second = client.post(form.action, form.data, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert FormToken.objects.filter(key=key).count() == 1
    odd = client.post(
        form.action, {**form.data, "code": "odd-ngo", "name_az": "Tək", "form_token": "x' or 1"}
    )
    assert odd.status_code == 302 and not FormToken.objects.filter(key__contains="'").exists()


def test_old_keys_are_purged(world, investigator):
    FormToken.objects.create(user=investigator, key="a" * 32)
    old = FormToken.objects.create(user=investigator, key="b" * 32)
    FormToken.objects.filter(pk=old.pk).update(
        claimed_at=timezone.now() - formtokens.KEEP - datetime.timedelta(minutes=1)
    )
    assert formtokens.purge_expired_form_tokens() == 1
    assert list(FormToken.objects.values_list("key", flat=True)) == ["a" * 32]


@pytest.mark.django_db(transaction=True)
def test_claim_refuses_outside_a_transaction(investigator):
    with pytest.raises(RuntimeError):
        formtokens.claim(investigator, formtokens.new_key())


SAMPLES = {"int": 1, "uuid": "00000000-0000-0000-0000-000000000001", "slug": "x", "str": "x"}


def test_every_guarded_view_is_listed_and_every_scenario_is_one():
    from django.urls import resolve, reverse

    from tests.test_access_matrix import url_names

    guarded = set()
    for name, route in url_names():
        kwargs = {p: SAMPLES[c] for c, p in re.findall(r"<(\w+):(\w+)>", route)}
        view = resolve(reverse(name, kwargs=kwargs)).func
        if getattr(view, "claims_form_token", False):
            guarded.add(name)
    assert guarded == set(token_forms.GUARDED)
    scenarios = {v for v in token_forms.GUARDED.values() if not v.startswith("no scenario")}
    assert scenarios == set(token_forms.SCENARIOS)
