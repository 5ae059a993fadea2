"""The referral pages, as the police unit, a shelter and an assistance centre use them."""

import pytest
from django.test import Client
from django.utils import timezone

from ctis.cases.services import person_create
from ctis.nrm.models import Consent, Referral
from tests.cases.conftest import person_data
from tests.personas import log_in


@pytest.fixture
def victim(investigator, countries):
    return person_create(actor=investigator, prefix="V", data=person_data(countries))


def test_consent_referral_accept_and_refer_on(
    investigator, victim, agencies, shelter_worker, provider
):
    police = log_in(Client(), investigator)
    page = police.get(victim.get_absolute_url()).content.decode()
    assert "Referrals and consent" in page and "No consent recorded." in page
    response = police.post(
        f"/nrm/persons/{victim.pk}/consents/",
        {"purpose": "referral", "given_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302 and Consent.objects.filter(person=victim).count() == 1
    shelter_id = agencies["shelter-mia"].pk
    choose = police.get(f"/nrm/persons/{victim.pk}/refer/").content.decode()
    assert f'value="{shelter_id}"' in choose
    form = police.get(f"/nrm/persons/{victim.pk}/refer/?to={shelter_id}").content.decode()
    assert "The person consented to referral" in form
    assert 'value="documents"' not in form  # a shelter may not receive documents
    refused = police.post(
        f"/nrm/persons/{victim.pk}/refer/",
        {"to": shelter_id, "reason": "", "services": ["shelter"], "parts": ["names"]},
    )
    assert refused.status_code == 200 and not Referral.objects.exists()
    sent = police.post(
        f"/nrm/persons/{victim.pk}/refer/",
        {
            "to": shelter_id,
            "reason": "Safe place needed",
            "services": ["shelter", "medical"],
            "parts": ["names", "contacts"],
        },
    )
    referral = Referral.objects.get()
    assert sent.status_code == 302 and sent["Location"] == referral.get_absolute_url()

    shelter = log_in(Client(), shelter_worker)
    assert victim.code in shelter.get("/nrm/referrals/").content.decode()
    assert shelter.get(victim.get_absolute_url()).status_code == 403
    detail = shelter.get(referral.get_absolute_url()).content.decode()
    assert "Accept" in detail and "Safe place needed" in detail  # the receiver decides on it
    shelter.post(referral.get_absolute_url(), {"step": "accept"})
    assert Referral.objects.get().state == "accepted"
    assert shelter.get(victim.get_absolute_url()).status_code == 200
    # A second accept is an illegal step: refused with a message, state unchanged.
    again = shelter.post(referral.get_absolute_url(), {"step": "accept"}, follow=True)
    text = again.content.decode()
    assert "A referral that is accepted cannot be accepted." in text, text[text.find("<main") :][
        :1500
    ]
    # The shelter refers on to the assistance centre with what it was sent.
    centre_id = agencies["assistance-centre"].pk
    shelter.post(
        f"/nrm/persons/{victim.pk}/refer/",
        {
            "to": centre_id,
            "reason": "Allowance and a job",
            "services": ["one_time_allowance", "employment"],
            "parts": ["names"],
        },
    )
    onward = Referral.objects.get(to_agency_id=centre_id)
    centre = log_in(Client(), provider)
    centre.post(onward.get_absolute_url(), {"step": "accept"})
    centre.post(onward.get_absolute_url(), {"step": "complete"})
    assert Referral.objects.get(pk=onward.pk).state == "completed"
    assert centre.get(victim.get_absolute_url()).status_code == 403


def _sent_to_the_ngo(investigator, victim, agencies):
    from ctis.nrm import services

    services.consent_record(actor=investigator, person=victim, purpose="referral")
    return services.referral_send(
        actor=investigator,
        person=victim,
        data=services.ReferralInput(
            to_agency=agencies["temiz-dunya"],
            reason="Support",
            services=["psychological"],
            fields=["names"],
        ),
    )


def test_declining_needs_a_reason_and_the_sender_withdraws(
    investigator, victim, agencies, make_user
):
    referral = _sent_to_the_ngo(investigator, victim, agencies)
    ngo = log_in(Client(), make_user("ngo", "temiz-dunya", "service_provider"))
    page = ngo.post(referral.get_absolute_url(), {"step": "decline", "reason": ""}, follow=True)
    assert "Say why the referral is declined." in page.content.decode()
    assert Referral.objects.get().state == "sent"
    police = log_in(Client(), investigator)
    police.post(referral.get_absolute_url(), {"step": "withdraw"})
    assert Referral.objects.get().state == "withdrawn"
    stranger = log_in(Client(), make_user("stranger", "moh", "service_provider"))
    assert stranger.get(referral.get_absolute_url()).status_code == 403


def test_home_lists_referrals_waiting_and_reflection_periods_ending(
    investigator, victim, agencies, provider
):
    import datetime

    from ctis.cases.services import VictimInput, victim_profile_save
    from ctis.nrm import services

    victim_profile_save(
        actor=investigator,
        person=victim,
        data=VictimInput(identified_on=timezone.localdate() - datetime.timedelta(days=27)),
    )
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    services.referral_send(
        actor=investigator,
        person=victim,
        data=services.ReferralInput(
            to_agency=agencies["assistance-centre"],
            reason="Allowance",
            services=["one_time_allowance"],
            fields=["names"],
        ),
    )
    centre_home = log_in(Client(), provider).get("/").content.decode()
    assert "Referrals waiting for your answer" in centre_home and victim.code in centre_home
    police_home = log_in(Client(), investigator).get("/").content.decode()
    assert "Reflection periods ending within 7 days" in police_home
    assert "2 days left" in police_home


def test_a_consent_dated_in_the_future_is_refused_with_a_message(investigator, victim):
    import datetime

    police = log_in(Client(), investigator)
    page = police.post(
        f"/nrm/persons/{victim.pk}/consents/",
        {
            "purpose": "referral",
            "given_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        },
        follow=True,
    ).content.decode()
    assert "The date is in the future." in page
    assert not Consent.objects.exists()
    page = police.post(
        f"/nrm/persons/{victim.pk}/consents/",
        {"purpose": "lunch", "given_on": "2024-01-01"},
        follow=True,
    ).content.decode()
    assert "Consent to:" in page and not Consent.objects.exists()


def _offered(client, referral) -> set[str]:
    page = client.get(referral.get_absolute_url()).content.decode()
    steps = ("accept", "decline", "complete", "withdraw")
    return {step for step in steps if f'name="step" value="{step}"' in page}


def test_the_referral_page_offers_exactly_the_steps_the_table_allows(
    investigator, victim, agencies, make_user
):
    referral = _sent_to_the_ngo(investigator, victim, agencies)
    from ctis.nrm import services

    receiver = make_user("ngo", "temiz-dunya", "service_provider")
    clients = {investigator: log_in(Client(), investigator), receiver: log_in(Client(), receiver)}
    expected = {
        investigator: ({"withdraw"}, {"withdraw"}),
        receiver: ({"accept", "decline"}, {"complete"}),
    }
    for user, (sent, _accepted) in expected.items():
        assert set(services.REFERRAL_STEPS.allowed(referral, user)) == sent
        assert _offered(clients[user], referral) == sent
    services.referral_accept(actor=receiver, referral=referral)
    referral.refresh_from_db()
    for user, (_sent, accepted) in expected.items():
        assert set(services.REFERRAL_STEPS.allowed(referral, user)) == accepted
        assert _offered(clients[user], referral) == accepted
    # The receiver may not withdraw, nor the sender complete: refused, state unchanged.
    page = clients[receiver].post(referral.get_absolute_url(), {"step": "withdraw"}, follow=True)
    assert page.status_code == 403
    assert (
        clients[investigator].post(referral.get_absolute_url(), {"step": "complete"}).status_code
        == 403
    )
    assert Referral.objects.get().state == "accepted"


def test_a_referral_is_read_by_who_refers_or_receives_not_by_every_colleague(
    investigator, hotline_operator, shelter_worker, victim, agencies
):
    from tests.factories import ReferralFactory

    referral = ReferralFactory(actor=investigator, person=victim)
    colleague = log_in(Client(), hotline_operator)  # the police unit's hotline operator
    assert colleague.get(referral.get_absolute_url()).status_code == 403
    from ctis.nrm.selectors import referrals_for

    assert not referrals_for(hotline_operator).exists()
    assert list(referrals_for(investigator)) == [referral]
    assert log_in(Client(), investigator).get(referral.get_absolute_url()).status_code == 200
