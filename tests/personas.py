"""The people the tests act as, and the one way they log in.

Each persona has the agency and roles its namesake among the demonstration users has
(``ctis setup --demo``), so a test reads like the walk a user would take: the
investigator of the police unit, the reporter of the migration service, the shelter
worker. tests/conftest.py makes a fixture of each (``investigator``, ``shelter_worker``,
…); ``log_in(client, user)`` logs any user in through the real forms, passing the second
factor where the user's roles require it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from django.test import Client
from django.utils import timezone

from ctis.accounts.models import User
from ctis.accounts.roles import Role

PASSWORD = "correct-horse-battery-9"


@dataclass(frozen=True)
class Persona:
    username: str
    agency: str  # agency code
    roles: tuple[str, ...]


# fixture name -> persona, as in the demonstration users (username, agency, roles)
PERSONAS: dict[str, Persona] = {
    "admin": Persona("admin", "mia", (Role.SYSTEM_ADMINISTRATOR,)),
    "coordinator": Persona("coordinator", "national-coordinator", (Role.COORDINATOR,)),
    "reporter": Persona("reporter", "sms", (Role.AGENCY_REPORTER,)),
    "head": Persona("head", "sms", (Role.AGENCY_HEAD,)),
    "labour_reporter": Persona("reporter-labour", "mlspp", (Role.AGENCY_REPORTER,)),
    "labour_head": Persona("head-labour", "mlspp", (Role.AGENCY_HEAD,)),
    "investigator": Persona("investigator", "mia-ctd", (Role.POLICE_INVESTIGATOR,)),
    "supervisor": Persona("supervisor", "mia-ctd", (Role.POLICE_SUPERVISOR,)),
    "provider": Persona("provider", "assistance-centre", (Role.SERVICE_PROVIDER,)),
    "shelter_worker": Persona("shelter", "shelter-mia", (Role.SERVICE_PROVIDER,)),
    "officer": Persona("border", "sms", (Role.FRONTLINE_OFFICER,)),
    "hotline_operator": Persona("hotline", "mia-ctd", (Role.HOTLINE_OPERATOR,)),
    "hotline_supervisor": Persona("hotline-supervisor", "mia-ctd", (Role.HOTLINE_SUPERVISOR,)),
    "analyst": Persona("analyst", "national-coordinator", (Role.ANALYST,)),
    "auditor": Persona("auditor", "mia", (Role.AUDITOR,)),
    "monitoring_officer": Persona("monitoring", "mia-ctd", (Role.MONITORING_OFFICER,)),
}


def enrol(user: User) -> str:
    """Give the user a confirmed authenticator secret, as if they had set it up."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    return user.totp_secret


def log_in(client: Client, user: User, password: str = PASSWORD) -> Client:
    """Log the user in through the log-in form (lockout rules apply) and, if the user has
    or must have a second factor, through the code form too; pages come in English.

    A user whose roles require two-factor authentication is enrolled first, as if they had
    set up their authenticator; a test of enrolment itself posts the forms on its own.
    """
    client.cookies["ctis_language"] = "en"
    if user.two_factor_required() and not user.has_totp:
        enrol(user)
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:500]
    if user.has_totp:
        assert response.url == "/accounts/login/code/", response.url
        code = pyotp.TOTP(user.totp_secret).now()
        response = client.post("/accounts/login/code/", {"code": code})
        assert response.status_code == 302, response.content[:500]
        assert response.url != "/accounts/login/", "the code was refused"
    return client
