"""The forms that create a record, each as a scenario for the one-time form token tests
(issue 10): who submits it, the page that shows it (and so its ``{% form_token %}``), where
it posts, what it posts and how many records of its kind there are.

A scenario builds its own records through the factories, so the same scenarios run in the
suite's process (``tests/core/test_form_tokens.py``: a double submission) and in a process
of its own on a SQLite file or on PostgreSQL (``token_races``: twenty at once).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ctis.accounts.models import Agency, User
from ctis.cases import services as cases_services
from ctis.cases.models import (
    BreakGlassGrant,
    CaseParticipant,
    Crime,
    CriminalCase,
    CriminalCodeArticle,
    CriminalGroup,
    Person,
    TraffickingEvent,
    WantedChange,
)
from ctis.core.formtokens import FIELD
from ctis.nrm.models import (
    AbroadCase,
    Consent,
    Facility,
    Notification,
    Referral,
    ServiceDelivery,
    Stay,
    SupportPlan,
)
from ctis.plan.models import ActionPlan, ReportAttachment, ReportingPeriod, Section
from tests import factories
from tests.core import parallel
from tests.personas import log_in


@dataclass
class Form:
    user: User
    page: str  # the page that shows the form
    action: str  # where it posts
    data: dict
    count: Callable[[], int]
    opened: list[str] = field(default_factory=list)  # persons whose identity is opened first
    upload: Callable[[], SimpleUploadedFile] | None = None


def today() -> str:
    return timezone.localdate().isoformat()


def token_of(page: str, action: str) -> str:
    """The form key of the form on ``page`` that posts to ``action`` (or to its own page)."""
    for form in re.findall(r"<form\b[^>]*>.*?</form>", page, flags=re.S):
        head = form[: form.index(">")]
        target = re.search(r'action="([^"]*)"', head)
        if target is None or target.group(1) == action:
            found = re.search(r'name="%s" value="([^"]+)"' % FIELD, form)
            if found:
                return found.group(1)
    raise AssertionError(f"no form token in the form posting to {action}")


def client_of(form: Form, *, shared: bool = False) -> Client:
    """A client of the form's user, with the identities it needs open; ``shared``: on the
    user's one log-in of the run (a second factor's code is good once)."""
    if shared:
        if form.user.pk not in parallel.SESSIONS:
            cookies = log_in(Client(), form.user).cookies.items()
            parallel.SESSIONS[form.user.pk] = {k: m.value for k, m in cookies}
        client = Client()
        client.cookies.load(parallel.SESSIONS[form.user.pk])
    else:
        client = log_in(Client(), form.user)
    for pk in form.opened:
        client.post(f"/cases/persons/{pk}/identity/", {"purpose": "assistance"})
    return client


def _person(actor: User) -> Person:
    return factories.PersonFactory(actor=actor)


def person() -> Form:
    data = {
        "role": "victim",
        "given_name": "Tokenə",
        "family_name": "Təkrarova",
        "sex": "Feminine",
        "birth_year": "1991",
        "citizenships": ["AZ"],
    }
    return Form(
        parallel.persona("investigator"),
        "/cases/persons/new/",
        "/cases/persons/new/",
        data,
        Person.objects.count,
    )


def event() -> Form:
    user = parallel.persona("investigator")
    victim = factories.VictimFactory(actor=user)
    url = f"/cases/persons/{victim.pk}/events/new/"
    data = {"kind": "Exploitation", "country": "TR", "place": "Antalya", "started_on": "2023-05-01"}
    return Form(user, url, url, data, TraffickingEvent.objects.count, opened=[victim.pk])


def break_glass() -> Form:
    held = _person(parallel.persona("provider"))
    url = f"/cases/persons/{held.pk}/break-glass/"
    data = {"reason": "Child reported missing by the school; checking the family record now."}
    page = held.get_absolute_url()
    return Form(parallel.persona("supervisor"), page, url, data, BreakGlassGrant.objects.count)


def consent() -> Form:
    user = parallel.persona("investigator")
    subject = _person(user)
    url = f"/nrm/persons/{subject.pk}/consents/"
    data = {"purpose": "referral", "given_on": today()}
    return Form(
        user, subject.get_absolute_url(), url, data, Consent.objects.count, opened=[subject.pk]
    )


def referral() -> Form:
    user = parallel.persona("investigator")
    subject = factories.ConsentFactory(actor=user).person
    to = Agency.objects.get(code="shelter-mia").pk
    url = f"/nrm/persons/{subject.pk}/refer/"
    data = {"to": to, "reason": "Needs a safe place", "services": ["shelter"], "parts": ["names"]}
    return Form(user, f"{url}?to={to}", url, data, Referral.objects.count, opened=[subject.pk])


def notification() -> Form:
    user = parallel.persona("officer")
    subject = _person(user)
    url = f"/nrm/persons/{subject.pk}/notify/"
    data = {"note": "Met at the border; says she was promised work abroad.", "confirmed": "yes"}
    return Form(user, subject.get_absolute_url(), url, data, Notification.objects.count)


def stay() -> Form:
    worker = parallel.persona("shelter_worker")
    referred = factories.ReferralFactory(
        actor=parallel.persona("investigator"),
        data__to_agency=Agency.objects.get(code="shelter-mia"),
        accept=worker,
    ).person
    facility = factories.FacilityFactory(actor=parallel.persona("admin"))
    url = f"/nrm/persons/{referred.pk}/stays/"
    data = {"facility": facility.pk, "admitted_on": today()}
    return Form(
        worker, referred.get_absolute_url(), url, data, Stay.objects.count, opened=[referred.pk]
    )


def facility() -> Form:
    data = {
        "agency": Agency.objects.get(code="shelter-mia").pk,
        "name_az": "Token sığınacağı",
        "capacity": 3,
    }
    return Form(
        parallel.persona("admin"),
        "/nrm/shelters/",
        "/nrm/shelters/",
        data,
        Facility.objects.count,
    )


def case() -> Form:
    data = {
        "number": "2024/144-1/7777",
        "registered_on": "2024-05-10",
        "articles": [CriminalCodeArticle.objects.get(code="144-1").pk],
        "status": "UnderInvestigation",
    }
    url = "/cases/criminal-cases/new/"
    return Form(parallel.persona("investigator"), url, url, data, CriminalCase.objects.count)


def _period_2021(plan) -> ReportingPeriod:
    found = ReportingPeriod.objects.filter(plan=plan, year=2021).first()
    return found or factories.ReportingPeriodFactory(
        actor=parallel.persona("coordinator"), plan=plan, year=2021
    )


def attachment() -> Form:
    from ctis.plan.models import Measure
    from ctis.plan.selectors import current_plan

    reporter = parallel.persona("reporter")
    plan = current_plan()
    period = _period_2021(plan)
    report = factories.MeasureReportFactory(
        actor=reporter, period=period, measure=Measure.objects.get(plan=plan, number="4.2.1")
    )
    url = f"/plan/reports/{report.pk}/"
    return Form(
        reporter,
        url,
        url,
        {},
        ReportAttachment.objects.count,
        upload=lambda: SimpleUploadedFile(
            "hesabat.pdf", b"%PDF-1.4 test", content_type="application/pdf"
        ),
    )


def agency() -> Form:
    data = {
        "code": "token-ngo",
        "kind": "ngo",
        "name_az": "Token İctimai Birliyi",
        "plan_names": "",
        "is_active": "on",
    }
    url = "/accounts/agencies/new/"
    return Form(parallel.persona("admin"), url, url, data, Agency.objects.count)


def user() -> Form:
    data = {
        "username": "token.user",
        "last_name": "Əliyeva",
        "first_name": "Nərmin",
        "agency": Agency.objects.get(code="sms").pk,
        "roles": ["analyst"],
        "password": parallel.GOOD_PASSWORD,
        "password_confirm": parallel.GOOD_PASSWORD,
    }
    url = "/accounts/users/new/"
    return Form(parallel.persona("admin"), url, url, data, User.objects.count)


def plan() -> Form:
    data = {
        "title": "Milli Fəaliyyət Planı 2045–2049",
        "title_en": "",
        "title_ru": "",
        "order_number": "101",
        "order_date": "2025-03-01",  # an order already signed (a past date)
        "year_from": "2045",
        "year_to": "2049",
        "copy_sections_from": "",
    }
    url = "/plan/plans/new/"
    return Form(parallel.persona("coordinator"), url, url, data, ActionPlan.objects.count)


def _referred_to_the_shelter() -> tuple[User, Person]:
    worker = parallel.persona("shelter_worker")
    referred = factories.ReferralFactory(
        actor=parallel.persona("investigator"),
        data__to_agency=Agency.objects.get(code="shelter-mia"),
        accept=worker,
    ).person
    return worker, referred


def service() -> Form:
    worker, referred = _referred_to_the_shelter()
    url = f"/nrm/persons/{referred.pk}/services/"
    data = {"kind": "medical", "delivered_on": today()}
    return Form(
        worker,
        referred.get_absolute_url(),
        url,
        data,
        ServiceDelivery.objects.count,
        opened=[referred.pk],
    )


def support_plan() -> Form:
    worker, referred = _referred_to_the_shelter()
    url = f"/nrm/persons/{referred.pk}/support-plans/new/"
    data = {
        "objectives": "Safety and health",
        "action_1": "Medical check",
        "responsible_1": Agency.objects.get(code="shelter-mia").pk,
        "due_on_1": today(),
    }
    return Form(worker, url, url, data, SupportPlan.objects.count, opened=[referred.pk])


def abroad() -> Form:
    user = parallel.persona("investigator")
    subject = _person(user)
    url = f"/nrm/persons/{subject.pk}/abroad/"
    data = {"country": "AE", "situation": "Held in Dubai", "reported_on": today()}
    return Form(
        user, subject.get_absolute_url(), url, data, AbroadCase.objects.count, opened=[subject.pk]
    )


def participant() -> Form:
    user = parallel.persona("investigator")
    criminal_case = factories.CriminalCaseFactory(actor=user)
    victim = factories.VictimFactory(actor=user)
    url = f"/cases/criminal-cases/{criminal_case.pk}/persons/new/"
    data = {"person": victim.code, "role": "Victim"}
    return Form(user, url, url, data, CaseParticipant.objects.count)


def crime() -> Form:
    user = parallel.persona("investigator")
    criminal_case = factories.CriminalCaseFactory(actor=user)
    url = f"/cases/criminal-cases/{criminal_case.pk}/crimes/new/"
    data = {"article": CriminalCodeArticle.objects.get(code="144-1").pk, "registered_on": today()}
    return Form(user, url, url, data, Crime.objects.count)


def criminal_group() -> Form:
    user = parallel.persona("investigator")
    criminal_case = factories.CriminalCaseFactory(actor=user)
    url = f"/cases/criminal-cases/{criminal_case.pk}/groups/new/"
    return Form(user, url, url, {"name": "“Sahil” qrupu"}, CriminalGroup.objects.count)


def wanted_change() -> Form:
    user = parallel.persona("investigator")
    criminal_case = factories.CriminalCaseFactory(actor=user)
    suspect = factories.PersonFactory(actor=user, prefix="P")
    part = cases_services.participant_add(
        actor=user, case=criminal_case, person=suspect, role="Perpetrator", wanted="Abroad"
    )
    url = f"/cases/criminal-cases/{criminal_case.pk}/persons/{part.pk}/wanted/"
    data = {"wanted": "Caught", "on": today()}
    return Form(user, url, url, data, WantedChange.objects.count)


def section() -> Form:
    user = parallel.persona("coordinator")
    next_plan = factories.ActionPlanFactory(actor=user)
    url = f"/plan/plans/{next_plan.pk}/sections/new/"
    data = {"number": "7", "title": "Yeni bölmə"}
    return Form(user, url, url, data, Section.objects.count)


def measure() -> Form:
    from ctis.plan.models import Measure
    from ctis.plan.services import sections

    user = parallel.persona("coordinator")
    next_plan = factories.ActionPlanFactory(actor=user)
    part = sections.section_create(actor=user, plan=next_plan, number="4", title="Bölmə")
    url = f"/plan/plans/{next_plan.pk}/measures/new/"
    data = {
        "number": "4.1",
        "section": str(part.pk),
        "title": "Təlimlərin keçirilməsi",
        "deadline": "regular",
        "bodies": "Daxili İşlər Nazirliyi",
    }
    return Form(user, url, url, data, Measure.objects.count)


def period() -> Form:
    from ctis.plan.selectors import current_plan

    plan = current_plan()
    assert plan is not None
    year = plan.year_to
    data = {"year": year, "due_date": f"{year + 1}-01-15"}
    url = "/plan/periods/"
    return Form(parallel.persona("coordinator"), url, url, data, ReportingPeriod.objects.count)


def report() -> Form:
    from ctis.plan.models import Measure, MeasureReport
    from ctis.plan.selectors import current_plan

    plan = current_plan()
    period = _period_2021(plan)
    measure = (
        Measure.objects.filter(plan=plan, bodies__agency__code="sms")
        .exclude(number="4.2.1")  # the attachment's report
        .order_by("position")
        .first()
    )
    assert measure is not None
    url = f"/plan/periods/{period.pk}/measures/{measure.pk}/report/"
    data = {"status": "implemented", "narrative": "Vərəqələr paylanıb."}
    return Form(parallel.persona("reporter"), url, url, data, MeasureReport.objects.count)


def screening() -> Form:
    from ctis.nrm import services as nrm
    from ctis.nrm.models import IndicatorSet, Screening
    from tests.nrm.test_screening import PRESUMED, TEST_SET

    if not IndicatorSet.objects.filter(code=TEST_SET["code"]).exists():
        nrm.indicator_sets_import(actor=None, data={"sets": [TEST_SET]})
    indicators = IndicatorSet.objects.get(code=TEST_SET["code"]).indicators
    user = parallel.persona("officer")
    subject = _person(user)
    url = f"/nrm/persons/{subject.pk}/screen/"
    data = {
        "set": TEST_SET["code"],
        "screened_on": today(),
        "indicators": [str(indicators.get(code=code).pk) for code in PRESUMED],
    }
    return Form(user, f"{url}?set={TEST_SET['code']}", url, data, Screening.objects.count)


def hotline_contact() -> Form:
    from ctis.hotline.models import Contact, Topic

    user = parallel.persona("hotline_operator")
    topic = Topic.objects.get(code="work_abroad")
    data = {
        "identifier": "050 123 45 67",
        "topics": [topic.pk],
        "nature": "case",
        "caller_type": "at_risk",
        "channel": "phone",
        "language": "az",
        "outcome": "information",
    }
    return Form(user, "/hotline/new/", "/hotline/new/", data, Contact.objects.count)


def hotline_tip() -> Form:
    from ctis.hotline import services as hotline
    from ctis.hotline.models import Topic

    user = parallel.persona("hotline_operator")
    contact = hotline.contact_record(
        actor=user,
        data=hotline.ContactInput(
            topics=[Topic.objects.get(code="work_abroad")],
            outcome="police_tip",
            notes="A recruiter promises work in Dubai.",
        ),
    )
    url = f"/hotline/contacts/{contact.pk}/notify/"
    data = {"given_name": "Aysel", "note": "", "confirmed": "yes"}
    return Form(user, url, url, data, Notification.objects.count)


SCENARIOS: dict[str, Callable[[], Form]] = {
    "hotline contact": hotline_contact,
    "hotline tip": hotline_tip,
    "person": person,
    "event": event,
    "break-glass": break_glass,
    "consent": consent,
    "referral": referral,
    "notification": notification,
    "stay": stay,
    "facility": facility,
    "case": case,
    "attachment": attachment,
    "agency": agency,
    "user": user,
    "plan": plan,
    "service": service,
    "support plan": support_plan,
    "abroad": abroad,
    "participant": participant,
    "crime": crime,
    "criminal group": criminal_group,
    "wanted change": wanted_change,
    "section": section,
    "measure": measure,
    "period": period,
    "report": report,
    "screening": screening,
}


def post_data(form: Form, key: str) -> dict:
    data = {**form.data, FIELD: key}
    if form.upload is not None:
        data["file"] = form.upload()
    return data


def race(name: str) -> dict:
    """Twenty submissions of one scenario's form with the same key, at once."""
    form = SCENARIOS[name]()
    before = form.count()
    first = client_of(form, shared=True)
    key = token_of(first.get(form.page).content.decode(), form.action)
    cookies = {k: m.value for k, m in first.cookies.items()}
    clients = [Client() for _ in range(parallel.TWENTY)]
    for client in clients:
        client.cookies.load(cookies)
    responses = parallel.at_once(
        [lambda c=c: c.post(form.action, post_data(form, key)) for c in clients]
    )
    statuses, places = [], set()
    for response in responses:
        if isinstance(response, BaseException):
            print("error", name, type(response).__name__, response)
            statuses.append(500)
        else:
            statuses.append(response.status_code)
            places.add(response.get("Location", ""))
    return {
        "records": form.count() - before,
        "statuses": sorted(set(statuses)),
        "places": len(places),
    }


