"""Demonstration data for the hotline: a handful of calls and messages of the last weeks,
one caller who rings three times (so the call form shows their earlier contacts), a
flagged caller, a tip told to the police unit; all through the hotline's services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ctis.accounts.models import User
from ctis.hotline import services
from ctis.hotline.models import Contact, Outcome, Topic

REPEAT_CALLER = "050 214 77 31"

# days ago, hour, identifier, topics, fields
CALLS = [
    (
        21,
        10,
        REPEAT_CALLER,
        ["work_abroad"],
        {"notes": "Asks whether a job offer in Dubai is real."},
    ),
    (
        14,
        16,
        REPEAT_CALLER,
        ["work_abroad"],
        {
            "outcome": Outcome.REFERRED,
            "notes": "The agency asked for her passport; told her not to give it.",
            "region": "baku",
        },
    ),
    (
        12,
        9,
        "leyla.m@mail.az",
        ["study_abroad"],
        {
            "channel": "email",
            "language": "ru",
            "caller_type": "relative",
        },
    ),
    (
        9,
        11,
        "@dilbar_job",
        ["marriage_foreigners"],
        {
            "channel": "telegram",
            "outcome": Outcome.INFORMATION,
            "region": "guba_khachmaz",
        },
    ),
    (
        7,
        13,
        "",
        ["domestic_violence"],
        {
            "caller_type": "anonymous",
            "outcome": Outcome.EMERGENCY,
            "emergency": "shelter",
            "region": "lankaran_astara",
        },
    ),
    (
        5,
        15,
        "055 903 12 40",
        ["migrant_registration"],
        {
            "caller_type": "professional",
            "language": "en",
            "region": "baku",
        },
    ),
    (4, 18, "070 400 88 19", [], {"nature": "silent", "outcome": Outcome.NO_ACTION}),
    (3, 12, "070 400 88 19", ["other"], {"nature": "hoax", "outcome": Outcome.NO_ACTION}),
    (2, 10, "", ["adoption"], {"nature": "information", "outcome": Outcome.INFORMATION}),
]


def demo_hotline(users: dict[str, User]) -> int:
    """The demonstration contacts, once (while the hotline has none); how many were made."""
    if Contact.objects.exists():
        return 0
    operator, supervisor = users["hotline"], users["hotline-supervisor"]
    topics = {t.code: t for t in Topic.objects.all()}
    now = timezone.localtime()
    made = []
    for days, hour, identifier, codes, fields in CALLS:
        when = (now - datetime.timedelta(days=days)).replace(hour=hour, minute=5)
        data = services.ContactInput(
            topics=[topics[c] for c in codes],
            received_at=min(when, now),
            identifier=identifier,
            follow_up_on=timezone.localdate() if days == 14 else None,
            **fields,
        )
        made.append(services.contact_record(actor=operator, data=data))
    abusive, at_risk = made[6].caller, made[0].caller
    assert abusive is not None and at_risk is not None  # both gave a number
    services.flag_set(
        actor=operator,
        caller=abusive,
        kind="abusive",
        reason="Silent calls, then insults, at night.",
        until=timezone.localdate() + datetime.timedelta(days=60),
    )
    services.flag_set(
        actor=operator,
        caller=at_risk,
        kind="at_risk",
        reason="Her recruiter keeps calling; she may leave soon.",
        until=timezone.localdate() + datetime.timedelta(days=30),
    )
    tip = services.contact_record(
        actor=operator,
        data=services.ContactInput(
            topics=[topics["work_abroad"]],
            received_at=now - datetime.timedelta(days=1),
            identifier=REPEAT_CALLER,
            outcome=Outcome.POLICE_TIP,
            region="baku",
            notes="She says the agency holds three girls in a flat in Sumqayit before a flight.",
        ),
    )
    services.consent_override(
        actor=supervisor,
        contact=tip,
        recipient="police",
        reason="The flight is tonight; she cannot be reached again.",
    )
    # The tip waits for the operator to tell the police unit (the demonstration's walk).
    return len(made) + 1
