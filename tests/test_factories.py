"""Each factory makes its record through the app's service: the record passed the
service's validation and left the audit entry the service writes."""

import pytest

from ctis.audit.models import AuditEntry
from ctis.cases.models import Person
from ctis.plan.models import Measure, Section
from tests import factories as f
from tests.nrm.conftest import test_set  # noqa: F401  (a fixture)
from tests.nrm.test_screening import PRESUMED


def audited(action: str, record) -> bool:
    """The service wrote its entry about the record (nrm's services write it about the
    person the record concerns)."""
    about = getattr(record, "person", record) if action.startswith("nrm.") else record
    return AuditEntry.objects.filter(action=action, object_id=str(about.pk)).exists()


@pytest.mark.parametrize(
    ("factory", "action"),
    [
        (f.UserFactory, "accounts.user.create"),
        (f.AgencyFactory, "accounts.agency.create"),
        (f.PersonFactory, "cases.person.create"),
        (f.CriminalCaseFactory, "cases.case.create"),
        (f.ConsentFactory, "nrm.consent.record"),
        (f.ReferralFactory, "nrm.referral.send"),
        (f.NotificationFactory, "nrm.notification.send"),
        (f.FacilityFactory, "nrm.facility.save"),
        (f.AbroadCaseFactory, "nrm.abroad.record"),
        (f.ActionPlanFactory, "plan.plan.create"),
        (f.ReportingPeriodFactory, "plan.period.open"),
    ],
)
def test_factory_creates_through_the_service(agencies, factory, action):
    record = factory()
    assert record.pk is not None
    assert audited(action, record)


def test_a_victim_has_its_profile_from_the_same_service_call(agencies):
    victim = f.VictimFactory(data__given_name="Aysel")
    profile = Person.objects.get(pk=victim.pk).victim
    assert profile.forms == ["SexualExploitation"]
    assert audited("cases.victim.create", profile)


def test_model_factories_refuse_to_build_unsaved_records(agencies):
    with pytest.raises(TypeError, match="through their service"):
        f.PersonFactory.build()
    assert f.PersonInputFactory.build().given_name  # inputs build


def test_a_referral_accepted_stays_and_services_follow(agencies, investigator, shelter_worker):
    referral = f.ReferralFactory(actor=investigator, accept=shelter_worker)
    assert referral.state == "accepted"
    stay = f.StayFactory(
        actor=shelter_worker,
        person=referral.person,
        facility__actor=f.UserFactory(agency=agencies["mia"], roles=["system_administrator"]),
    )
    assert audited("nrm.stay.admit", stay)
    delivery = f.ServiceDeliveryFactory(actor=shelter_worker, person=referral.person)
    assert audited("nrm.service.record", delivery)


def test_screening_measure_and_report(agencies, test_set, officer, coordinator, plan, head):  # noqa: F811
    person = f.PersonFactory(actor=officer)
    screening = f.ScreeningFactory(
        actor=officer, person=person, indicator_set=test_set, codes=PRESUMED
    )
    assert audited("nrm.screening.create", screening)
    section = Section.objects.filter(plan=plan).earliest("position")
    measure = f.MeasureFactory(actor=coordinator, section=section)
    assert audited("plan.measure.create", measure)
    report = f.MeasureReportFactory(
        period=f.ReportingPeriodFactory(actor=coordinator, plan=plan),
        measure=Measure.objects.get(plan=plan, number="4.2.1"),
        submit=head,
    )
    assert audited("plan.report.create", report) and report.state == "submitted"


def test_crimes_and_groups_are_made_by_their_services(agencies):
    crime = f.CrimeFactory()
    group = f.CriminalGroupFactory()
    assert AuditEntry.objects.filter(action="cases.crime.create", object_id=str(crime.case.pk))
    assert AuditEntry.objects.filter(
        action="cases.group.create", object_id=str(group.cases.get().pk)
    ).exists()
