"""A support-plan action given to another agency: that agency sees the action, the
objective it serves and what it may see of the person, and records progress (issue 11)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ctis.nrm import services
from ctis.nrm.models import SupportAction
from ctis.nrm.services import ActionInput
from tests.factories import ReferralFactory
from tests.personas import log_in

OBJECTIVE = "Earn a living within the year"
PLAN_OBJECTIVES = "Recover from the trauma; live independently; testify safely"


@pytest.fixture
def plan(investigator, shelter_worker, agencies):
    referral = ReferralFactory(
        actor=investigator,
        person__data__given_name="Leyla",
        data__to_agency=agencies["shelter-mia"],
        data__reason="Shelter",
        accept=shelter_worker,
    )
    today = timezone.localdate()
    return services.support_plan_create(
        actor=shelter_worker,
        person=referral.person,
        objectives=PLAN_OBJECTIVES,
        actions=[
            ActionInput(
                "Vocational course",
                agencies["assistance-centre"],
                today + datetime.timedelta(days=3),
                "vocational_course",
                objective=OBJECTIVE,
            ),
            ActionInput(
                "Medical check",
                agencies["shelter-mia"],
                today + datetime.timedelta(days=30),
                "medical",
            ),
        ],
    )


def _centre_action(plan) -> SupportAction:
    return plan.actions.get(action="Vocational course")


def test_the_home_page_links_to_a_page_the_centre_may_open(plan, provider):
    centre = log_in(Client(), provider)
    action = _centre_action(plan)
    home = centre.get("/").content.decode()
    assert action.get_absolute_url() in home
    assert plan.person.get_absolute_url() not in home  # the centre may not open the person
    page = centre.get(action.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vocational course" in text and OBJECTIVE in text and plan.person.code in text
    # No more than the action needs: not the plan's other actions or objectives, no name.
    assert "Medical check" not in text and PLAN_OBJECTIVES not in text
    assert "Leyla" not in text
    assert "needs a referral" in text


def test_the_centre_records_progress_on_its_action(plan, provider):
    centre = log_in(Client(), provider)
    action = _centre_action(plan)
    response = centre.post(
        action.get_absolute_url(), {"progress": "in_progress", "note": "Enrolled on 2 May"}
    )
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    action.refresh_from_db()
    assert action.progress == "in_progress" and action.progress_note == "Enrolled on 2 May"
    assert "The progress is recorded." in centre.get(action.get_absolute_url()).content.decode()


def test_the_plans_agency_sees_the_progress_the_centre_recorded(plan, provider, shelter_worker):
    action = _centre_action(plan)
    services.support_action_progress(actor=provider, action=action, progress="done", note="OK")
    worker = log_in(Client(), shelter_worker)
    assert worker.get(action.get_absolute_url()).status_code == 200
    page = worker.get(plan.person.get_absolute_url()).content.decode()
    assert "Vocational course" in page and "OK" in page


def test_other_agencies_are_refused_alike_for_an_action_and_a_missing_one(
    plan, make_user, coordinator
):
    outsider = log_in(Client(), make_user("ngo", "temiz-dunya", "service_provider"))
    action = _centre_action(plan)
    existing = outsider.get(action.get_absolute_url())
    missing = outsider.get(f"/nrm/support-actions/{action.pk + 1000}/")
    assert existing.status_code == missing.status_code == 403
    said = "There is no such action, or it is not your agency&#x27;s."
    assert said in existing.content.decode() and said in missing.content.decode()
    posted = outsider.post(action.get_absolute_url(), {"progress": "done"})
    assert posted.status_code == 403
    action.refresh_from_db()
    assert action.progress == "not_started"


def test_after_a_referral_to_the_centre_its_action_shows_on_the_person_page(
    plan, investigator, provider, agencies
):
    ReferralFactory(
        actor=investigator,
        person=plan.person,
        data__to_agency=agencies["assistance-centre"],
        data__reason="Vocational training",
        accept=provider,
    )
    centre = log_in(Client(), provider)
    page = centre.get(plan.person.get_absolute_url()).content.decode()
    action = _centre_action(plan)
    assert "Vocational course" in page and action.get_absolute_url() in page
    assert "Medical check" not in page and PLAN_OBJECTIVES not in page
    text = centre.get(action.get_absolute_url()).content.decode()
    assert "needs a referral" not in text and plan.person.get_absolute_url() in text


def test_the_objective_is_sealed_at_rest(plan):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT objective FROM nrm_supportaction WHERE objective IS NOT NULL")
        (stored,) = cursor.fetchone()
    assert OBJECTIVE not in stored
