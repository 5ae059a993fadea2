"""The retention procedure erases a person with everything that hangs on them, in one
transaction, whatever the referral mechanism recorded about them (issue 10)."""

import datetime

from django.apps import apps

from ctis.audit.models import AuditEntry
from ctis.cases import services as cases
from ctis.cases.access import access_person
from ctis.cases.identity import IdentityWindow
from ctis.cases.models import Person
from ctis.cases.services import VictimInput
from ctis.nrm import services as nrm
from ctis.nrm.services import ActionInput
from tests import factories as f
from tests.cases.conftest import person_data
from tests.nrm.test_screening import PRESUMED


def _hanging(pk) -> dict[str, int]:
    """Rows of every model with a ``person`` key, by model, for the person ``pk``."""
    return {
        model._meta.label: model.objects.filter(person_id=pk).count()
        for model in apps.get_models()
        if any(
            getattr(field, "related_model", None) is Person and field.name == "person"
            for field in model._meta.get_fields()
        )
    }


def test_a_person_with_every_kind_of_record_is_erased(
    officer, investigator, shelter_worker, supervisor, admin, agencies, countries, test_set
):
    person = f.PersonFactory(actor=officer, data=person_data(countries))
    cases.victim_profile_save(
        actor=officer, person=person, data=VictimInput(identified_on=datetime.date(2024, 5, 2))
    )
    f.ScreeningFactory(actor=officer, person=person, indicator_set=test_set, codes=PRESUMED)
    notification = f.NotificationFactory(actor=officer, person=person)
    nrm.notification_receive(actor=investigator, notification=notification)
    consent = nrm.consent_record(actor=officer, person=person, purpose="referral")
    referral = f.ReferralFactory(actor=officer, person=person, consent=False, accept=shelter_worker)
    assert referral.consent == consent  # the referral rests on the consent (RESTRICT)
    f.StayFactory(actor=shelter_worker, person=person)
    f.ServiceDeliveryFactory(actor=shelter_worker, person=person)
    nrm.support_plan_create(
        actor=shelter_worker,
        person=person,
        objectives="Independent living",
        actions=[
            ActionInput(
                action="Course",
                responsible=agencies["assistance-centre"],
                due_on=datetime.date.today() + datetime.timedelta(days=10),
            )
        ],
    )
    f.AbroadCaseFactory(actor=officer, person=person)
    access_person(officer, person.pk, "assistance", window=IdentityWindow({}))
    cases.break_glass_open(
        actor=supervisor, person=person, reason="A child at risk, the holder cannot be reached"
    )
    pk = person.pk
    before = _hanging(pk)
    assert sum(1 for count in before.values() if count) >= 14, before

    cases.person_erase(actor=admin, person=person, reason="Retention period of ten years ended")

    assert not Person.objects.filter(pk=pk).exists()
    left = _hanging(pk)
    assert not any(left.values()), left
    assert AuditEntry.objects.filter(action="cases.person.erase", object_id=str(pk)).exists()
