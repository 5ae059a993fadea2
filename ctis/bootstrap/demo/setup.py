"""``ctis setup --demo`` (used by ``make run``): the demonstration users, the 2021
reporting period with reports in every state, and, while the unified database is empty,
``DEMO_PERSONS`` synthetic persons with their criminal cases (also ``ctis demo --persons
N``) and two persons on the referral path, all made through the services a person would
use."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ctis.bootstrap.demo.accounts import DEMO_PASSWORD, DEMO_USERS, demo_emails, demo_users
from ctis.bootstrap.demo.cases import demo_persons
from ctis.bootstrap.demo.hotline import demo_hotline
from ctis.bootstrap.demo.monitoring import demo_monitoring
from ctis.bootstrap.demo.nrm import demo_facilities, demo_referral_path
from ctis.bootstrap.demo.outreach import demo_events
from ctis.bootstrap.demo.plan import demo_reporting
from ctis.bootstrap.demo.stats import demo_publications
from ctis.cases.models import Person

DEMO_PERSONS = 300


@transaction.atomic
def demo_setup() -> list[str]:
    lines = []
    users = demo_users()
    demo_reporting(users)
    demo_facilities(users["admin"])  # before the persons: their history of assistance
    persons = _demo_persons()
    demo_referral_path(users)
    demo_hotline(users)
    demo_monitoring(users)
    demo_emails(users)
    demo_events(users)
    demo_publications(users)
    lines.append("")
    lines.append(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
    rows = [
        (username, ", ".join(str(r.label) for r in roles), agency_code)
        for username, _first, _last, agency_code, roles in DEMO_USERS
    ]
    name_width = max(len(row[0]) for row in rows)
    role_width = max(len(row[1]) for row in rows)
    for username, roles, agency_code in rows:
        lines.append(f"  {username:{name_width}}  {roles:{role_width}}  {agency_code}")
    lines.append("")
    lines.append(_("Alerts reach the users in the alert centre; their e-mails are printed here."))
    if persons:
        lines.append("")
        lines.append(
            ngettext(
                "Unified database: %(count)d demonstration person.",
                "Unified database: %(count)d demonstration persons.",
                persons,
            )
            % {"count": persons}
        )
    return lines


def _demo_persons() -> int:
    """Fill an empty unified database with synthetic persons, so the demonstration has
    records to list, search and count; returns how many were added."""
    if Person.objects.exists():
        return 0
    return demo_persons(count=DEMO_PERSONS)["persons"]
