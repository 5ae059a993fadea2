"""What the services of the unified database take: one dataclass per kind of record, built
by the forms (or the demo and the API) and read by the services and the duplicate search."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from ctis.accounts.models import Agency
from ctis.cases.choices import (
    CaseStatus,
    TraffickingStatus,
)
from ctis.cases.models import (
    CriminalCodeArticle,
)
from ctis.core.models import Country


@dataclass
class DocumentInput:
    kind: str
    number: str
    issuer: Country | None = None


@dataclass
class ContactInput:
    kind: str
    value: str


@dataclass
class PersonInput:
    given_name: str
    family_name: str = ""
    patronymic: str = ""
    aliases: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    sex: str = "NonSpecifiedUnknown"
    citizenships: list[Country] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    address: str = ""
    notes: str = ""
    documents: list[DocumentInput] = field(default_factory=list)
    contacts: list[ContactInput] = field(default_factory=list)


@dataclass
class VictimInput:
    status: str = TraffickingStatus.POSSIBLE
    status_decided_by: Agency | None = None
    status_decided_on: datetime.date | None = None
    identified_on: datetime.date | None = None
    forms: list[str] = field(default_factory=list)
    labour_sector: str = ""
    sexual_kinds: list[str] = field(default_factory=list)
    control_methods: list[str] = field(default_factory=list)
    recruitment_method: str = ""
    recruiter_relationship: str = ""
    age_when_trafficked: int | None = None


VICTIM_INPUT_FIELDS = [f.name for f in dataclasses.fields(VictimInput)]


@dataclass
class EventInput:
    kind: str
    country: Country | None
    place: str = ""
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    description: str = ""


@dataclass
class CaseInput:
    number: str
    registered_on: datetime.date | None
    articles: list[CriminalCodeArticle]
    registering_agency: Agency | None = None
    status: str = CaseStatus.INVESTIGATION
    solved: bool = False
    criminal_group: str | None = None  # None: kept as it is (groups are records now)
    summary: str | None = ""  # None: kept as it is (a change by who may not read it)


@dataclass
class ProsecutionInput:
    court: str
    charged_on: datetime.date | None = None
    sent_to_court_on: datetime.date | None = None
    verdict_on: datetime.date | None = None
    outcome: str = ""
    sentence: str = ""
    term_months: int | None = None
    fine_azn: Decimal | None = None
    confiscation: bool = False
    confiscation_note: str = ""


@dataclass
class CrimeInput:
    article: CriminalCodeArticle | None
    registered_on: datetime.date | None
    solved: bool = False
    solved_on: datetime.date | None = None
    description: str = ""


@dataclass
class GroupInput:
    name: str
    description: str = ""
    neutralised_on: datetime.date | None = None
