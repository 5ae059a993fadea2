"""Twenty identical submissions of a form at the same moment, through the real views (issue 10).

Each scenario logs twenty clients in, releases them together on a barrier and counts what
was saved and what each was told. ``unique_key_races()`` runs every scenario and returns
plain data, so that the PostgreSQL test runs it in the suite's own process and the SQLite
test runs it in a process of its own on a database file (the suite's in-memory SQLite has
one connection, which threads cannot share).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection
from django.test import Client

from ctis.accounts.models import Agency, User
from ctis.cases.models import CriminalCase, CriminalCodeArticle
from ctis.plan.models import ReportingPeriod
from tests.factories import UserFactory
from tests.personas import PERSONAS, log_in

T = TypeVar("T")
TWENTY = 20
GOOD_PASSWORD = "Qaranquş-uçur-2024"
SESSIONS: dict[int, dict[str, str]] = {}  # user -> the cookies of their one log-in


@dataclass
class Outcome:
    records: int
    statuses: list[int]
    told: int  # answers that showed the form again with the expected message

    def as_dict(self) -> dict:
        return {"records": self.records, "statuses": sorted(self.statuses), "told": self.told}


def persona(name: str) -> User:
    p = PERSONAS[name]
    found = User.objects.filter(username=p.username).first()
    return found or UserFactory(
        username=p.username, roles=list(p.roles), agency=Agency.objects.get(code=p.agency)
    )


def at_once(calls: list[Callable[[], T]]) -> list[T | BaseException]:
    """Run the calls in threads of their own, released together on a barrier; each result,
    or the exception it raised, in the calls' order. Each thread closes its connection."""
    barrier = threading.Barrier(len(calls))
    results: list[T | BaseException] = [RuntimeError("not run")] * len(calls)

    def run(n: int) -> None:
        try:
            barrier.wait()
            results[n] = calls[n]()
        except BaseException as error:  # kept for the caller to count or show
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _says(response, message: str | tuple[str, ...]) -> bool:
    text = response.content.decode()
    return any(m in text for m in ((message,) if isinstance(message, str) else message))


def fire(
    user: User, url: str, data: dict, *, message: str | tuple[str, ...], count: Callable[[], int]
) -> Outcome:
    """POST ``data`` to ``url`` from twenty clients of ``user`` at once."""
    # One log-in (a second factor's code is good once), its session shared by twenty clients.
    if user.pk not in SESSIONS:
        SESSIONS[user.pk] = {k: m.value for k, m in log_in(Client(), user).cookies.items()}
    clients = [Client() for _ in range(TWENTY)]
    for client in clients:
        client.cookies.load(SESSIONS[user.pk])
    responses = at_once([lambda c=c: c.post(url, data) for c in clients])
    statuses, told = [], []
    for response in responses:
        if isinstance(response, BaseException):  # a server error: counted as a 500
            print("error", type(response).__name__, response)
            statuses.append(500)
            told.append(False)
        else:
            statuses.append(response.status_code)
            told.append(response.status_code == 200 and _says(response, message))
    return Outcome(records=count(), statuses=statuses, told=sum(told))


def fire_each(
    user: User,
    posts: list[tuple[str, dict]],
    *,
    message: str | tuple[str, ...],
    count: Callable[[], int],
) -> Outcome:
    """POST each ``(url, data)`` from a client of ``user``, all at once: twenty records
    changed to the same unique value by twenty people at the same moment."""
    if user.pk not in SESSIONS:
        SESSIONS[user.pk] = {k: m.value for k, m in log_in(Client(), user).cookies.items()}
    clients = [Client() for _ in posts]
    for client in clients:
        client.cookies.load(SESSIONS[user.pk])
    calls = [lambda c=c, p=p: c.post(*p) for c, p in zip(clients, posts, strict=True)]
    statuses, told = [], []
    for response in at_once(calls):
        if isinstance(response, BaseException):
            print("error", type(response).__name__, response)
            statuses.append(500)
            told.append(False)
        else:
            statuses.append(response.status_code)
            told.append(response.status_code == 200 and _says(response, message))
    return Outcome(records=count(), statuses=statuses, told=sum(told))


def case_number_changed() -> Outcome:
    """Twenty cases given the same new number at once: one keeps it."""
    from tests.factories import CriminalCaseFactory

    user = persona("investigator")
    article = CriminalCodeArticle.objects.get(code="144-1").pk
    cases = [CriminalCaseFactory(actor=user) for _ in range(TWENTY)]
    number = "2024/144-1/SAME"
    posts = [
        (
            f"/cases/criminal-cases/{case.pk}/edit/",
            {
                "number": number,
                "registered_on": "2024-01-01",
                "articles": [article],
                "status": case.status,
                "version": case.version,
            },
        )
        for case in cases
    ]
    return fire_each(
        user,
        posts,
        message="already registered a case with this number",
        count=lambda: CriminalCase.objects.filter(number=number).count(),
    )


