"""Demonstration awareness events (ctis.outreach): a few events of the migration service and
the labour ministry in 2021 and 2024, serving the plan's awareness measures, with their
participants by group and sex, a training's knowledge questions, participants' answers and
an organiser's assessment, all made through the services (answers through the public form's
service, with tokens issued as if each form had been open for a minute)."""

from __future__ import annotations

import datetime
import random
import time

from ctis.accounts.models import User
from ctis.outreach import services
from ctis.outreach.inputs import EventInput, FeedbackInput, GroupInput
from ctis.outreach.models import Audience, Event
from ctis.plan.models import Measure

EVENTS = [
    # (user, title, kind, day, place, measures, groups: (audience, total, women, men), total)
    (
        "reporter",
        "Məktəblilər üçün təhlükəsiz miqrasiya seminarı",
        "seminar",
        datetime.date(2021, 4, 20),
        "Gəncə",
        ["4.2.1"],
        [("pupils", 64, 35, 29), ("teachers", 6, 5, 1)],
        72,
    ),
    (
        "reporter",
        "Sərhəd-keçid məntəqələrinin əməkdaşları üçün təlim",
        "training",
        datetime.date(2021, 9, 14),
        "Bakı",
        ["4.2.1"],
        [("border-guards", 28, 4, 24), ("migration-staff", 12, 6, 6)],
        40,
    ),
    (
        "reporter-labour",
        "Əmək müfəttişləri üçün insan alveri əlamətləri üzrə vebinar",
        "webinar",
        datetime.date(2024, 3, 5),
        "Onlayn",
        ["4.2.1"],
        [("labour-inspectors", 45, 19, 26)],
        45,
    ),
    (
        "reporter",
        "Tələbələr üçün xaricdə təhsil və iş təklifləri barədə görüş",
        "meeting",
        datetime.date(2024, 10, 2),
        "Sumqayıt",
        ["4.2.1"],
        [("students", 110, 70, 40), ("parents", 15, 12, 3)],
        130,
    ),
]

QUESTIONS = [
    ("Borc əsarəti insan alverinin bir formasıdır.", True),
    ("Zərərçəkmiş öz razılığı ilə getibsə, bu insan alveri sayılmır.", False),
    ("Pasportun işəgötürəndə saxlanılması insan alveri əlaməti ola bilər.", True),
]

COMMENTS = [
    "Çox faydalı idi, real nümunələr yaxşı izah olundu.",
    "Очень полезно, хотелось бы больше практических примеров.",
    "",
    "Mövzu aktualdır, belə tədbirlər tez-tez keçirilməlidir.",
    "",
]


def demo_events(users: dict[str, User]) -> int:
    """Create the demonstration events once; returns how many were made."""
    if Event.objects.exists():
        return 0
    if not Audience.objects.exists():
        services.audiences_load_reference()
    audiences = {a.code: a for a in Audience.objects.all()}
    rng = random.Random(12)
    made = 0
    for username, title, kind, day, place, numbers, groups, total in EVENTS:
        actor = users[username]
        measures = list(Measure.objects.filter(number__in=numbers).values_list("pk", flat=True))
        event = services.event_create(
            actor=actor,
            data=EventInput(
                title=title,
                kind=kind,
                starts_on=day,
                ends_on=day,
                place=place,
                mode="online" if kind == "webinar" else "in_person",
                measure_ids=measures,
                audience_ids=[audiences[code].pk for code, *_n in groups],
                groups=[
                    GroupInput(audiences[code].pk, total=t, women=w, men=m)
                    for code, t, w, m in groups
                ],
                participants_total=total,
                materials_count=total * 2 if kind != "webinar" else 0,
                materials_languages=["az", "ru"] if kind != "webinar" else [],
            ),
        )
        questions = []
        if kind == "training":
            questions = [
                services.question_add(actor=actor, event=event, statement=s, is_true=t)
                for s, t in QUESTIONS
            ]
        _answers(event, questions, rng, count=min(total // 3, 18))
        if day.year == 2021:
            services.event_assess(
                actor=actor,
                event=event,
                assessment="Tədbir planlaşdırıldığı kimi keçdi; iştirakçılar fəal idilər.",
            )
            services.event_feedback_step(actor=actor, event=event, step="close")
        made += 1
    return made


def _answers(event: Event, questions, rng: random.Random, *, count: int) -> None:
    issued = time.time() - 60
    for n in range(count):
        browser = services.new_browser_id()
        client = f"demo-{event.pk}-{n}"
        if questions:
            services.feedback_submit(
                event=event,
                data=FeedbackInput(
                    stage="before",
                    token=services.issue_token(event, "before", browser, at=issued),
                    answers={q.pk: rng.choice(["yes", "no"]) for q in questions},
                ),
                client=client,
            )
        services.feedback_submit(
            event=event,
            data=FeedbackInput(
                stage="after",
                token=services.issue_token(event, "after", browser, at=issued),
                usefulness=str(rng.choice([3, 4, 4, 5, 5])),
                clarity=str(rng.choice([3, 4, 5, 5])),
                relevance=str(rng.choice([4, 4, 5])),
                comment=COMMENTS[n % len(COMMENTS)],
                answers={
                    q.pk: ("yes" if q.is_true else "no")
                    if rng.random() < 0.85
                    else ("no" if q.is_true else "yes")
                    for q in questions
                },
                language="az",
            ),
            client=client,
        )
