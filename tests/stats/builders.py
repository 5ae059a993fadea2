"""Known datasets for the statistics tests, built through the services as users would
enter them: victims with their events, cases with their prosecutions."""

from __future__ import annotations

import datetime
import itertools

from ctis.cases.choices import EventKind, TraffickingStatus, VerdictOutcome
from ctis.cases.inputs import (
    CaseInput,
    CrimeInput,
    EventInput,
    GroupInput,
    PersonInput,
    ProsecutionInput,
    VictimInput,
)
from ctis.cases.models import CriminalCase, CriminalCodeArticle, Person
from ctis.cases.services import (
    case_create,
    crime_save,
    event_add,
    group_create,
    group_member_add,
    participant_add,
    person_create,
    prosecution_save,
)
from tests.factories import agency, country

_names = itertools.count(1)


def victim(
    actor,
    *,
    sex: str = "Feminine",
    birth_year: int | None = 1990,
    identified_on: datetime.date = datetime.date(2020, 5, 1),
    forms: tuple[str, ...] = ("SexualExploitation",),
    citizenships: tuple[str, ...] = ("AZ",),
    exploited_in: tuple[str, ...] = ("TR",),
    status: str = TraffickingStatus.ACTUAL,
) -> Person:
    decided = status != TraffickingStatus.POSSIBLE
    person = person_create(
        actor=actor,
        prefix="V",
        data=PersonInput(
            given_name=f"Victim{next(_names)}",
            family_name="Statistika",
            birth_year=birth_year,
            sex=sex,
            citizenships=[country(code) for code in citizenships],
        ),
        victim=VictimInput(
            status=status,
            status_decided_by=agency("mia-ctd") if decided else None,
            status_decided_on=identified_on if decided else None,
            identified_on=identified_on,
            forms=list(forms),
        ),
    )
    for code in exploited_in:
        event_add(
            actor=actor,
            victim=person.victim,
            data=EventInput(kind=EventKind.EXPLOITATION, country=country(code)),
        )
    return person


def accused(actor, *, sex: str = "Masculine", birth_year: int = 1980) -> Person:
    return person_create(
        actor=actor,
        prefix="P",
        data=PersonInput(
            given_name=f"Accused{next(_names)}",
            family_name="Statistika",
            birth_year=birth_year,
            sex=sex,
            citizenships=[country("AZ")],
        ),
    )


def case(
    actor, *, registered_on: datetime.date = datetime.date(2020, 3, 1), articles=("144-1",)
) -> CriminalCase:
    return case_create(
        actor=actor,
        data=CaseInput(
            number=f"ST-{next(_names)}",
            registered_on=registered_on,
            articles=list(CriminalCodeArticle.objects.filter(code__in=articles)),
        ),
    )


def prosecute(
    actor,
    criminal_case: CriminalCase,
    person: Person,
    *,
    sent_to_court_on: datetime.date | None = datetime.date(2020, 6, 1),
    verdict_on: datetime.date | None = None,
    outcome: str = VerdictOutcome.PENDING,
    sentence: str = "",
    term_months: int | None = None,
    charged_on: datetime.date | None = None,
):
    return prosecution_save(
        actor=actor,
        case=criminal_case,
        accused=person,
        data=ProsecutionInput(
            court="Bakı Ağır Cinayətlər Məhkəməsi",
            charged_on=charged_on,
            sent_to_court_on=sent_to_court_on,
            verdict_on=verdict_on,
            outcome=outcome,
            sentence=sentence,
            term_months=term_months,
        ),
    )


def crimes(
    actor,
    criminal_case: CriminalCase,
    article: str,
    count: int,
    *,
    solved: int = 0,
    registered_on: datetime.date = datetime.date(2020, 3, 1),
) -> None:
    """``count`` crime episodes under ``article`` in the case, the first ``solved`` solved."""
    chosen = CriminalCodeArticle.objects.get(code=article)
    for i in range(count):
        crime_save(
            actor=actor,
            case=criminal_case,
            data=CrimeInput(
                article=chosen,
                registered_on=registered_on,
                solved=i < solved,
                solved_on=registered_on if i < solved else None,
            ),
        )


def group(actor, criminal_case: CriminalCase, members: int, *, neutralised_on: datetime.date):
    """A criminal group of the case with ``members`` perpetrators of it, neutralised."""
    made = group_create(
        actor=actor,
        case=criminal_case,
        data=GroupInput(name=f"Qrup {next(_names)}", neutralised_on=neutralised_on),
    )
    for _ in range(members):
        participant = participant_add(
            actor=actor, case=criminal_case, person=accused(actor), role="Perpetrator"
        )
        group_member_add(actor=actor, case=criminal_case, group=made, participant=participant)
    return made
