"""Referrals: consent, the fields a receiver may get, the state machine, and the access
the referral opens and closes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from ctis.cases.access import Access, decide, person_access, visible_persons
from ctis.cases.services import PersonInput, person_create, person_update
from ctis.core.errors import InvalidTransition
from ctis.core.locking import StaleVersion
from ctis.nrm import selectors, services
from ctis.nrm.models import Referral
from ctis.nrm.services import ReferralInput
from tests.cases.conftest import person_data
from tests.personas import log_in


@pytest.fixture
def victim(investigator, countries):
    return person_create(actor=investigator, prefix="V", data=person_data(countries))


def _to(agencies, code, **values):
    data = dict(
        to_agency=agencies[code],
        reason="Needs a safe place tonight",
        services=["shelter", "medical"],
        fields=["names", "contacts"],
    )
    data.update(values)
    return ReferralInput(**data)


def test_no_referral_without_consent(investigator, victim, agencies):
    with pytest.raises(ValidationError, match="has not consented to referral"):
        services.referral_send(actor=investigator, person=victim, data=_to(agencies, "shelter-mia"))
    assert not Referral.objects.exists()


def test_a_withdrawn_consent_no_longer_counts(investigator, victim, agencies):
    consent = services.consent_record(actor=investigator, person=victim, purpose="referral")
    services.consent_withdraw(actor=investigator, consent=consent)
    with pytest.raises(ValidationError, match="has not consented"):
        services.referral_send(actor=investigator, person=victim, data=_to(agencies, "shelter-mia"))
    with pytest.raises(InvalidTransition, match="already withdrawn"):
        services.consent_withdraw(actor=investigator, consent=consent)


def test_only_a_supervisor_overrides_and_only_for_a_child_or_safety(
    investigator, supervisor, victim, agencies, countries
):
    data = _to(
        agencies, "shelter-mia", override="safety", override_note="Threatened by the recruiter"
    )
    with pytest.raises(PermissionDenied, match="Only a police supervisor"):
        services.referral_send(actor=investigator, person=victim, data=data)
    adult_as_child = _to(agencies, "shelter-mia", override="child", override_note="x")
    with pytest.raises(ValidationError, match="not that of a child"):
        services.referral_send(actor=supervisor, person=victim, data=adult_as_child)
    no_note = _to(agencies, "shelter-mia", override="safety", override_note=" ")
    with pytest.raises(ValidationError, match="Write why"):
        services.referral_send(actor=supervisor, person=victim, data=no_note)
    referral = services.referral_send(actor=supervisor, person=victim, data=data)
    assert referral.override == "safety" and referral.consent is None
    child = person_create(
        actor=investigator,
        prefix="C",
        data=person_data(
            countries,
            given_name="Aysel",
            birth_date=timezone.localdate() - datetime.timedelta(days=365 * 12),
            documents=[],
            contacts=[],
        ),
    )
    sent = services.referral_send(
        actor=supervisor,
        person=child,
        data=_to(
            agencies, "shelter-mia", override="child", override_note="Parents are the recruiters"
        ),
    )
    assert sent.override == "child"


def test_the_sender_picks_only_fields_the_receiver_may_get(investigator, victim, agencies):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=investigator,
            person=victim,
            data=_to(agencies, "moh", fields=["names", "documents", "address"]),
        )
    assert "may not receive: Identity documents, Addresses." in str(refused.value)
    referral = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "moh", fields=["names", "birth_date"])
    )
    assert referral.fields == ["names", "birth_date"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (dict(to_agency=None), "to_agency"),
        (dict(reason=" "), "reason"),
        (dict(services=[]), "services"),
        (dict(services=["massage"]), "services"),
    ],
)
def test_a_referral_explains_what_is_missing(investigator, victim, agencies, change, field):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=investigator, person=victim, data=_to(agencies, "shelter-mia", **change)
        )
    assert field in refused.value.message_dict


def test_accepting_opens_the_sent_fields_and_completing_closes_them(
    investigator, victim, agencies, shelter_worker
):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    referral = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "shelter-mia")
    )
    # Sent, not yet accepted: the shelter sees nothing.
    assert person_access(shelter_worker, victim) == Access.NONE
    assert not visible_persons(shelter_worker).filter(pk=victim.pk).exists()
    referral = services.referral_accept(actor=shelter_worker, referral=referral)
    assert person_access(shelter_worker, victim) == Access.IDENTITY
    assert decide(shelter_worker, victim).parts == frozenset({"names", "contacts"})
    assert visible_persons(shelter_worker).filter(pk=victim.pk).exists()
    # Seeing through a referral is not holding the record.
    with pytest.raises(PermissionDenied, match="through a referral"):
        person_update(
            actor=shelter_worker,
            person=victim,
            version=victim.version,
            data=PersonInput(given_name="X"),
        )
    services.referral_complete(actor=shelter_worker, referral=referral)
    assert person_access(shelter_worker, victim) == Access.NONE
    # The holder still sees everything.
    assert decide(investigator, victim).whole


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        (["withdraw"], "accept"),
        (["decline"], "accept"),
        (["accept", "complete"], "withdraw"),
        (["accept"], "decline"),
        ([], "complete"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message(
    investigator, victim, agencies, shelter_worker, steps, illegal
):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    referral = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "shelter-mia")
    )

    def do(step):
        if step == "accept":
            return services.referral_accept(actor=shelter_worker, referral=referral)
        if step == "decline":
            return services.referral_decline(
                actor=shelter_worker, referral=referral, reason="No place"
            )
        if step == "complete":
            return services.referral_complete(actor=shelter_worker, referral=referral)
        return services.referral_withdraw(actor=investigator, referral=referral)

    for step in steps:
        do(step)
    state = Referral.objects.get().state
    with pytest.raises(InvalidTransition, match="A referral that is"):
        do(illegal)
    assert Referral.objects.get().state == state


def test_only_the_receiver_answers_and_only_the_sender_withdraws(
    investigator, victim, agencies, shelter_worker, provider
):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    referral = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "shelter-mia")
    )
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=provider, referral=referral)
    with pytest.raises(PermissionDenied):
        services.referral_withdraw(actor=shelter_worker, referral=referral)
    with pytest.raises(ValidationError):
        services.referral_decline(actor=shelter_worker, referral=referral, reason=" ")
    assert Referral.objects.get().state == "sent"


def test_the_receiver_refers_on_with_no_more_than_it_was_sent(
    investigator, victim, agencies, shelter_worker, provider
):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    referral = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "shelter-mia")
    )
    # Before accepting, the shelter cannot refer the person anywhere.
    with pytest.raises(PermissionDenied):
        services.referral_send(
            actor=shelter_worker, person=victim, data=_to(agencies, "assistance-centre")
        )
    services.referral_accept(actor=shelter_worker, referral=referral)
    with pytest.raises(ValidationError, match="may not receive: Identity documents"):
        services.referral_send(
            actor=shelter_worker,
            person=victim,
            data=_to(agencies, "assistance-centre", fields=["names", "documents"]),
        )
    onward = services.referral_send(
        actor=shelter_worker,
        person=victim,
        data=_to(agencies, "assistance-centre", services=["one_time_allowance", "employment"]),
    )
    services.referral_accept(actor=provider, referral=onward)
    assert decide(provider, victim).parts == frozenset({"names", "contacts"})


def test_the_receivers_page_shows_only_what_was_sent(
    investigator, victim, agencies, shelter_worker
):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    referral = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "shelter-mia", fields=["names"])
    )
    client = log_in(Client(), shelter_worker)
    assert client.get(victim.get_absolute_url()).status_code == 403
    services.referral_accept(actor=shelter_worker, referral=referral)
    response = client.post(
        f"/cases/persons/{victim.pk}/identity/", {"purpose": "assistance", "note": ""}
    )
    assert response.status_code == 302
    page = client.get(victim.get_absolute_url()).content.decode()
    assert "Məmmədova" in page and "Leyla" in page
    assert "AA 1234567" not in page and "123 45 67" not in page  # documents, phone not sent
    assert "Qara Qarayev" not in page  # nor the address
    assert "You see what was referred to your agency" in page
    assert f"/cases/persons/{victim.pk}/edit/" not in page and "<h2>Criminal cases" not in page
    assert client.get(f"/cases/persons/{victim.pk}/edit/").status_code == 403


def test_a_second_open_referral_to_the_same_agency_is_refused(investigator, victim, agencies):
    from django.db import IntegrityError, transaction

    services.consent_record(actor=investigator, person=victim, purpose="referral")
    first = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "shelter-mia")
    )
    with pytest.raises(ValidationError) as refused:
        services.referral_send(actor=investigator, person=victim, data=_to(agencies, "shelter-mia"))
    assert refused.value.message_dict["to_agency"] == [
        "This person already has an open referral to this agency: wait for its answer, or "
        "withdraw it first."
    ]
    assert Referral.objects.count() == 1
    # Two at once: the database refuses the twin.
    twin = Referral.objects.with_sealed().get(pk=first.pk)
    twin.pk = None
    twin._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # Once withdrawn, the person may be referred there again.
    services.referral_withdraw(actor=investigator, referral=first)
    services.referral_send(actor=investigator, person=victim, data=_to(agencies, "shelter-mia"))
    assert Referral.objects.count() == 2


def test_a_step_at_an_old_version_is_refused_saying_who_took_the_one_since(
    investigator, shelter_worker, victim, agencies
):
    services.consent_record(actor=investigator, person=victim, purpose="referral")
    referral = services.referral_send(
        actor=investigator, person=victim, data=_to(agencies, "shelter-mia")
    )
    assert referral.version == 1
    services.referral_step(actor=shelter_worker, referral=referral, step="accept", version=1)
    with pytest.raises(StaleVersion, match="made it accepted") as refused:
        services.referral_step(actor=investigator, referral=referral, step="withdraw", version=1)
    assert (shelter_worker.get_full_name() or shelter_worker.username) in str(refused.value)
    referral.refresh_from_db()
    assert referral.state == "accepted" and referral.version == 2
    # The sender lists it among those it sent, the receiver among those it received.
    assert list(selectors.referral_rows(investigator, direction="sent")) == [referral]
    assert not selectors.referral_rows(investigator, direction="received").exists()
    assert list(selectors.referral_rows(shelter_worker, state="accepted")) == [referral]
    with pytest.raises(ValidationError, match="Unknown step"):
        services.referral_step(actor=shelter_worker, referral=referral, step="forget")
