"""The access decision as a table: every role × every way a person can stand to the
user's agency × every part of the record, asserted in the decision, in the redacted view
and in the page's HTML.

Each row is a role with its agency (as the demo users have them); each column a
situation of one person towards that agency:

- own: entered by a colleague at the user's agency (which then holds it);
- notified: entered elsewhere and notified to the special police unit;
- accepted / declined / completed: entered elsewhere and referred to the user's agency
  with names and date of birth, then accepted, declined, or accepted and completed;
- unrelated: entered elsewhere, nothing links it to the user's agency;
- break_glass: unrelated, after the user asked for emergency access (refused to all but
  police supervisors).

A cell names the grants that open the person ("-": none, "n/a": the agency does not
receive referrals). The level and parts follow from the grants, as ADR 0008 says.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ctis.cases import services as cases
from ctis.cases.access import (
    ALL_PARTS,
    Access,
    access_person,
    decide,
    persons_seeing,
    visible_persons,
)
from ctis.cases.identity import IdentityWindow
from ctis.cases.inputs import EventInput
from ctis.cases.redacted import person_view
from ctis.cases.services import VictimInput
from ctis.nrm import services as nrm
from ctis.nrm.services import ReferralInput
from tests.cases.conftest import person_data
from tests.personas import log_in

SITUATIONS = ["own", "notified", "accepted", "declined", "completed", "unrelated", "break_glass"]

# role, agency, then one cell per situation.
TABLE = [
    (
        "police_investigator",
        "mia-ctd",
        "owner+entered",
        "notification",
        "referral",
        "-",
        "-",
        "-",
        "-",
    ),
    (
        "police_supervisor",
        "mia-ctd",
        "owner+entered",
        "notification",
        "referral",
        "-",
        "-",
        "-",
        "break_glass",
    ),
    ("hotline_operator", "mia-ctd", "-", "-", "-", "-", "-", "-", "-"),
    ("service_provider", "shelter-mia", "entered", "-", "referral", "-", "-", "-", "-"),
    ("frontline_officer", "sms", "entered", "-", "-", "-", "-", "-", "-"),
    ("agency_reporter", "sms", "-", "-", "-", "-", "-", "-", "-"),
    ("agency_head", "sms", "-", "-", "-", "-", "-", "-", "-"),
    ("coordinator", "national-coordinator", "role", "role", "n/a", "n/a", "n/a", "role", "role"),
    ("analyst", "national-coordinator", "role", "role", "n/a", "n/a", "n/a", "role", "role"),
    ("auditor", "mia", "role", "role", "n/a", "n/a", "n/a", "role", "role"),
    ("system_administrator", "mia", "role", "role", "n/a", "n/a", "n/a", "role", "role"),
]
WHOLE_GRANTS = {"owner", "entered", "notification", "break_glass"}
SENT = frozenset({"names", "birth_date"})

# What each part of the record puts in the redacted view, and on the page.
VIEW_KEYS = {
    "names": "family_name",
    "birth_date": "birth_date",
    "address": "address",
    "documents": "documents",
    "contacts": "contacts",
    "victim_profile": "victim",
    "children": "children",
}
PAGE_TEXT = {
    "names": "Məmmədova",
    "birth_date": "March 14, 1996",
    "address": "Qara Qarayev",
    "documents": "AA 1234567",
    "contacts": "+994 50 123 45 67",
    "victim_profile": "Forms of exploitation",
}
NOTES = "Stays with her aunt"  # the holder's notes: the whole record only
PLACE = "Lara sahili, Antalya"  # an event's place: sealed, shown with the identity open


def _elsewhere(agency: str) -> str:
    return "assistance-centre" if agency != "assistance-centre" else "sms"


@pytest.fixture
def clerk(make_user):
    """A service provider at an agency: enters persons there, screens, refers, receives."""
    made = {}

    def at(agency: str):
        if agency not in made:
            made[agency] = make_user(f"clerk-{agency}", agency, "service_provider")
        return made[agency]

    return at


def _enter(user, countries):
    person = cases.person_create(actor=user, prefix="V", data=person_data(countries, notes=NOTES))
    cases.victim_profile_save(
        actor=user,
        person=person,
        data=VictimInput(identified_on=datetime.date(2024, 5, 2), forms=["SexualExploitation"]),
    )
    cases.event_add(
        actor=user,
        victim=person.victim,
        data=EventInput(kind="Exploitation", country=countries["TR"], place=PLACE),
    )
    person.refresh_from_db()
    return person


def _referred(sender, receiver, person, agencies, agency):
    nrm.consent_record(actor=sender, person=person, purpose="referral")
    return nrm.referral_send(
        actor=sender,
        person=person,
        data=ReferralInput(
            to_agency=agencies[agency],
            reason="Needs a safe place",
            services=["shelter"],
            fields=sorted(SENT),
        ),
    )


def _situations(user, agency, clerk, agencies, countries) -> dict:
    """One person per situation (None where it cannot arise: no referrals to the agency)."""
    other = clerk(_elsewhere(agency))
    persons = {"own": _enter(clerk(agency), countries)}
    notified = _enter(other, countries)
    nrm.notification_send(actor=other, person=notified, note="Met at the border")
    persons["notified"] = notified
    for step in ("accepted", "declined", "completed"):
        person = _enter(other, countries)
        try:
            referral = _referred(other, clerk(agency), person, agencies, agency)
        except ValidationError:
            persons[step] = None  # the agency does not receive referrals
            continue
        if step == "declined":
            nrm.referral_decline(actor=clerk(agency), referral=referral, reason="No places")
        else:
            nrm.referral_accept(actor=clerk(agency), referral=referral)
        if step == "completed":
            nrm.referral_complete(actor=clerk(agency), referral=referral)
        persons[step] = person
    persons["unrelated"] = _enter(other, countries)
    glass = _enter(other, countries)
    if user.has_perm("cases.break_glass"):
        cases.break_glass_open(
            actor=user, person=glass, reason="Child at risk tonight, the holder cannot be reached"
        )
    else:
        with pytest.raises(PermissionDenied):
            cases.break_glass_open(actor=user, person=glass, reason="x" * 30)
    persons["break_glass"] = glass
    return persons


@pytest.mark.parametrize("row", TABLE, ids=[row[0] for row in TABLE])
def test_access_table(row, make_user, clerk, agencies, countries):
    role, agency, *cells = row
    user = make_user(f"user-{role}", agency, role)
    persons = _situations(user, agency, clerk, agencies, countries)
    browser = log_in(Client(), user)
    for situation, cell in zip(SITUATIONS, cells, strict=True):
        person = persons[situation]
        where = f"{role} / {situation}"
        if cell == "n/a":
            assert person is None, where
            continue
        grants = set() if cell == "-" else set(cell.split("+"))
        decision = decide(user, person)
        assert set(decision.grants) == grants, where
        _assert_decision(decision, grants, where)
        assert visible_persons(user).filter(pk=person.pk).exists() == bool(grants), where
        # Each part's filter (what search and the duplicate check compare) agrees with the
        # decision for one person.
        for part in ALL_PARTS:
            seeing = persons_seeing(user, part).filter(pk=person.pk).exists()
            assert seeing == decision.sees(part), f"{where}: {part} filter"
        _assert_view(user, person, decision, where)
        _assert_page(browser, person, decision, where)


def _assert_decision(decision, grants, where):
    if grants & WHOLE_GRANTS:
        assert decision.level == Access.IDENTITY and decision.whole, where
        assert decision.parts == ALL_PARTS, where
    elif "referral" in grants:
        assert decision.level == Access.IDENTITY and not decision.whole, where
        assert decision.parts == SENT and decision.limited, where
    elif "role" in grants:
        assert decision.level == Access.CODE and not decision.parts, where
    else:
        assert decision.level == Access.NONE, where


def _sees(decision, part: str) -> bool:
    """Whether the user sees this part once the identity is open. The victim profile and
    the family identify nobody: the code level sees them, and only a referral that did not
    send them withholds them. The identity's parts need the identity level."""
    sent = decision.whole or part in decision.parts
    if part in ("victim_profile", "children"):
        return decision.level == Access.CODE or sent
    return decision.level == Access.IDENTITY and sent


