"""Shelters and centres with places, admissions and discharges, services delivered."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from ctis.cases.services import person_create
from ctis.core.errors import InvalidTransition
from ctis.nrm import selectors, services
from ctis.nrm.models import Facility, ServiceDelivery, ServiceKind, Stay
from ctis.nrm.services import ServiceInput
from tests.cases.conftest import person_data
from tests.factories import FacilityFactory, NotificationFactory, PersonFactory, ReferralFactory
from tests.personas import log_in
from tests.queries import assert_calls_constant, page

# A discharge today, home: what the tests that only need a stay closed give.
LEFT = {"discharged_on": timezone.localdate(), "destination": "home_family"}

TODAY = datetime.date.today


@pytest.fixture
def shelter(admin, agencies):
    return services.facility_save(
        actor=admin, agency=agencies["shelter-mia"], name_az="DİN sığınacağı", capacity=2
    )


def _referred(investigator, shelter_worker, agencies, countries, name="Leyla"):
    """A person the investigator referred to the police shelter, with consent; accepted.
    The referral asks for every service, so the services recorded here need no reason
    (``tests/nrm/test_rules.py`` asks for one)."""
    referral = ReferralFactory(
        actor=investigator,
        person__data__given_name=name,
        data__to_agency=agencies["shelter-mia"],
        data__reason="Shelter",
        data__services=list(ServiceKind.values),
        accept=shelter_worker,
    )
    return referral.person


def test_admit_discharge_and_occupancy(investigator, shelter_worker, agencies, countries, shelter):
    one = _referred(investigator, shelter_worker, agencies, countries, "Bir")
    two = _referred(investigator, shelter_worker, agencies, countries, "Iki")
    three = _referred(investigator, shelter_worker, agencies, countries, "Uc")
    today = timezone.localdate()
    stay = services.stay_admit(
        actor=shelter_worker,
        person=one,
        facility=shelter,
        admitted_on=today - datetime.timedelta(days=10),
    )
    services.stay_admit(actor=shelter_worker, person=two, facility=shelter)
    assert selectors.occupancy(shelter) == 2
    assert selectors.occupancy(shelter, today - datetime.timedelta(days=5)) == 1
    with pytest.raises(ValidationError, match="is full on"):
        services.stay_admit(actor=shelter_worker, person=three, facility=shelter)
    with pytest.raises(ValidationError, match="discharge them there first"):
        services.stay_admit(actor=shelter_worker, person=one, facility=shelter)
    services.stay_discharge(actor=shelter_worker, stay=stay, **LEFT)
    assert selectors.occupancy(shelter) == 1
    with pytest.raises(InvalidTransition):
        services.stay_discharge(actor=shelter_worker, stay=Stay.objects.get(pk=stay.pk), **LEFT)
    services.stay_admit(actor=shelter_worker, person=three, facility=shelter)
    assert selectors.occupancy(shelter) == 2


def test_only_the_running_agency_admits_and_only_persons_it_may_see(
    investigator, shelter_worker, agencies, countries, shelter, provider
):
    stranger = PersonFactory(actor=investigator, data__given_name="Other")
    with pytest.raises(PermissionDenied):
        services.stay_admit(actor=shelter_worker, person=stranger, facility=shelter)
    person = _referred(investigator, shelter_worker, agencies, countries)
    with pytest.raises(PermissionDenied):
        services.stay_admit(actor=provider, person=person, facility=shelter)
    assert not Stay.objects.exists()


def test_an_allowance_takes_the_rate_in_force_on_the_day(
    investigator, shelter_worker, agencies, countries
):
    person = _referred(investigator, shelter_worker, agencies, countries)
    in_2019 = services.service_record(
        actor=shelter_worker,
        person=person,
        data=ServiceInput(kind="one_time_allowance", delivered_on=datetime.date(2019, 6, 1)),
    )
    in_2021 = services.service_record(
        actor=shelter_worker,
        person=person,
        data=ServiceInput(kind="one_time_allowance", delivered_on=datetime.date(2021, 3, 1)),
    )
    assert (in_2019.amount, in_2021.amount) == (Decimal("400.00"), Decimal("700.00"))
    assert in_2021.signed_by == shelter_worker and in_2021.referral is not None
    with pytest.raises(ValidationError) as refused:
        services.service_record(
            actor=shelter_worker,
            person=person,
            data=ServiceInput(kind="one_time_allowance", delivered_on=datetime.date(2010, 1, 1)),
        )
    assert "No rate is in force" in str(refused.value)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (dict(kind="repatriation"), "certificate_number"),
        (dict(kind="medical", amount=Decimal("10")), "amount"),
        (dict(kind="massage"), "kind"),
        (dict(kind="medical", delivered_on=TODAY() + datetime.timedelta(days=3)), "delivered_on"),
        (dict(kind="monthly_allowance", amount=Decimal("-5")), "amount"),
    ],
)
def test_a_service_explains_what_is_wrong(
    investigator, shelter_worker, agencies, countries, data, field
):
    person = _referred(investigator, shelter_worker, agencies, countries)
    values = {"delivered_on": timezone.localdate(), **data}
    with pytest.raises(ValidationError) as refused:
        services.service_record(actor=shelter_worker, person=person, data=ServiceInput(**values))
    assert field in refused.value.message_dict
    assert not ServiceDelivery.objects.exists()


def test_a_repatriation_with_its_certificate(investigator, countries):
    person = person_create(actor=investigator, prefix="V", data=person_data(countries))
    done = services.service_record(
        actor=investigator,
        person=person,
        data=ServiceInput(
            kind="repatriation", delivered_on=timezone.localdate(), certificate_number="RC-0042"
        ),
    )
    assert done.certificate_number == "RC-0042" and done.amount is None


def test_shelter_pages_admit_record_and_show_occupancy(
    investigator, shelter_worker, agencies, countries, admin, coordinator, reporter
):
    admin_client = log_in(Client(), admin)
    response = admin_client.post(
        "/nrm/shelters/",
        {"agency": agencies["shelter-mia"].pk, "name_az": "DİN sığınacağı", "capacity": 1},
    )
    assert response.status_code == 302
    person = _referred(investigator, shelter_worker, agencies, countries)
    facility = Facility.objects.get()
    worker = log_in(Client(), shelter_worker)
    worker.post(f"/cases/persons/{person.pk}/identity/", {"purpose": "assistance"})
    page = worker.get(person.get_absolute_url()).content.decode()
    assert "Shelter and services" in page and "Admit" in page
    worker.post(
        f"/nrm/persons/{person.pk}/stays/",
        {"facility": facility.pk, "admitted_on": timezone.localdate().isoformat()},
    )
    worker.post(
        f"/nrm/persons/{person.pk}/services/",
        {"kind": "medical", "delivered_on": timezone.localdate().isoformat()},
    )
    refused = worker.post(
        f"/nrm/persons/{person.pk}/services/",
        {"kind": "repatriation", "delivered_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "needs the number of the return certificate" in refused.content.decode()
    page = worker.get(person.get_absolute_url()).content.decode()
    assert "staying" in page and "Medical help" in page
    listing = log_in(Client(), coordinator).get("/nrm/shelters/").content.decode()
    assert "DİN sığınacağı" in listing and "full" in listing
    assert worker.get("/nrm/shelters/").status_code == 200
    assert "Places taken" in worker.get("/").content.decode()
    assert "DİN sığınacağı: 1 of 1" in worker.get("/").content.decode()
    outsider = log_in(Client(), reporter)
    assert outsider.get("/nrm/shelters/").status_code == 403


def test_support_plan_actions_progress_and_due_list(
    investigator, shelter_worker, agencies, countries, make_user, provider
):
    from ctis.nrm.services import ActionInput

    person = _referred(investigator, shelter_worker, agencies, countries)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.support_plan_create(
            actor=shelter_worker,
            person=person,
            objectives=" ",
            actions=[ActionInput("Find a job", None, None)],
        )
    assert set(refused.value.message_dict) == {"objectives", "actions"}
    plan = services.support_plan_create(
        actor=shelter_worker,
        person=person,
        objectives="Independent living within a year",
        actions=[
            ActionInput(
                "Vocational course",
                agencies["assistance-centre"],
                today + datetime.timedelta(days=3),
                "vocational_course",
            ),
            ActionInput(
                "Medical check",
                agencies["shelter-mia"],
                today + datetime.timedelta(days=30),
                "medical",
            ),
        ],
    )
    due = list(selectors.support_actions_due(provider))
    assert [a.action for a in due] == ["Vocational course"]
    services.support_action_progress(actor=provider, action=due[0], progress="done")
    assert list(selectors.support_actions_due(provider)) == []
    outsider = make_user("ngo", "temiz-dunya", "service_provider")
    with pytest.raises(PermissionDenied):
        services.support_action_progress(
            actor=outsider, action=plan.actions.last(), progress="done"
        )


def test_closing_the_case_completes_the_referral_and_needs_a_discharge(
    investigator, shelter_worker, agencies, countries, shelter
):
    from ctis.cases.access import Access, person_access
    from ctis.nrm.models import AssistanceClosure, Referral

    person = _referred(investigator, shelter_worker, agencies, countries)
    services.stay_admit(actor=shelter_worker, person=person, facility=shelter)
    with pytest.raises(ValidationError, match="discharge them first"):
        services.assistance_close(actor=shelter_worker, person=person, reason="reintegrated")
    services.stay_discharge(actor=shelter_worker, stay=Stay.objects.get(), **LEFT)
    with pytest.raises(ValidationError) as refused:
        services.assistance_close(actor=shelter_worker, person=person, reason="other")
    assert "note" in refused.value.message_dict
    services.assistance_close(actor=shelter_worker, person=person, reason="returned_to_family")
    assert AssistanceClosure.objects.get().reason == "returned_to_family"
    assert Referral.objects.get().state == "completed"
    assert person_access(shelter_worker, person) == Access.NONE


def test_support_plan_and_closure_pages(
    investigator, shelter_worker, agencies, countries, provider
):
    person = _referred(investigator, shelter_worker, agencies, countries)
    worker = log_in(Client(), shelter_worker)
    worker.post(f"/cases/persons/{person.pk}/identity/", {"purpose": "assistance"})
    today = timezone.localdate()
    refused = worker.post(
        f"/nrm/persons/{person.pk}/support-plans/new/",
        {"objectives": "Live independently", "action_1": "Vocational course"},
    )
    assert (
        "needs what is to be done, the responsible agency and a due date"
        in refused.content.decode()
    )
    saved = worker.post(
        f"/nrm/persons/{person.pk}/support-plans/new/",
        {
            "objectives": "Live independently",
            "action_1": "Vocational course",
            "service_1": "vocational_course",
            "responsible_1": agencies["assistance-centre"].pk,
            "due_on_1": (today + datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert saved.status_code == 302
    centre = log_in(Client(), provider)
    home = centre.get("/").content.decode()
    assert "Support plan actions due" in home and "Vocational course" in home
    page = worker.get(person.get_absolute_url()).content.decode()
    assert "Vocational course" in page and "Close your agency" in page
    closed = worker.post(
        f"/nrm/persons/{person.pk}/close/",
        {"reason": "reintegrated", "closed_on": today.isoformat()},
    )
    assert closed.status_code == 302 and closed["Location"] == "/"
    assert worker.get(person.get_absolute_url()).status_code == 403


def test_the_administrator_sets_an_allowance_rate_by_date(
    admin, investigator, countries, coordinator
):
    client = log_in(Client(), admin)
    page = client.get("/nrm/shelters/").content.decode()
    assert "700.00 AZN" in page and "400.00 AZN" in page
    client.post(
        "/nrm/shelters/",
        {
            "rate": "1",
            "kind": "one_time_allowance",
            "amount": "800",
            "valid_from": "2024-01-01",
            "source": "Cabinet decision",
        },
    )
    person = person_create(actor=investigator, prefix="V", data=person_data(countries))
    paid = services.service_record(
        actor=investigator,
        person=person,
        data=ServiceInput(kind="one_time_allowance", delivered_on=datetime.date(2024, 2, 1)),
    )
    assert paid.amount == Decimal("800.00")
    coordinator = log_in(Client(), coordinator)
    assert (
        coordinator.post(
            "/nrm/shelters/",
            {"rate": "1", "kind": "one_time_allowance", "amount": "1", "valid_from": "2025-01-01"},
        ).status_code
        == 403
    )


def test_list_pages_do_not_query_more_as_rows_grow(
    investigator, shelter_worker, officer, agencies, admin, coordinator
):
    referred, notified = [], []

    def add_rows(count):
        """Shelters, each with a person referred there and admitted, and notifications."""
        for _ in range(count):
            facility = FacilityFactory(actor=admin, agency=agencies["shelter-mia"])
            referral = ReferralFactory(
                actor=investigator, data__to_agency=agencies["shelter-mia"], accept=shelter_worker
            )
            services.stay_admit(actor=shelter_worker, person=referral.person, facility=facility)
            referred.append(referral.person)
            notified.append(NotificationFactory(actor=officer).person)

    coordinator, police = log_in(Client(), coordinator), log_in(Client(), investigator)
    reads = {
        "shelters": page(coordinator, "/nrm/shelters/"),
        "referrals": page(police, "/nrm/referrals/"),
        "notifications": page(police, "/nrm/notifications/"),
        "home": page(police, "/"),
    }
    ceilings = {"shelters": 12, "referrals": 12, "notifications": 12, "home": 20}
    assert_calls_constant(reads, add_rows, ceiling=ceilings)
    assert reads["shelters"]().content.decode().count("Sığınacaq ") == 6
    referrals = reads["referrals"]().content.decode()
    assert len(referred) == 6 and all(p.code in referrals for p in referred)
    notifications = reads["notifications"]().content.decode()
    assert len(notified) == 6 and all(p.code in notifications for p in notified)


def test_a_back_dated_admission_is_refused_when_a_later_day_is_full(
    investigator, shelter_worker, agencies, countries, shelter
):
    """Issue 10: the places were counted on the admission day only, so a stay back-dated to
    before the others filled a 2-place shelter with 3 open stays."""
    one = _referred(investigator, shelter_worker, agencies, countries, "Bir")
    two = _referred(investigator, shelter_worker, agencies, countries, "Iki")
    three = _referred(investigator, shelter_worker, agencies, countries, "Uc")
    today = timezone.localdate()
    services.stay_admit(actor=shelter_worker, person=one, facility=shelter)
    services.stay_admit(
        actor=shelter_worker,
        person=two,
        facility=shelter,
        admitted_on=today - datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError) as refused:
        services.stay_admit(
            actor=shelter_worker,
            person=three,
            facility=shelter,
            admitted_on=today - datetime.timedelta(days=30),
        )
    assert refused.value.message_dict == {
        "admitted_on": [
            f"DİN sığınacağı is full on {today.isoformat()}: no place is free that day (places: 2)."
        ]
    }
    assert Stay.objects.filter(person=three).count() == 0
    assert selectors.occupancy(shelter) == 2


def test_the_message_names_the_first_full_day_of_the_stay(
    investigator, shelter_worker, agencies, countries, admin
):
    """One place; a stay from 5 days ago discharged today: a stay from 10 days ago would
    share the place 5 days ago (the day of discharge frees it)."""
    small = services.facility_save(
        actor=admin, agency=agencies["shelter-mia"], name_az="Kiçik ev", capacity=1
    )
    one = _referred(investigator, shelter_worker, agencies, countries, "Bir")
    two = _referred(investigator, shelter_worker, agencies, countries, "Iki")
    today = timezone.localdate()
    stay = services.stay_admit(
        actor=shelter_worker,
        person=one,
        facility=small,
        admitted_on=today - datetime.timedelta(days=5),
    )
    services.stay_discharge(
        actor=shelter_worker, stay=stay, discharged_on=today, destination="home_family"
    )
    first_full = today - datetime.timedelta(days=5)
    with pytest.raises(ValidationError, match=f"full on {first_full.isoformat()}"):
        services.stay_admit(
            actor=shelter_worker,
            person=two,
            facility=small,
            admitted_on=today - datetime.timedelta(days=10),
        )
    assert not Stay.objects.filter(person=two).exists()
    # From today the place is free again.
    services.stay_admit(actor=shelter_worker, person=two, facility=small, admitted_on=today)
    assert selectors.occupancy(small) == 1


def test_the_admission_form_shows_the_first_full_day_beside_the_date(
    investigator, shelter_worker, agencies, countries, admin
):
    small = services.facility_save(
        actor=admin, agency=agencies["shelter-mia"], name_az="Kiçik ev", capacity=1
    )
    one = _referred(investigator, shelter_worker, agencies, countries, "Bir")
    two = _referred(investigator, shelter_worker, agencies, countries, "Iki")
    services.stay_admit(actor=shelter_worker, person=one, facility=small)
    client = log_in(Client(), shelter_worker)
    back = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    response = client.post(
        f"/nrm/persons/{two.pk}/stays/",
        {"facility": small.pk, "admitted_on": back},
        follow=True,
    )
    assert "is full on" in response.content.decode()
    assert not Stay.objects.filter(person=two).exists()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="two admissions in two connections at once; SQLite's transactions take the write "
    "lock when they begin (IMMEDIATE), so they never overlap there",
)
@pytest.mark.django_db(transaction=True)
def test_two_admissions_at_once_do_not_both_take_the_last_place(
    investigator, shelter_worker, agencies, countries, admin
):
    from django.utils import translation

    from tests.core.parallel import at_once

    small = services.facility_save(
        actor=admin, agency=agencies["shelter-mia"], name_az="Kiçik ev", capacity=1
    )
    persons = [
        _referred(investigator, shelter_worker, agencies, countries, name)
        for name in ("Bir", "Iki")
    ]

    def admit(person):
        with translation.override("en"):  # a thread of its own starts in Azerbaijani
            return services.stay_admit(actor=shelter_worker, person=person, facility=small)

    results = at_once([lambda p=p: admit(p) for p in persons])
    outcomes = [
        " ".join(r.messages) if isinstance(r, ValidationError) else "admitted" for r in results
    ]
    assert not [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, ValidationError)
    ]
    assert outcomes.count("admitted") == 1
    assert [o for o in outcomes if o != "admitted"][0].startswith("Kiçik ev is full on")
    assert Stay.objects.filter(facility=small).count() == 1