def token_races() -> dict[str, dict]:
    """Every scenario's race; the users' log-ins of ``parallel.SESSIONS`` are reused."""
    return {name: race(name) for name in SCENARIOS}


# Every view decorated with ``once``, by URL name: the scenario that submits its form, or
# why none does (a test fails for a decorated view missing here).
GUARDED: dict[str, str] = {
    "hotline:contact_new": "hotline contact",
    "hotline:contact_notify": "hotline tip",
    "cases:person_create": "person",
    "cases:event_create": "event",
    "cases:break_glass_open": "break-glass",
    "nrm:consent_create": "consent",
    "nrm:referral_create": "referral",
    "nrm:notification_create": "notification",
    "nrm:stay_admit": "stay",
    "nrm:facility_list": "facility",
    "cases:case_create": "case",
    "plan:report_detail": "attachment",
    "accounts:agency_create": "agency",
    "accounts:user_create": "user",
    "plan:plan_create": "plan",
    "nrm:service_create": "service",
    "nrm:support_plan_create": "support plan",
    "nrm:abroad_create": "abroad",
    "cases:participant_create": "participant",
    "cases:crime_create": "crime",
    "cases:group_create": "criminal group",
    "cases:participant_wanted": "wanted change",
    "plan:section_create": "section",
    "plan:measure_create": "measure",
    "plan:period_list": "period",
    "plan:report_new": "report",
    "nrm:screening_create": "screening",
    # Not submitted twice here: each saves by a key of its own as well.
    "cases:identity_open": "no scenario: an opening of the identity, one per purpose",
    "cases:child_create": "no scenario: one link per parent and child (child_link)",
    "cases:prosecution_create": "no scenario: one prosecution per accused, versioned",
    "cases:article_list": "no scenario: an article is saved by its code",
    "plan:indicator_list": "no scenario: an indicator is saved by its code",
    "plan:measure_detail": "no scenario: an agency is assigned to a measure once",
    "nrm:support_action_detail": "no scenario: a progress entry of the action",
    "nrm:support_action_progress": "no scenario: a progress entry of the action",
    "nrm:indicator_set_list": "no scenario: a set is imported by its code",
    "nrm:indicator_set_detail": "no scenario: an indicator is imported by its code",
    "api_clients:create": "no scenario: a client's name is unique in its agency",
    "imports:persons": "no scenario: a second post of the file is answered by the first",
    "imports:job_import": "no scenario: the checked file moves to the first import",
    "htcds:import": "no scenario: tests/interop/test_htcds_pages.py posts the workbook twice",
}


