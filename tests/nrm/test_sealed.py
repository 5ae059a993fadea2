"""Sealed texts (referral reasons, situations abroad, plans' objectives, screening notes,
status decisions' bases) are deferred by default: lists and checks never read or decrypt
them; a page that shows them reads them with its rows, once the identity is open."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ctis.core.crypto import sealed_fields
from ctis.nrm import services as nrm
from ctis.nrm.models import AbroadCase, Referral, SupportPlan
from ctis.nrm.services import ActionInput
from tests.factories import AbroadCaseFactory, PersonFactory, ReferralFactory
from tests.personas import log_in


def test_a_list_of_referrals_reads_no_reason(investigator, shelter_worker):
    ReferralFactory(actor=investigator, accept=shelter_worker)
    with CaptureQueriesContext(connection) as queries:
        referral = list(Referral.objects.all())[0]
    assert '"reason"' not in queries.captured_queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries:
        assert referral.reason  # read when asked for: one query, the reason alone
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert Referral.objects.with_sealed().get().reason == referral.reason
    assert len(queries) == 1


def test_every_model_with_a_sealed_text_defers_it():
    from django.apps import apps

    for model in apps.get_app_config("nrm").get_models():
        sealed = sealed_fields(model)
        if sealed:
            deferred = model.objects.all().query.deferred_loading
            assert set(sealed) <= set(deferred[0]) and deferred[1] is True, model


def test_the_person_page_reads_sealed_texts_with_their_rows(investigator, officer, agencies):
    """Plans' objectives and situations abroad shown with the identity open cost the same
    queries for 3 plans and cases abroad as for 6."""
    person = PersonFactory(actor=officer)
    browser = log_in(Client(), officer)
    browser.post(f"/cases/persons/{person.pk}/identity/", {"purpose": "assistance"})
    counts = []
    for n in (3, 6):
        while SupportPlan.objects.count() < n:
            k = SupportPlan.objects.count()
            nrm.support_plan_create(
                actor=officer,
                person=person,
                objectives=f"Objective number {k}",
                actions=[
                    ActionInput(
                        action="Legal aid",
                        responsible=agencies["sms"],
                        due_on=datetime.date.today() + datetime.timedelta(days=9),
                    )
                ],
            )
            AbroadCaseFactory(actor=officer, person=person, situation=f"Situation {k}")
        with CaptureQueriesContext(connection) as queries:
            page = browser.get(person.get_absolute_url()).content.decode()
        assert f"Objective number {n - 1}" in page and f"Situation {n - 1}" in page
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert AbroadCase.objects.count() == 6