def _assert_view(user, person, decision, where):
    """What the redacted view holds once the user opens the identity (or tries to)."""
    if decision.level == Access.NONE:
        with pytest.raises(PermissionDenied):
            access_person(user, person.pk)
        return
    window = IdentityWindow({})
    if decision.level == Access.CODE:
        with pytest.raises(PermissionDenied):
            access_person(user, person.pk, "investigation", window=window)
        view = person_view(access_person(user, person.pk, window=window))
        assert not view.access.identity_open, where
    else:
        closed = person_view(access_person(user, person.pk, window=window))
        assert not any(key in closed for key in ("family_name", "birth_date", "notes")), where
        opened = access_person(user, person.pk, "investigation", window=window)
        assert opened.identity_open and opened.purpose == "investigation", where
        view = person_view(opened)
    assert view["code"] == person.code, where
    for part, key in VIEW_KEYS.items():
        assert (key in view) == _sees(decision, part), f"{where}: {part}"
    assert ("notes" in view) == (decision.level == Access.IDENTITY and decision.whole), where
    assert ("case_parts" in view) == (not decision.limited), where
    # The events' sealed texts are read with the identity open only.
    for event in view.get("events", []):
        assert ("place" in event.get_deferred_fields()) != view.access.identity_open, where


def _assert_page(browser, person, decision, where):
    url = person.get_absolute_url()
    if decision.level == Access.NONE:
        assert browser.get(url).status_code == 403, where
        return
    if decision.level == Access.IDENTITY:
        response = browser.post(
            f"/cases/persons/{person.pk}/identity/", {"purpose": "assistance", "note": ""}
        )
        assert response.status_code == 302, where
    page = browser.get(url).content.decode()
    assert person.code in page, where
    for part, text in PAGE_TEXT.items():
        assert (text in page) == _sees(decision, part), f"{where}: {part}"
    assert (NOTES in page) == (decision.level == Access.IDENTITY and decision.whole), where
    shown = decision.level == Access.IDENTITY and _sees(decision, "victim_profile")
    assert (PLACE in page) == shown, f"{where}: event place"


RECEIVERS = ["moh", "sbs", "mfa", "moe", "mlspp", "temiz-dunya", "iom", "children-union"]


def test_the_receivers_page_costs_the_same_however_many_referrals(clerk, agencies, countries):
    """The shelter, sent a person, opens their page: the queries do not grow with the
    person's referrals to other agencies."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    police = clerk("mia-ctd")
    shelter = clerk("shelter-mia")
    browser = log_in(Client(), shelter)
    counts = []
    for n in (3, 6):
        person = _enter(police, countries)
        referral = _referred(police, shelter, person, agencies, "shelter-mia")
        nrm.referral_accept(actor=shelter, referral=referral)
        for code in RECEIVERS[:n]:
            nrm.referral_send(
                actor=police,
                person=person,
                data=ReferralInput(
                    to_agency=agencies[code],
                    reason="Help",
                    services=["legal_aid"],
                    fields=["names"],
                ),
            )
        browser.post(f"/cases/persons/{person.pk}/identity/", {"purpose": "assistance"})
        with CaptureQueriesContext(connection) as queries:
            page = browser.get(person.get_absolute_url())
        assert page.status_code == 200 and "Məmmədova" in page.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts  # was 33, 16 of them on referrals, before ADR 0008