def outreach_event() -> Form:
    from ctis.outreach.models import Audience, Event
    from ctis.outreach.services import audiences_load_reference

    if not Audience.objects.exists():
        audiences_load_reference()
    pupils = Audience.objects.get(code="pupils")
    data = {
        "title": "Token seminar",
        "kind": "seminar",
        "starts_on": today(),
        "ends_on": today(),
        "place": "Şəki",
        "mode": "in_person",
        "participants_total": "20",
        "audiences": [str(pupils.pk)],
        f"group_{pupils.pk}_total": "20",
    }
    url = "/outreach/new/"
    return Form(parallel.persona("reporter"), url, url, data, Event.objects.count)


SCENARIOS["outreach event"] = outreach_event
GUARDED["outreach:event_create"] = "outreach event"


def monitoring_item() -> Form:
    from ctis.monitoring.models import Item
    from ctis.monitoring.services import signals_load_reference

    signals_load_reference()
    url = "/monitoring/items/new/"
    data = {
        "url": "https://example.org/ads/1",
        "platform": "facebook",
        "category": "job_abroad",
        "text": "Dubayda iş, təcrübə tələb olunmur, viza və bilet bizdən.",
    }
    return Form(parallel.persona("monitoring_officer"), url, url, data, Item.objects.count)


def monitoring_signal() -> Form:
    from ctis.monitoring.models import Signal

    url = "/monitoring/signals/new/"
    data = {
        "code": "test-signal",
        "name_az": "Sınaq",
        "name_ru": "Проба",
        "name_en": "Test",
        "weight": "0.2",
        "patterns": "sınaq ifadəsi",
    }
    return Form(parallel.persona("analyst"), url, url, data, Signal.objects.count)


SCENARIOS["monitoring item"] = monitoring_item
SCENARIOS["monitoring signal"] = monitoring_signal
GUARDED["monitoring:item_create"] = "monitoring item"
GUARDED["monitoring:signal_create"] = "monitoring signal"
