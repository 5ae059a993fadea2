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


def fire(user: User, url: str, data: dict, *, message: str, count: Callable[[], int]) -> Outcome:
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
            told.append(response.status_code == 200 and message in response.content.decode())
    return Outcome(records=count(), statuses=statuses, told=sum(told))


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
        message="Agency with this Code already exists.",
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
}


def unique_key_races() -> dict[str, dict]:
    SESSIONS.clear()
    return {name: scenario().as_dict() for name, scenario in SCENARIOS.items()}