def section_number_changed() -> Outcome:
    """Twenty sections of a plan renumbered to the same number at once: one takes it."""
    from ctis.plan.models import Section
    from ctis.plan.services import sections
    from tests.factories import ActionPlanFactory

    user = persona("coordinator")
    plan = ActionPlanFactory(actor=user)
    made = [
        sections.section_create(actor=user, plan=plan, number=str(n + 1), title=f"Bölmə {n}")
        for n in range(TWENTY)
    ]
    places = list(plan.sections.order_by("position", "id").values_list("pk", flat=True))
    posts = [
        (
            f"/plan/sections/{section.pk}/edit/",
            {
                "number": "99",
                "title": section.title,
                "place": places.index(section.pk) + 1,
                "version": section.version,
            },
        )
        for section in made
    ]
    return fire_each(
        user,
        posts,
        message="Section 99 already exists in this plan",
        count=lambda: Section.objects.filter(plan=plan, number="99").count(),
    )


def plan_title_changed() -> Outcome:
    """Twenty plans of the same years given the same title at once: one takes it."""
    from ctis.plan.models import ActionPlan
    from tests.factories import ActionPlanFactory

    user = persona("coordinator")
    plans = [
        ActionPlanFactory(actor=user, title=f"Plan {n}", year_from=2060, year_to=2064)
        for n in range(TWENTY)
    ]
    title = "Eyni adlı plan"
    posts = [
        (
            f"/plan/plans/{plan.pk}/edit/",
            {
                "title": title,
                "title_en": "",
                "title_ru": "",
                "order_number": "",
                "order_date": "",
                "year_from": 2060,
                "year_to": 2064,
                "version": plan.version,
            },
        )
        for plan in plans
    ]
    return fire_each(
        user,
        posts,
        message="A plan with this title and period already exists.",
        count=lambda: ActionPlan.objects.filter(title=title).count(),
    )


def referral_twins() -> Outcome:
    """Twenty referrals of one person to one agency at once: one is sent."""
    from ctis.nrm.models import Referral
    from tests.factories import ConsentFactory

    user = persona("investigator")
    person = ConsentFactory(actor=user).person
    if user.pk not in SESSIONS:
        SESSIONS[user.pk] = {k: m.value for k, m in log_in(Client(), user).cookies.items()}
    opener = Client()
    opener.cookies.load(SESSIONS[user.pk])
    opener.post(f"/cases/persons/{person.pk}/identity/", {"purpose": "assistance"})
    SESSIONS[user.pk] = {k: m.value for k, m in opener.cookies.items()}
    to = Agency.objects.get(code="shelter-mia")
    data = {
        "to": to.pk,
        "reason": "Needs a safe place",
        "services": ["shelter"],
        "parts": ["names"],
    }
    return fire_each(
        user,
        [(f"/nrm/persons/{person.pk}/refer/", data)] * TWENTY,
        message="This person already has an open referral to this agency",
        count=lambda: Referral.objects.filter(person=person, to_agency=to).count(),
    )


def case_number() -> Outcome:
    number = "2024/144-1/2020"
    data = {
        "number": number,
        "registered_on": "2024-05-10",
        "articles": [CriminalCodeArticle.objects.get(code="144-1").pk],
        "status": "UnderInvestigation",
    }
    return fire(
        persona("investigator"),
        "/cases/criminal-cases/new/",
        data,
        message="already registered a case with this number",
        count=lambda: CriminalCase.objects.filter(number=number).count(),
    )


def username() -> Outcome:
    data = {
        "username": "parallel.user",
        "last_name": "Əliyeva",
        "first_name": "Nərmin",
        "agency": Agency.objects.get(code="sms").pk,
        "roles": ["analyst"],
        "password": GOOD_PASSWORD,
        "password_confirm": GOOD_PASSWORD,
    }
    return fire(
        persona("admin"),
        "/accounts/users/new/",
        data,
        message="A user with that username already exists.",
        count=lambda: User.objects.filter(username="parallel.user").count(),
    )


def agency_code() -> Outcome:
    data = {
        "code": "parallel-ngo",
        "kind": "ngo",
        "name_az": "Paralel İctimai Birliyi",
        "plan_names": "",
        "is_active": "on",
    }
    return fire(
        persona("admin"),
        "/accounts/agencies/new/",
        data,
        # Code and name are both unique and the twins share both: full_clean's two SELECTs may
        # straddle the first twin's commit, and then only the name is named. Either is clear.
        message=(
            "Agency with this Code already exists.",
            "Agency with this Name (Azerbaijani) already exists.",
        ),
        count=lambda: Agency.objects.filter(code="parallel-ngo").count(),
    )


def reporting_year() -> Outcome:
    from ctis.plan.selectors import current_plan

    plan = current_plan()
    assert plan is not None
    year = plan.year_from
    return fire(
        persona("coordinator"),
        "/plan/periods/",
        {"year": year, "due_date": datetime.date(year + 1, 1, 15).isoformat()},
        message="A reporting period for %d already exists." % year,
        count=lambda: ReportingPeriod.objects.filter(plan=plan, year=year).count(),
    )


SCENARIOS = {
    "case number": case_number,
    "username": username,
    "agency code": agency_code,
    "reporting year": reporting_year,
    "case number changed": case_number_changed,
    "section number changed": section_number_changed,
    "plan title changed": plan_title_changed,
    "referral twins": referral_twins,
}


def unique_key_races() -> dict[str, dict]:
    SESSIONS.clear()
    return {name: scenario().as_dict() for name, scenario in SCENARIOS.items()}
