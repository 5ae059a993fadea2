"""Every URL pattern of ``ctis.urls`` opened (GET) by every persona and by an anonymous
visitor (issue 10): never a server error, and each URL opens for exactly whom its row below
says. A new URL without a row fails the test; so does a row whose URL is gone.

One set of records serves every URL (built once, through the services); the identities
are not opened with a purpose first, so pages show what the gate gives without one.

A row names who may open the page (200, or a redirect that is not to the log-in page):
``ALL`` every logged-in persona, ``POST`` nobody (the URL takes only POST: 405), else the
persona fixtures' names. Everyone else is refused: 403, 404, or for the anonymous visitor
the redirect to the log-in page.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ctis.accounts.models import Agency
from ctis.audit.models import AuditEntry
from ctis.cases import services as cases
from ctis.cases.inputs import EventInput
from ctis.core import crypto, jobs
from ctis.core.models import Country, Job
from ctis.inbox.models import Alert
from ctis.nrm import services as nrm
from ctis.nrm.models import IndicatorSet
from ctis.plan.models import Measure
from ctis.plan.selectors import current_plan
from ctis.plan.services import reporting
from ctis.plan.services.documents import document_request
from ctis.stats.models import Recommendation
from ctis.stats.services import recommendations_load_reference, report_request
from tests import factories
from tests.core import parallel
from tests.nrm.test_screening import TEST_SET
from tests.personas import PERSONAS, log_in

ALL = "ALL"
POST = "POST"
PUBLIC = "PUBLIC"  # the anonymous visitor too
TOKEN = "TOKEN"  # the API: a session is no credential, everyone is asked for a token (401)
NOBODY = ""  # refused to everyone (here: without an identity opened, or a step already taken)

EXPECTED: dict[str, str] = {
    "set_language": PUBLIC,
    "favicon": PUBLIC,
    "core:home": ALL,
    "accounts:login": PUBLIC,
    "accounts:login_code": NOBODY,
    "accounts:logout": POST,
    "accounts:two_factor_setup": ALL,
    "accounts:agency_list": ALL,
    "accounts:agency_create": "admin coordinator",
    "accounts:agency_detail": ALL,
    "accounts:agency_edit": "admin coordinator",
    "accounts:user_list": "admin",
    "accounts:user_create": "admin",
    "accounts:user_detail": "admin",
    "accounts:user_edit": "admin",
    "accounts:user_reset_password": POST,
    "accounts:user_reset_two_factor": POST,
    "accounts:user_unlock": POST,
    "audit:log": "admin auditor",
    "inbox:alert_list": ALL,
    "inbox:alert_open": POST,
    "inbox:alert_read_all": POST,
    "inbox:alert_settings": ALL,
    "audit:detail": "admin auditor",
    "plan:home": ALL,
    "plan:plan_detail": ALL,
    "plan:measure_detail": ALL,
    "plan:period_list": ALL,
    "plan:period_detail": ALL,
    "plan:period_status": POST,
    "plan:report_new": "reporter head labour_reporter labour_head",
    "plan:report_list": ALL,
    "plan:indicator_list": "coordinator",
    "plan:report_detail": "reporter head",
    "plan:report_edit": "reporter head",
    "plan:report_step": POST,
    "plan:attachment_download": "reporter head",
    "plan:agency_report_document": "coordinator reporter head analyst auditor",
    "plan:consolidated_document": POST,  # asked for by POST; the worker makes it
    "plan:document_job": "coordinator",  # the requester's own job only
    "plan:document_job_download": "coordinator",
    "stats:dashboard": "coordinator analyst",
    "stats:report_request": POST,
    "stats:report_texts": "coordinator",
    "stats:report_job": "coordinator",  # the requester's own job only
    "stats:report_job_download": "coordinator",
    "plan:plan_list": ALL,
    "plan:plan_create": "coordinator",
    "plan:plan_edit": "coordinator",
    "plan:section_create": "coordinator",
    "plan:section_edit": "coordinator",
    "plan:measure_create": "coordinator",
    "plan:measure_edit": "coordinator",
    "plan:attachment_delete": POST,
    "cases:person_list": (
        "admin coordinator investigator supervisor provider shelter_worker officer analyst auditor"
    ),
    "cases:person_create": "investigator supervisor provider shelter_worker officer",
    "cases:person_detail": (
        "admin coordinator investigator supervisor shelter_worker analyst auditor"
    ),
    "cases:identity_open": POST,
    "cases:identity_close": POST,
    "cases:person_edit": NOBODY,
    "cases:victim_edit": NOBODY,
    "cases:event_create": "investigator supervisor",
    "cases:event_delete": POST,
    "cases:child_create": "investigator supervisor",
    "cases:break_glass_open": POST,
    "cases:person_erase": "admin",
    "cases:break_glass_list": "supervisor auditor",
    "cases:break_glass_review": POST,
    "cases:article_list": "admin",
    "cases:case_list": "admin coordinator investigator supervisor analyst auditor",
    "cases:case_create": "investigator supervisor",
    "cases:case_detail": "admin coordinator investigator supervisor analyst auditor",
    "cases:case_edit": "investigator supervisor",
    "cases:participant_create": "investigator supervisor",
    "cases:participant_remove": POST,
    "cases:prosecution_create": "investigator supervisor",
    "cases:participant_wanted": "investigator supervisor",
    "cases:crime_create": "investigator supervisor",
    "cases:crime_edit": "investigator supervisor",
    "cases:crime_remove": POST,
    "cases:group_create": "investigator supervisor",
    "cases:group_link": POST,
    "cases:group_edit": "investigator supervisor",
    "cases:group_member_add": POST,
    "cases:group_member_remove": POST,
    "nrm:screening_create": "investigator supervisor shelter_worker",
    "nrm:screening_detail": "admin coordinator investigator supervisor officer analyst auditor",
    "nrm:consent_create": POST,
    "nrm:consent_withdraw": POST,
    "nrm:referral_create": "investigator supervisor shelter_worker",
    "nrm:stay_admit": POST,
    "nrm:stay_discharge": "shelter_worker",  # its own page: the day, where to, confirmed
    "nrm:service_create": POST,
    "nrm:support_plan_create": "investigator supervisor shelter_worker",
    "nrm:support_action_detail": "shelter_worker",
    "nrm:support_action_progress": POST,
    "nrm:assistance_close": POST,
    "nrm:abroad_create": POST,
    "nrm:abroad_close": POST,
    "nrm:facility_list": "admin coordinator supervisor provider shelter_worker",
    "nrm:indicator_set_list": "admin",
    "nrm:indicator_set_detail": "admin",
    "nrm:referral_list": "investigator supervisor provider shelter_worker officer",
    "nrm:referral_detail": "investigator supervisor shelter_worker",
    "nrm:notification_create": POST,
    "nrm:notification_list": "investigator supervisor provider shelter_worker officer",
    "nrm:notification_detail": "investigator supervisor officer",
    "nrm:notification_receive": POST,
    "outreach:event_list": "coordinator reporter head labour_reporter labour_head analyst",
    "outreach:event_create": "reporter head labour_reporter labour_head",
    "outreach:summary": "coordinator reporter head labour_reporter labour_head analyst",
    "outreach:event_detail": "coordinator reporter head analyst",
    "outreach:event_edit": "reporter head",
    "outreach:event_qr": "coordinator reporter head analyst",
    "outreach:event_assess": POST,
    "outreach:event_feedback_step": POST,
    "outreach:question_add": POST,
    "outreach:question_remove": POST,
    "outreach:feedback": PUBLIC,
    "outreach:feedback_before": PUBLIC,
    "stats:public": PUBLIC,
    "stats:recommendations": "coordinator analyst",
    "stats:recommendation_edit": "coordinator",
    "hotline:contact_list": "admin investigator supervisor hotline_operator hotline_supervisor",
    "hotline:contact_new": "hotline_operator hotline_supervisor",
    "hotline:caller_history": POST,
    "hotline:topic_list": "admin",
    "stats:exports": "coordinator analyst",
    "hotline:contact_detail": "investigator supervisor hotline_operator hotline_supervisor",
    "hotline:contact_notify": "hotline_operator hotline_supervisor",
    "hotline:flag_add": POST,
    "hotline:flag_lift": POST,
    "hotline:override_add": POST,
    "hotline:person_link": POST,
    "hotline:follow_up_done": POST,
}


def url_names() -> list[tuple[str, str]]:
    """(name, route) of every pattern, namespaced as ``reverse`` wants it."""

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern):
                yield namespace + (p.name or ""), prefix + str(p.pattern)

    return list(walk(get_resolver().url_patterns))


def records() -> dict[str, dict]:
    """The records whose pages are opened, and each URL's arguments."""
    who = {name: parallel.persona(name) for name in PERSONAS}
    investigator, shelter = who["investigator"], who["shelter_worker"]
    victim = factories.VictimFactory(actor=investigator)
    event = cases.event_add(
        actor=investigator,
        victim=victim.victim,
        data=EventInput(kind="Exploitation", country=Country.objects.get(code="TR")),
    )
    consent = nrm.consent_record(actor=investigator, person=victim, purpose="referral")
    referral = nrm.referral_send(
        actor=investigator,
        person=victim,
        data=factories.ReferralInputFactory(to_agency=Agency.objects.get(code="shelter-mia")),
    )
    nrm.referral_accept(actor=shelter, referral=referral)
    facility = factories.FacilityFactory(actor=who["admin"])
    stay = nrm.stay_admit(actor=shelter, person=victim, facility=facility)
    support = nrm.support_plan_create(
        actor=shelter,
        person=victim,
        objectives="Safety and health",
        actions=[
            nrm.ActionInput(
                action="Medical check",
                responsible=Agency.objects.get(code="shelter-mia"),
                due_on=timezone.localdate() + datetime.timedelta(days=7),
            )
        ],
    )
    action = support.actions.get()
    case = factories.CriminalCaseFactory(actor=investigator)
    participant = cases.participant_add(actor=investigator, case=case, person=victim, role="Victim")
    perpetrator = cases.participant_add(
        actor=investigator,
        case=case,
        person=factories.PersonFactory(actor=investigator, prefix="P"),
        role="Perpetrator",
        wanted="Abroad",
    )
    crime = factories.CrimeFactory(actor=investigator, case=case)
    group = factories.CriminalGroupFactory(actor=investigator, case=case)
    member = cases.group_member_add(
        actor=investigator, case=case, group=group, participant=perpetrator
    )
    held = factories.PersonFactory(actor=who["provider"])
    grant = cases.break_glass_open(
        actor=who["supervisor"], person=held, reason="Child reported missing by the school."
    )
    notification = factories.NotificationFactory(actor=who["officer"])
    nrm.indicator_sets_import(actor=None, data={"sets": [TEST_SET]})
    indicator_set = IndicatorSet.objects.get(code="test-adult-labour")
    screening = nrm.screening_record(
        actor=who["officer"],
        person=notification.person,
        indicator_set=indicator_set,
        codes=["dr-s1"],
    )
    abroad = factories.AbroadCaseFactory()
    plan = current_plan()
    period = factories.ReportingPeriodFactory(actor=who["coordinator"], plan=plan)
    job = document_request(actor=who["coordinator"], period=period, fmt="docx", language="az")
    Job.objects.filter(pk=job.pk).update(  # as the worker leaves it (tests/plan/test_document_jobs)
        state=Job.State.DONE, content=b"PK", size=2, file_name="report.docx"
    )
    report_job = report_request(actor=who["coordinator"], year=2020, fmt="docx", language="az")
    Job.objects.filter(pk=report_job.pk).update(
        state=Job.State.DONE, content=b"PK", size=2, file_name="annual.docx"
    )
    measure = Measure.objects.get(plan=plan, number="4.2.1")
    report = factories.MeasureReportFactory(actor=who["reporter"], period=period, measure=measure)
    attachment = reporting.report_attach(
        actor=who["reporter"],
        report=report,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    section = plan.sections.order_by("position").first()
    entry = AuditEntry.objects.order_by("-pk").first()
    alert = Alert.objects.filter(recipient=shelter).order_by("created_at").first()
    training = _outreach_training(who["reporter"])
    assert alert is not None, "the referral alerts the shelter"
    v = victim.pk
    contact, flag = hotline_records(who["hotline_operator"])
    recommendations_load_reference()
    recommendation = Recommendation.objects.order_by("pk").first()
    return {
        "stats:recommendation_edit": {"pk": recommendation.pk},
        **{
            f"hotline:{name}": {"pk": contact.pk}
            for name in (
                "contact_detail",
                "contact_notify",
                "flag_add",
                "override_add",
                "person_link",
                "follow_up_done",
            )
        },
        "hotline:flag_lift": {"pk": contact.pk, "flag_pk": flag.pk},
        "cases:person_detail": {"pk": v},
        "cases:identity_open": {"pk": v},
        "cases:identity_close": {"pk": v},
        "cases:person_edit": {"pk": v},
        "cases:victim_edit": {"pk": v},
        "cases:event_create": {"pk": v},
        "cases:event_delete": {"pk": v, "event_id": event.pk},
        "cases:child_create": {"pk": v},
        "cases:break_glass_open": {"pk": held.pk},
        "cases:person_erase": {"pk": v},
        "cases:break_glass_review": {"grant_id": grant.pk},
        "cases:case_detail": {"pk": case.pk},
        "cases:case_edit": {"pk": case.pk},
        "cases:participant_create": {"pk": case.pk},
        "cases:participant_remove": {"pk": case.pk, "participant_id": participant.pk},
        "cases:prosecution_create": {"pk": case.pk},
        "cases:participant_wanted": {"pk": case.pk, "participant_id": perpetrator.pk},
        "cases:crime_create": {"pk": case.pk},
        "cases:crime_edit": {"pk": case.pk, "crime_id": crime.pk},
        "cases:crime_remove": {"pk": case.pk, "crime_id": crime.pk},
        "cases:group_create": {"pk": case.pk},
        "cases:group_link": {"pk": case.pk},
        "cases:group_edit": {"pk": case.pk, "group_id": group.pk},
        "cases:group_member_add": {"pk": case.pk, "group_id": group.pk},
        "cases:group_member_remove": {"pk": case.pk, "group_id": group.pk, "member_id": member.pk},
        "nrm:screening_create": {"pk": v},
        "nrm:screening_detail": {"pk": screening.pk},
        "nrm:consent_create": {"pk": v},
        "nrm:consent_withdraw": {"pk": v, "consent_id": consent.pk},
        "nrm:referral_create": {"pk": v},
        "nrm:stay_admit": {"pk": v},
        "nrm:stay_discharge": {"pk": v, "stay_id": stay.pk},
        "nrm:service_create": {"pk": v},
        "nrm:support_plan_create": {"pk": v},
        "nrm:support_action_detail": {"action_id": action.pk},
        "nrm:support_action_progress": {"pk": v, "action_id": action.pk},
        "nrm:assistance_close": {"pk": v},
        "nrm:abroad_create": {"pk": v},
        "nrm:abroad_close": {"pk": abroad.person.pk, "case_id": abroad.pk},
        "nrm:indicator_set_detail": {"code": indicator_set.code},
        "nrm:referral_detail": {"pk": referral.pk},
        "nrm:notification_create": {"pk": v},
        "nrm:notification_detail": {"pk": notification.pk},
        "nrm:notification_receive": {"pk": notification.pk},
        "accounts:agency_detail": {"code": "sms"},
        "accounts:agency_edit": {"code": "sms"},
        "accounts:user_detail": {"pk": who["reporter"].pk},
        "accounts:user_edit": {"pk": who["reporter"].pk},
        "accounts:user_reset_password": {"pk": who["reporter"].pk},
        "accounts:user_reset_two_factor": {"pk": who["reporter"].pk},
        "accounts:user_unlock": {"pk": who["reporter"].pk},
        "audit:detail": {"pk": entry.pk},
        "inbox:alert_open": {"pk": alert.pk},
        "plan:plan_detail": {"pk": plan.pk},
        "plan:measure_detail": {"pk": measure.pk},
        "plan:period_detail": {"pk": period.pk},
        "plan:period_status": {"pk": period.pk},
        "plan:report_new": {"period_pk": period.pk, "measure_pk": measure.pk},
        "plan:report_detail": {"pk": report.pk},
        "plan:report_edit": {"pk": report.pk},
        "plan:report_step": {"pk": report.pk, "step": "submit"},
        "plan:attachment_download": {"pk": attachment.pk},
        "plan:agency_report_document": {"pk": period.pk, "code": "sms", "fmt": "docx"},
        "plan:consolidated_document": {"pk": period.pk, "fmt": "docx"},
        "plan:document_job": {"pk": job.pk},
        "plan:document_job_download": {"pk": job.pk},
        "stats:report_texts": {"year": 2020},
        "stats:report_job": {"pk": report_job.pk},
        "stats:report_job_download": {"pk": report_job.pk},
        "plan:plan_edit": {"pk": plan.pk},
        "plan:section_create": {"pk": plan.pk},
        "plan:section_edit": {"pk": section.pk},
        "plan:measure_create": {"pk": plan.pk},
        "plan:measure_edit": {"pk": measure.pk},
        "plan:attachment_delete": {"pk": attachment.pk},
        "outreach:event_detail": {"pk": training.pk},
        "outreach:event_edit": {"pk": training.pk},
        "outreach:event_qr": {"pk": training.pk},
        "outreach:event_assess": {"pk": training.pk},
        "outreach:event_feedback_step": {"pk": training.pk, "step": "close"},
        "outreach:question_add": {"pk": training.pk},
        "outreach:question_remove": {"pk": training.pk, "question_id": training.questions.get().pk},
        "outreach:feedback": {"token": training.token},
        "outreach:feedback_before": {"token": training.token},
    }


def _outreach_training(reporter):
    from ctis.outreach import services as outreach
    from ctis.outreach.inputs import EventInput

    outreach.audiences_load_reference()
    day = timezone.localdate()
    training = outreach.event_create(
        actor=reporter,
        data=EventInput(
            title="Matrix training",
            kind="training",
            starts_on=day,
            ends_on=day,
            place="Bakı",
            participants_total=10,
        ),
    )
    outreach.question_add(actor=reporter, event=training, statement="A", is_true=True)
    return training


def hotline_records(operator):
    """A repeat caller's tip, flagged, with a follow-up due (ctis.hotline)."""
    from ctis.hotline import services as hotline
    from ctis.hotline.models import Topic

    data = hotline.ContactInput(
        topics=[Topic.objects.get(code="work_abroad")],
        identifier="050 123 45 67",
        outcome="police_tip",
        notes="A recruiter in Dubai.",
        follow_up_on=timezone.localdate(),
    )
    contact = hotline.contact_record(actor=operator, data=data)
    flag = hotline.flag_set(
        actor=operator,
        caller=contact.caller,
        kind="at_risk",
        reason="Afraid of her employer.",
        until=timezone.localdate() + datetime.timedelta(days=30),
    )
    return contact, flag


def outcome(response) -> str:
    if response.status_code == 500:
        return "500"
    if response.status_code == 405:
        return "405"
    if response.status_code in (403, 404):
        return "no"
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    if response.status_code in (200, 302):
        return "ok"
    return str(response.status_code)


def expected_row(spec: str, who: str) -> set[str]:
    """The outcomes the row allows ``who``."""
    anonymous = who == "anonymous"
    if spec == TOKEN:
        return {"401"}
    if spec == POST:
        return {"login"} if anonymous else {"405"}
    if spec == PUBLIC or (spec == ALL and not anonymous) or who in spec.split():
        return {"ok"}
    return {"login"} if anonymous else {"no", "login"}


@pytest.mark.django_db
def test_every_url_for_every_role(agencies, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kwargs = records()
    clients = {"anonymous": Client()}
    for name in PERSONAS:
        clients[name] = log_in(Client(), parallel.persona(name))
    names = dict(url_names())
    problems, seen = [], {}
    for name in names:
        url = reverse(name, kwargs=kwargs.get(name, {}))
        row = {who: outcome(c.get(url)) for who, c in clients.items()}
        seen[name] = row
        errors = [who for who, seen_as in row.items() if seen_as == "500"]
        if errors:
            problems.append(f"{name}: a server error for {errors}")
    assert not problems, problems
    missing = {name: seen[name] for name in sorted(set(names) - set(EXPECTED))}
    assert not missing, f"URLs without an expectation (what each got): {missing}"
    gone = sorted(set(EXPECTED) - set(names))
    assert not gone, f"expectations for URLs that are gone: {gone}"
    wrong = [
        f"{name}: {who} got {row[who]}"
        for name, row in seen.items()
        for who in row
        if row[who] not in expected_row(EXPECTED[name], who)
    ]
    assert not wrong, wrong


# --- monitoring (issue 12) ------------------------------------------------------------
EXPECTED.update(
    {
        "monitoring:queue": "monitoring_officer",
        "monitoring:item_create": "monitoring_officer",
        # The item is referred to the police unit: its investigators and supervisors see it.
        "monitoring:item_detail": "monitoring_officer investigator supervisor",
        "monitoring:item_screenshot": "monitoring_officer investigator supervisor",
        "monitoring:item_step": POST,
        "monitoring:item_action": POST,
        "monitoring:item_edit": POST,
        "monitoring:signal_list": "analyst",
        "monitoring:signal_create": "analyst",
        "monitoring:signal_edit": "analyst",
    }
)
# Monitoring officers see their agency's hotline contacts (hotline.view_contacts, granted by
# ctis.monitoring.plugins), to follow a number from an advertisement to a call.
for _name in ("hotline:contact_list", "hotline:contact_detail"):
    EXPECTED[_name] += " monitoring_officer"


def monitoring_records() -> dict[str, dict]:
    from ctis.monitoring import services as monitoring
    from ctis.monitoring.inputs import ItemInput
    from tests.monitoring.conftest import RISKY, png_bytes

    officer = parallel.persona("monitoring_officer")
    monitoring.signals_load_reference()
    item = monitoring.item_create(
        actor=officer,
        data=ItemInput(
            url="https://example.org/ad",
            platform="facebook",
            category="job_abroad",
            text=RISKY,
            screenshot=SimpleUploadedFile("s.png", png_bytes(), content_type="image/png"),
        ),
    )
    monitoring.item_step(actor=officer, item=item, step="refer")
    return {
        "monitoring:item_detail": {"pk": item.pk},
        "monitoring:item_screenshot": {"pk": item.pk},
        "monitoring:item_step": {"pk": item.pk, "step": "block"},
        "monitoring:item_action": {"pk": item.pk},
        "monitoring:item_edit": {"pk": item.pk},
        "monitoring:signal_edit": {"code": "photos"},
    }


_records_before_monitoring = records


def _api_client_records() -> dict[str, dict]:
    from ctis.interop import services as interop

    client = interop.client_register(
        actor=parallel.persona("admin"),
        agency=Agency.objects.get(code="mia-ctd"),
        name="Matrix system",
        roles=["police_investigator"],
    )
    token = interop.token_issue(actor=parallel.persona("admin"), client=client).token
    return {
        "api_clients:detail": {"pk": client.pk},
        "api_clients:token_issue": {"pk": client.pk},
        "api_clients:token_revoke": {"pk": client.pk, "prefix": token.prefix},
        "api_clients:revoke": {"pk": client.pk},
    }


def _import_job() -> Job:
    """A file the investigator sent to be checked, as the worker leaves it."""
    from ctis.interop import services as interop

    job = interop.import_request(
        actor=parallel.persona("investigator"),
        kind_code="persons",
        content=b"given_name\nLeyla\n",
        commit=False,
    )
    jobs.job_started(job.pk)
    jobs.job_done(
        job.pk,
        jobs.Output(
            content=crypto.seal_bytes(b'{"kind": "persons", "rows": 1}'),
            file_name="",
            content_type="application/json",
            keep_upload=True,
        ),
    )
    return job


def records() -> dict[str, dict]:  # noqa: F811  (the rows above, and monitoring's)
    return {
        **_records_before_monitoring(),
        **monitoring_records(),
        "interop:notification": {"pk": uuid.uuid4()},
        "interop:person": {"code": "V-2020-0001"},
        "interop:hotline_contact": {"pk": uuid.uuid4()},
        "interop:monitoring_item": {"pk": uuid.uuid4()},
        "interop:monitoring_item_steps": {"pk": uuid.uuid4()},
        "interop:outreach_event": {"pk": 999_999},
        "interop:plan_report": {"pk": uuid.uuid4()},
        "interop:plan_report_submit": {"pk": uuid.uuid4()},
        "interop:case": {"pk": uuid.uuid4()},
        "interop:case_participants": {"pk": uuid.uuid4()},
        "interop:case_participant": {"pk": uuid.uuid4(), "participant_id": 1},
        "interop:case_prosecutions": {"pk": uuid.uuid4()},
        "interop:case_prosecution": {"pk": uuid.uuid4(), "code": "P-2020-0001"},
        "interop:person_events": {"code": "V-2020-0001"},
        "interop:person_event": {"code": "V-2020-0001", "event_id": 1},
        "interop:referral": {"pk": uuid.uuid4()},
        "interop:referral_steps": {"pk": uuid.uuid4()},
        "interop:screening": {"pk": uuid.uuid4()},
        "imports:template": {"kind": "persons"},
        "imports:job": {"pk": _import_job().pk},
        "imports:job_import": {"pk": uuid.uuid4()},
        "imports:job_discard": {"pk": uuid.uuid4()},
        **_api_client_records(),
    }


# --- the API (issue 14): its description is public, its resources answer tokens only ---
EXPECTED.update(
    {
        "interop:schema": PUBLIC,
        "interop:docs": PUBLIC,
        "interop:client": TOKEN,
        "interop:notifications": TOKEN,
        "interop:notification": TOKEN,
        "interop:persons": TOKEN,
        "interop:person": TOKEN,
        "interop:hotline_contacts": TOKEN,
        "interop:hotline_contact": TOKEN,
        "interop:monitoring_items": TOKEN,
        "interop:monitoring_item": TOKEN,
        "interop:monitoring_item_steps": TOKEN,
        "interop:outreach_events": TOKEN,
        "interop:outreach_event": TOKEN,
        "interop:plan_reports": TOKEN,
        "interop:plan_report": TOKEN,
        "interop:plan_report_submit": TOKEN,
        "interop:cases": TOKEN,
        "interop:case": TOKEN,
        "interop:case_participants": TOKEN,
        "interop:case_participant": TOKEN,
        "interop:case_prosecutions": TOKEN,
        "interop:case_prosecution": TOKEN,
        "interop:person_events": TOKEN,
        "interop:person_event": TOKEN,
        "interop:referrals": TOKEN,
        "interop:referral": TOKEN,
        "interop:referral_steps": TOKEN,
        "interop:screenings": TOKEN,
        "interop:screening": TOKEN,
        # The import page: whoever may enter persons one by one may import a file of them.
        "imports:persons": "investigator supervisor provider shelter_worker officer",
        "imports:template": "investigator supervisor provider shelter_worker officer",
        "imports:job": "investigator",  # the sender's own import only
        "imports:job_import": POST,
        "imports:job_discard": POST,
        # HTCDS: who reads the unified database exports what they see; who enters persons
        # imports a workbook; the menu's entry leads each to what they may do.
        "htcds:home": (
            "admin coordinator investigator supervisor provider shelter_worker officer analyst "
            "auditor"
        ),
        "htcds:export": "admin coordinator investigator supervisor analyst auditor",
        "htcds:import": "investigator supervisor provider shelter_worker officer",
        "htcds:import_done": "investigator supervisor provider shelter_worker officer",
        # The administrator's pages for agencies' systems.
        "api_clients:list": "admin",
        "api_clients:create": "admin",
        "api_clients:detail": "admin",
        "api_clients:token_issue": POST,
        "api_clients:token_revoke": POST,
        "api_clients:revoke": POST,
    }
)
