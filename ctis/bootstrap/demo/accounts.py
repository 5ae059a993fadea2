"""Demonstration data for the accounts app: one user per role, all with the password
``DEMO_PASSWORD``, made through ``user_create`` as an administrator would."""

from __future__ import annotations

from ctis.accounts.models import Agency, User
from ctis.accounts.roles import Role
from ctis.accounts.services import user_create, user_update

DEMO_PASSWORD = "ctis-demo-2021"
DEMO_EMAIL_DOMAIN = "demo.ctis.example"
# username, first name, last name, agency code, roles
DEMO_USERS = [
    ("admin", "Elvin", "Quliyev", "mia", [Role.SYSTEM_ADMINISTRATOR]),
    ("coordinator", "Leyla", "Məmmədova", "national-coordinator", [Role.COORDINATOR]),
    ("reporter", "Aynur", "Həsənova", "sms", [Role.AGENCY_REPORTER]),
    ("head", "Rauf", "İsmayılov", "sms", [Role.AGENCY_HEAD]),
    ("reporter-labour", "Nigar", "Əliyeva", "mlspp", [Role.AGENCY_REPORTER]),
    ("head-labour", "Kamran", "Babayev", "mlspp", [Role.AGENCY_HEAD]),
    ("investigator", "Tural", "Hüseynov", "mia-ctd", [Role.POLICE_INVESTIGATOR]),
    ("supervisor", "Səbinə", "Rzayeva", "mia-ctd", [Role.POLICE_SUPERVISOR]),
    ("provider", "Günay", "Kərimova", "assistance-centre", [Role.SERVICE_PROVIDER]),
    ("shelter", "Lalə", "Nəbiyeva", "shelter-mia", [Role.SERVICE_PROVIDER]),
    ("border", "Elnur", "Cəfərov", "sms", [Role.FRONTLINE_OFFICER]),
    ("hotline", "Orxan", "Nəsirov", "mia-ctd", [Role.HOTLINE_OPERATOR]),
    ("hotline-supervisor", "Nərmin", "Axundova", "mia-ctd", [Role.HOTLINE_SUPERVISOR]),
    ("analyst", "Fidan", "Səfərova", "national-coordinator", [Role.ANALYST]),
    ("auditor", "Vüqar", "Abbasov", "mia", [Role.AUDITOR]),
    ("monitoring", "Nərmin", "Vəliyeva", "mia-ctd", [Role.MONITORING_OFFICER]),
]


def demo_users() -> dict[str, User]:
    """The demonstration users by user name, made the first time."""
    users = {}
    for username, first, last, agency_code, roles in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                roles=[r.value for r in roles],
                first_name=first,
                last_name=last,
                agency=Agency.objects.get(code=agency_code),
            )
        users[username] = user
    return users


def demo_emails(users: dict[str, User]) -> None:
    """Give each demonstration user without one an e-mail address (``<user>@demo.ctis.example``),
    so that their alerts go out by e-mail, printed by the console backend; set after the
    demonstration data, whose own alerts stay in the alert centre."""
    admin = users["admin"]
    for username, user in users.items():
        if not user.email:
            users[username] = user_update(
                actor=admin, user=user, email=f"{username}@{DEMO_EMAIL_DOMAIN}"
            )
