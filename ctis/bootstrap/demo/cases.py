"""Synthetic persons for demonstrations and benchmarks: ``ctis demo --persons N``.

The records look like what the special police unit enters (the annual reports in
``../shared/seeds`` give the mix): about three victims in four, mostly women taken to
Türkiye or the United Arab Emirates for sexual exploitation and men in forced labour in
Russia or inside Azerbaijan; the rest perpetrators, and a few victims' children. Names are
Azerbaijani (and some Uzbek, Kyrgyz, Tajik, Russian and Ukrainian), spelled as different
agencies would enter them: Azerbaijani Latin, Russian Cyrillic, Russian transliteration or
passport ASCII. Criminal cases under articles 144-1, 144-2 and 144-3 link the victims and
perpetrators, with prosecutions and verdicts for the older ones; each case holds its crime
episodes, organised groups are records with their members (neutralised once nobody of them
is wanted), the accused have the date they were charged, and the wanted have the history
of their status (put on the list, then perhaps caught). Where the shelter and the
assistance centre exist, most decided victims have a history of assistance: referral,
stay, services and allowances (ctis.bootstrap.demo.protection).

Rows are written with ``bulk_create`` in batches, one transaction and one audit entry a
batch (ctis.bootstrap.demo.batch), through the same helpers the services use, so the data is indistinguishable from
entered data: identity fields are sealed by ``EncryptedTextField``, names, documents and
phones get the services' blind indexes, and person codes advance ``CodeSequence`` so that
the next ``person_create`` continues the sequence. Everything random comes from
``random.Random(seed)``; record ids and encryption nonces stay random, so a second run with
the same seed adds new records (the same people entered again) instead of failing.
"""

from __future__ import annotations

import datetime
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.bootstrap.demo.batch import Batch, Rows, batch_write
from ctis.bootstrap.demo.exploitation import (
    ADULT_AGES,
    CHILD_SHARE,
    CHILD_SHARE_OTHER,
    CONTROL,
    CONTROL_OTHER,
    DESTINATIONS,
    FEMALE_SHARE,
    FORM_INTERNAL,
    FORM_PURPOSES,
    FORM_TABLE,
    RECRUITMENT,
    RECRUITMENT_OTHER,
    RELATIONSHIP,
    RELATIONSHIP_OTHER,
    SECOND_FORM,
    SECTORS,
)
from ctis.bootstrap.demo.justice import (
    CONFISCATED,
    COURTS,
    GROUP_NICKNAMES,
    PERPETRATOR_FEMALE_SHARE,
    PERPETRATORS_PER_CASE,
    VICTIMS_PER_CASE,
)
from ctis.bootstrap.demo.names import AZ_FAMILY_TABLE, FOREIGN, FOREIGN_TABLE, Nationality
from ctis.bootstrap.demo.places import (
    ABROAD_PHONES,
    ABROAD_PLACES,
    AZ_FARMING,
    AZ_TOWNS,
    BAKU_DISTRICTS,
    DESTINATION_PHRASES,
    PHONE_OPERATORS,
    RUSSIAN_STREETS,
    RUSSIAN_TOWNS,
    STREETS,
    VILLAGES,
)
from ctis.bootstrap.demo.protection import Protection
from ctis.bootstrap.demo.spelling import STYLE_TABLE, Name, az_name, family_of, foreign_name
from ctis.bootstrap.demo.weights import Table
from ctis.cases.choices import (
    HOME_COUNTRY,
    CaseStatus,
    ChildMeasure,
    ContactKind,
    DocumentKind,
    EventKind,
    ExploitationForm,
    Extradition,
    ParticipantRole,
    PerpetratorRole,
    RecruitmentMethod,
    Scope,
    SentenceKind,
    Sex,
    SexualExploitationKind,
    TraffickingStatus,
    VerdictOutcome,
    WantedStatus,
    exploited_countries,
    exploited_mask,
)
from ctis.cases.keys import contact_key, document_number_key, name_index_values
from ctis.cases.models import (
    CaseParticipant,
    ChildOfVictim,
    Crime,
    CriminalCase,
    CriminalCodeArticle,
    CriminalGroup,
    Person,
    PersonContact,
    PersonDocument,
    PersonNameIndex,
    Prosecution,
    TraffickingEvent,
    VictimProfile,
)
from ctis.cases.services import articles_load_reference
from ctis.core import crypto
from ctis.core.models import Country

OWNER_AGENCY = "mia-ctd"
DEMO_USER = "investigator"
FIRST_YEAR = 2015
LAST_YEAR = 2025

F = ExploitationForm
PR = PerpetratorRole
RM = RecruitmentMethod
SK = SexualExploitationKind

YEARS = Table([(year, 1 + 0.04 * (year - FIRST_YEAR)) for year in range(FIRST_YEAR, LAST_YEAR + 1)])

_PATTERN_PARTS = re.compile(r"#+|[^#]+")


@dataclass
class Victim:
    person: Person
    sex: str
    born: datetime.date
    identified_on: datetime.date
    style: str
    name: Name
    address: str
    nationality: Nationality | None


class Generator:
    def __init__(self, rng: random.Random, *, owner: Agency, user: User | None, seed: int = 0):
        self.rng = rng
        self.owner = owner
        self.user = user
        self.today = timezone.localdate()
        self.protection = Protection(seed, owner_id=owner.pk, user=user, today=self.today)
        self.start = datetime.date(FIRST_YEAR, 1, 1).toordinal()
        self.end = min(datetime.date(LAST_YEAR, 12, 31), self.today).toordinal()
        self.countries = {c.code: c for c in Country.objects.all()}
        missing = {"AZ", "TR", "AE", "RU", "IR", "GE"} - set(self.countries)
        if missing:
            raise ValueError(_("Load the countries first (ctis setup)."))
        self.articles = {a.code: a for a in CriminalCodeArticle.objects.all()}
        self.case_numbers = self._last_case_numbers()
        self._name_cache: dict[str, set[str]] = {}
        self.batch = Batch(recorded_by=user.pk if user else None)
        self.citizenship_model = Person.citizenships.through
        self.article_model = CriminalCase.articles.through
        self.rows_person = Rows(Person)
        self.rows_name = Rows(PersonNameIndex)
        self.rows_citizenship = Rows(self.citizenship_model)
        self.rows_document = Rows(PersonDocument)
        self.rows_contact = Rows(PersonContact)
        self.rows_victim = Rows(VictimProfile)
        self.rows_event = Rows(TraffickingEvent)
        self.rows_child = Rows(ChildOfVictim)
        self.rows_case = Rows(CriminalCase)
        self.rows_article = Rows(self.article_model)
        self.rows_participant = Rows(CaseParticipant)
        self.rows_prosecution = Rows(Prosecution)
        self.rows_crime = Rows(Crime)
        self.rows_group = Rows(CriminalGroup)
        self.case_people: list[Person] = []  # the perpetrators of the case being generated

    # helpers

    def _last_case_numbers(self) -> dict[tuple[int, str], int]:
        """The highest number used so far for each year and article, so that a second run
        continues them."""
        pattern = re.compile(r"^(\d{4})/([\d-]+)/(\d+)$")
        last: dict[tuple[int, str], int] = defaultdict(int)
        numbers = CriminalCase.objects.filter(registering_agency=self.owner).values_list(
            "number", flat=True
        )
        for number in numbers.iterator(chunk_size=10000):
            match = pattern.match(number)
            if match:
                key = (int(match[1]), match[2])
                last[key] = max(last[key], int(match[3]))
        return last

    def after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day + datetime.timedelta(days=self.rng.randint(low, high))

    def cap(self, day: datetime.date) -> datetime.date:
        return min(day, self.today)

    def digits(self, pattern: str) -> str:
        """Fill a pattern: each # is a random digit."""
        rng = self.rng
        out = []
        for part in _PATTERN_PARTS.findall(pattern):
            if part[0] == "#":
                out.append(f"{rng.randrange(10 ** len(part)):0{len(part)}d}")
            else:
                out.append(part)
        return "".join(out)

    def base_date(self) -> datetime.date:
        # Slightly more victims in later years, as in the seeds' series.
        year = YEARS(self.rng)
        first = max(datetime.date(year, 1, 1).toordinal(), self.start)
        last = min(datetime.date(year, 12, 31).toordinal(), self.end)
        return datetime.date.fromordinal(self.rng.randint(first, max(first, last)))

    def within(self, day: datetime.date) -> datetime.date:
        """``day`` kept inside the years the data covers, and not in the future."""
        return datetime.date.fromordinal(min(max(day.toordinal(), self.start), self.end))

    def born(self, on: datetime.date, age: int) -> datetime.date:
        """A birth date that makes the person ``age`` years old on ``on``."""
        latest = (
            on.replace(year=on.year - age)
            if not (on.month == 2 and on.day == 29)
            else (datetime.date(on.year - age, 2, 28))
        )
        return latest - datetime.timedelta(days=self.rng.randint(0, 364))

    @staticmethod
    def age(born: datetime.date, on: datetime.date) -> int:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def name_indexes(self, *names: str | None) -> set[str]:
        # name_index_values() of several names is the union of each name's values, so each
        # distinct name is indexed once and the blind indexes are exactly the services'.
        values: set[str] = set()
        for name in names:
            if not name:
                continue
            cached = self._name_cache.get(name)
            if cached is None:
                cached = self._name_cache[name] = name_index_values(name)
            values |= cached
        return values

    # persons

    def person(
        self,
        *,
        prefix: str,
        registered: datetime.date,
        sex: str,
        born: datetime.date | None,
        name: Name,
        address: str | None,
        citizenship: str,
        languages: list[str],
        documents: list[tuple[str, str, str]],
        phones: list[str],
    ) -> Person:
        person = self.rows_person(
            owner_agency_id=self.owner.pk,
            created_by_agency_id=self.owner.pk,
            created_by_id=self.user.pk if self.user else None,
            given_name=name.given,
            family_name=name.family or None,
            patronymic=name.patronymic or None,
            aliases=name.aliases or None,
            birth_date=born.isoformat() if born else None,
            birth_year=born.year if born else None,
            sex=sex,
            languages=languages,
            address=address or None,
        )
        person.mirror_citizenships([citizenship])
        batch = self.batch
        batch.persons.append((person, prefix, registered))
        batch.names.extend(
            self.rows_name(person_id=person.pk, value=value)
            for value in sorted(
                self.name_indexes(name.given, name.family, name.patronymic, name.aliases)
            )
        )
        batch.citizenships.append(
            self.rows_citizenship(person_id=person.pk, country_id=citizenship)
        )
        for kind, number, issuer in documents:
            batch.documents.append(
                self.rows_document(
                    person_id=person.pk,
                    kind=kind,
                    number=number,
                    number_index=crypto.blind_index(
                        document_number_key(number), purpose="person.document"
                    ),
                    issuer_id=issuer,
                )
            )
        for phone in phones:
            batch.contacts.append(
                self.rows_contact(
                    person_id=person.pk,
                    kind=ContactKind.PHONE,
                    value=phone,
                    value_index=crypto.blind_index(
                        contact_key(ContactKind.PHONE, phone), purpose="person.contact"
                    ),
                )
            )
        return person

    def az_address(self, town: str, style: str) -> str:
        rng = self.rng
        house = rng.randint(1, 180)
        flat = rng.randint(1, 120)
        if style == "ru" and town in RUSSIAN_TOWNS:
            return f"{RUSSIAN_TOWNS[town]}, {rng.choice(RUSSIAN_STREETS)}, д. {house}, кв. {flat}"
        if town == "Bakı":
            return (
                f"Bakı şəhəri, {rng.choice(BAKU_DISTRICTS)} rayonu, {rng.choice(STREETS)}, "
                f"ev {house}, mənzil {flat}"
            )
        if town in ("Sumqayıt", "Gəncə", "Mingəçevir", "Şirvan", "Naxçıvan") or rng.random() < 0.5:
            return f"{town} şəhəri, {rng.choice(STREETS)}, ev {house}"
        return f"{town} rayonu, {rng.choice(VILLAGES)} kəndi, ev {house}"

    def az_phone(self) -> str:
        rng = self.rng
        number = f"{PHONE_OPERATORS(rng)}{self.digits('#######')}"
        layout = rng.random()
        if layout < 0.6:
            return f"+994 {number[:2]} {number[2:5]} {number[5:7]} {number[7:]}"
        if layout < 0.85:
            return f"0{number[:2]} {number[2:5]} {number[5:7]} {number[7:]}"
        return f"+994{number}"

    def az_documents(self, on: datetime.date, age: int, abroad: bool) -> list[tuple[str, str, str]]:
        rng = self.rng
        documents: list[tuple[str, str, str]] = []
        if age >= 16 or rng.random() < 0.4:
            if rng.random() < 0.88:
                newer = on.year >= 2019 and rng.random() < 0.7
                # Identity cards: AZE and 8 digits until 2018, AA (now AB) and 7 digits since.
                number = self.digits(
                    rng.choice(["AA", "AB"]) + "#######" if newer else "AZE########"
                )
                documents.append((DocumentKind.ID_CARD, number, "AZ"))
        if rng.random() < (0.6 if abroad else 0.12):
            documents.append((DocumentKind.PASSPORT, self.digits("C########"), "AZ"))
        return documents

    # clusters

    def cluster(self, budget: int) -> tuple[int, int, int, int]:
        """Generate one case with its victims and perpetrators, or one victim without a
        case; returns (victims, perpetrators, children, prosecutions) within ``budget``."""
        rng = self.rng
        base = self.base_date()
        form = FORM_TABLE(rng)
        with_case = rng.random() < 0.86
        victims_wanted = VICTIMS_PER_CASE(rng) if with_case else 1
        perpetrators_wanted = PERPETRATORS_PER_CASE(rng) if with_case else 0
        if with_case and rng.random() < 0.03:
            perpetrators_wanted = 0  # nobody identified yet
        victims_wanted = min(victims_wanted, budget)
        perpetrators_wanted = min(perpetrators_wanted, budget - victims_wanted)
        destination = DESTINATIONS[form](rng)
        foreign = rng.random() < 0.045 and form in (F.SEXUAL, F.FORCED_LABOUR, F.SERVITUDE)
        nationality = FOREIGN_TABLE(rng) if foreign else None
        if nationality is not None:
            destination = "AZ"
        recruit_town = AZ_TOWNS(rng)
        registered = self.within(self.after(base, 0, 40))
        victims: list[Victim] = []
        children = 0
        for _index in range(victims_wanted):
            if victims and rng.random() < 0.15:
                own_form = FORM_TABLE(rng)  # a co-victim exploited differently
            else:
                own_form = form
            own_destination = (
                destination if rng.random() < 0.9 or nationality else (DESTINATIONS[own_form](rng))
            )
            identified = self.within(self.after(base, -10, 90))
            status = self.status(with_case, identified)
            victim = self.victim(
                own_form, own_destination, recruit_town, identified, status, nationality
            )
            victims.append(victim)
            left = budget - victims_wanted - perpetrators_wanted - children
            if left > 0 and victim.sex == Sex.FEMALE and self.age(victim.born, identified) >= 20:
                if rng.random() < 0.09:
                    self.child_of(victim)
                    children += 1
        prosecutions = 0
        if with_case:
            prosecutions = self.case(
                form, destination, registered, victims, perpetrators_wanted, recruit_town
            )
        return len(victims), perpetrators_wanted, children, prosecutions

    def status(self, with_case: bool, identified: datetime.date) -> str:
        roll = self.rng.random()
        recent = (self.today - identified).days < 120
        if with_case:
            if roll < (0.35 if recent else 0.05):
                return TraffickingStatus.POSSIBLE
            return TraffickingStatus.ACTUAL
        if roll < (0.65 if recent else 0.45):
            return TraffickingStatus.POSSIBLE
        if roll < 0.88:
            return TraffickingStatus.NOT_A_VICTIM
        return TraffickingStatus.ACTUAL

    def victim(
        self,
        form: str,
        destination: str,
        recruit_town: str,
        identified: datetime.date,
        status: str,
        nationality: Nationality | None,
    ) -> Victim:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < FEMALE_SHARE[form] else Sex.MALE
        child = rng.random() < CHILD_SHARE.get(form, CHILD_SHARE_OTHER) and nationality is None
        if child:
            low = 6 if form == F.FORCED_BEGGING else 14
            age = rng.randint(low, 17)
        else:
            low, high, mode = ADULT_AGES[form]
            age = int(rng.triangular(low, high + 1, mode))
        born = self.born(identified, age)
        # Exploitation lasted from a few weeks to three years before identification.
        months = int(rng.triangular(0.5, 36, 4))
        recruited = max(
            identified - datetime.timedelta(days=30 * months + rng.randint(0, 29)),
            born + datetime.timedelta(days=365 * 5),
        )
        age_trafficked = self.age(born, recruited)
        if nationality is None:
            style = STYLE_TABLE(rng)
            name = az_name(self.rng, sex, style)
            home = recruit_town if rng.random() < 0.7 else AZ_TOWNS(rng)
            address = self.az_address(home, style) if rng.random() < 0.93 else None
            languages = (
                ["az"]
                + (["ru"] if rng.random() < 0.3 else [])
                + (["tr"] if destination == "TR" and rng.random() < 0.3 else [])
            )
            documents = self.az_documents(identified, age, destination != "AZ")
            phones = [self.az_phone()] if rng.random() < (0.9 if age >= 16 else 0.4) else []
            if destination in ABROAD_PHONES and rng.random() < 0.15:
                phones.append(self.digits(ABROAD_PHONES[destination]))
            citizenship = "AZ"
        else:
            style = "foreign"
            name = foreign_name(self.rng, nationality, sex)
            address = (
                (
                    f"Bakı şəhəri, {rng.choice(BAKU_DISTRICTS)} rayonu, {rng.choice(STREETS)}, "
                    f"ev {rng.randint(1, 180)}"
                )
                if rng.random() < 0.5
                else None
            )
            languages = list(nationality.languages)
            documents = (
                [(DocumentKind.PASSPORT, self.digits(nationality.passport), nationality.country)]
                if rng.random() < 0.7
                else []
            )
            phones = [self.digits(nationality.phone)] if rng.random() < 0.6 else []
            if rng.random() < 0.4:
                phones.append(self.az_phone())
            citizenship = nationality.country
        person = self.person(
            prefix="V",
            registered=identified,
            sex=sex,
            born=born,
            name=name,
            address=address,
            citizenship=citizenship,
            languages=languages,
            documents=documents,
            phones=phones,
        )
        forms = [form]
        if rng.random() < 0.05:
            extra = SECOND_FORM.get(form, F.SERVITUDE)
            forms.append(extra)
        forms = sorted(set(forms))
        countries = self.events_for(
            person, form, destination, recruit_town, recruited, identified, born, nationality
        )
        decided = status != TraffickingStatus.POSSIBLE
        method = RECRUITMENT.get(form, RECRUITMENT_OTHER)(rng)
        if child and form != F.FORCED_BEGGING and rng.random() < 0.15:
            method = RM.EDUCATIONAL
        profile = self.rows_victim(
            person_id=person.pk,
            status=status,
            status_decided_by_id=self.owner.pk if decided else None,
            status_decided_on=self.cap(self.after(identified, 0, 45)) if decided else None,
            identified_on=identified,
            forms=forms,
            labour_sector=SECTORS(rng) if F.FORCED_LABOUR in forms else "",
            sexual_kinds=self.sexual_kinds(identified) if F.SEXUAL in forms else [],
            control_methods=self.control_methods(form),
            recruitment_method=method,
            recruiter_relationship=RELATIONSHIP.get(method, RELATIONSHIP_OTHER)(rng),
            age_when_trafficked=age_trafficked,
            scope=Scope.INTERNAL if countries == {HOME_COUNTRY} else Scope.TRANSNATIONAL,
        )
        person.mirror_victim(profile)
        person.exploited_mask = exploited_mask([destination])  # events_for's exploitation
        person.exploited_countries = exploited_countries([destination])
        self.batch.victims.append(profile)
        if status == TraffickingStatus.ACTUAL:
            self.protection.assist(
                self.batch,
                person_id=person.pk,
                decided_on=profile.status_decided_on,
                forms=forms,
                foreign=nationality is not None,
            )
        return Victim(person, sex, born, identified, style, name, address or "", nationality)

    def sexual_kinds(self, identified: datetime.date) -> list[str]:
        rng = self.rng
        kinds = [SK.PROSTITUTION] if rng.random() < 0.92 else []
        if rng.random() < 0.2:
            kinds.append(SK.PRIVATE)
        if rng.random() < 0.05:
            kinds.append(SK.PORNOGRAPHY)
        if rng.random() < (0.08 if identified.year >= 2020 else 0.02):
            kinds.append(SK.REMOTE)
        return sorted(set(kinds or [SK.PROSTITUTION]))

    def control_methods(self, form: str) -> list[str]:
        rng = self.rng
        options = CONTROL.get(form, CONTROL_OTHER)
        chosen = [method for method, share in options if rng.random() < share]
        return sorted(set(chosen or [options[0][0]]))

    def events_for(
        self,
        person: Person,
        form: str,
        destination: str,
        recruit_town: str,
        recruited: datetime.date,
        identified: datetime.date,
        born: datetime.date,
        nationality: Nationality | None,
    ) -> set[str]:
        """Recruitment, sometimes transit, exploitation; returns the countries."""
        rng = self.rng
        profile_events = []
        if nationality is not None:
            origin, origin_place = nationality.country, rng.choice(nationality.towns)
        else:
            origin, origin_place = "AZ", recruit_town
        recruited = max(recruited, born)
        profile_events.append(
            (
                EventKind.RECRUITMENT,
                origin,
                origin_place,
                recruited,
                recruited if rng.random() < 0.7 else None,
            )
        )
        moved = self.cap(self.after(recruited, 1, 20))
        moved = min(moved, identified)
        transit = None
        if destination in ("AE", "QA", "DE") and rng.random() < 0.35:
            transit = rng.choice(["TR", "GE"])
        elif destination == "TR" and rng.random() < 0.2:
            transit = "GE"
        elif nationality is not None and rng.random() < 0.3:
            transit = "RU" if nationality.country != "RU" else "GE"
        if transit:
            profile_events.append(
                (
                    EventKind.TRANSIT,
                    transit,
                    ABROAD_PLACES[transit](rng),
                    moved,
                    self.cap(self.after(moved, 0, 6)),
                )
            )
            moved = self.cap(self.after(moved, 1, 7))
        if destination == "AZ":
            if form == F.FORCED_LABOUR and rng.random() < 0.6:
                place = AZ_FARMING(rng)
            elif rng.random() < 0.6:
                place = "Bakı"
            else:
                place = AZ_TOWNS(rng)
        else:
            place = ABROAD_PLACES[destination](rng)
        start = min(moved, identified)
        end = identified - datetime.timedelta(days=rng.randint(0, 20))
        profile_events.append(
            (
                EventKind.EXPLOITATION,
                destination,
                place,
                start,
                max(end, start) if rng.random() < 0.85 else None,
            )
        )
        # A victim profile's primary key is its person's.
        for kind, country, event_place, started, ended in profile_events:
            self.batch.events.append(
                self.rows_event(
                    victim_id=person.pk,
                    kind=kind,
                    country_id=country,
                    place=event_place,
                    started_on=started,
                    ended_on=ended,
                )
            )
        return {country for _kind, country, *_rest in profile_events}

    def child_of(self, mother: Victim) -> None:
        rng = self.rng
        mother_age = self.age(mother.born, mother.identified_on)
        age = rng.randint(0, min(15, mother_age - 18))
        born = self.born(mother.identified_on, age)
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        measures = []
        if age < 6 and rng.random() < 0.5:
            measures.append(ChildMeasure.PRESCHOOL)
        if age >= 6 and rng.random() < 0.5:
            measures.append(ChildMeasure.SCHOOL)
        if rng.random() < 0.35:
            measures.append(ChildMeasure.BIRTH_CERTIFICATE)
        paternity = rng.random() < 0.3
        if paternity:
            measures.append(ChildMeasure.PATERNITY)
            if rng.random() < 0.6:
                measures.append(ChildMeasure.ALIMONY)
        if rng.random() < 0.3:
            measures.append(ChildMeasure.HEALTH)
        registered = self.cap(self.after(mother.identified_on, 0, 30))
        if mother.nationality is None:
            style = mother.style if mother.style != "foreign" else "az"
            family = AZ_FAMILY_TABLE(rng) if paternity else family_of(mother.name.family)
            name = az_name(self.rng, sex, style, family=family, patronymic=paternity)
            name.aliases = None
            citizenship, languages = "AZ", ["az"]
        else:
            name = foreign_name(self.rng, mother.nationality, sex)
            citizenship, languages = mother.nationality.country, list(mother.nationality.languages)
        child = self.person(
            prefix="C",
            registered=registered,
            sex=sex,
            born=born,
            name=name,
            address=mother.address or None,
            citizenship=citizenship,
            languages=languages,
            documents=[],
            phones=[],
        )
        self.batch.children.append(
            self.rows_child(
                parent_id=mother.person.pk, child_id=child.pk, measures=sorted(set(measures))
            )
        )
        self.protection.for_child(
            self.batch, mother_id=mother.person.pk, child_id=child.pk, measures=measures
        )

    def case(
        self,
        form: str,
        destination: str,
        registered: datetime.date,
        victims: list[Victim],
        perpetrators: int,
        town: str,
    ) -> int:
        rng = self.rng
        batch = self.batch
        if form == F.FORCED_LABOUR and rng.random() < 0.75:
            primary = "144-2"
        elif rng.random() < 0.05:
            primary = "144-3"
        else:
            primary = "144-1"
        articles = [primary]
        if primary != "144-3" and rng.random() < 0.15:
            articles.append("144-3")
        if form == F.SEXUAL and rng.random() < 0.08:
            articles.append("243")
        if form == F.SEXUAL and rng.random() < 0.03:
            articles.append("244")
        if destination != "AZ" and rng.random() < 0.04:
            articles.append("318-1")
        key = (registered.year, primary)
        self.case_numbers[key] += 1
        number = f"{registered.year}/{primary}/{self.case_numbers[key]:04d}"
        group = ""
        if perpetrators >= 2 and rng.random() < 0.6:
            if rng.random() < 0.5:
                group = f"“{rng.choice(GROUP_NICKNAMES)}” cinayətkar qrupu"
            else:
                group = f"{perpetrators} nəfərdən ibarət mütəşəkkil dəstə ({town})"
        if destination == "AZ":
            summary = f"{len(victims)} nəfərin ölkə daxilində {FORM_INTERNAL[form]} faktı üzrə."
        else:
            summary = (
                f"{len(victims)} nəfərin {FORM_PURPOSES[form]} məqsədilə "
                f"{DESTINATION_PHRASES[destination]} aparılması faktı üzrə."
            )
        # Groups are records of their own (below); the free text is no longer written.
        case = self.rows_case(
            number=number,
            registering_agency_id=self.owner.pk,
            owner_agency_id=self.owner.pk,
            registered_on=registered,
            summary=summary,
        )
        batch.cases.append(case)
        batch.case_articles.extend(
            self.rows_article(
                criminalcase_id=case.pk, criminalcodearticle_id=self.articles[code].pk
            )
            for code in articles
            if code in self.articles
        )
        for victim in victims:
            if rng.random() < 0.97:  # a few are still being identified
                batch.participants.append(
                    self.rows_participant(
                        case_id=case.pk, person_id=victim.person.pk, role=ParticipantRole.VICTIM
                    )
                )
        charged = wanted = 0
        verdicts = pending = 0
        prosecutions = 0
        self.case_people = []
        for index in range(perpetrators):
            outcome = self.perpetrator(case, form, destination, registered, index, group, town)
            if outcome is None:
                wanted += 1
                continue
            charged += 1
            if outcome == "verdict":
                verdicts += 1
                prosecutions += 1
            elif outcome == "court":
                pending += 1
                prosecutions += 1
        age_days = (self.today - registered).days
        if verdicts and not pending and not wanted:
            case.status = CaseStatus.CLOSED
        elif verdicts or pending:
            case.status = CaseStatus.IN_COURT
        elif wanted and not charged and age_days > 365:
            case.status = CaseStatus.SUSPENDED
        elif perpetrators == 0 and age_days > 365:
            case.status = CaseStatus.SUSPENDED
        else:
            case.status = CaseStatus.INVESTIGATION
        case.solved = charged > 0
        self.crimes(case, articles, primary, len(victims))
        if group:
            # Neutralised once nobody of it is wanted any more and someone was charged.
            neutralised = None
            if not wanted and charged:
                neutralised = self.cap(self.after(registered, 60, 400))
            batch.groups.append(
                (
                    self.rows_group(
                        owner_agency_id=self.owner.pk, name=group, neutralised_on=neutralised
                    ),
                    case,
                    list(self.case_people),
                )
            )
        return prosecutions

    def crimes(self, case: CriminalCase, articles: list[str], primary: str, victims: int) -> None:
        """The case's crime episodes: under its first article one, and about one more for
        every second further victim; one under each other article. Solved as the case is."""
        rng = self.rng
        episodes = 1 + sum(rng.random() < 0.5 for _victim in range(victims - 1))
        codes = [primary] * episodes + [code for code in articles if code != primary]
        for index, code in enumerate(codes):
            if code not in self.articles:
                continue
            # The first episode opened the case; the others were joined to it later.
            later = self.after(case.registered_on, 0, 60)
            registered = case.registered_on if index == 0 else self.cap(later)
            solved_on = self.cap(self.after(registered, 10, 200)) if case.solved else None
            self.batch.crimes.append(
                self.rows_crime(
                    case_id=case.pk,
                    article_id=self.articles[code].pk,
                    registered_on=registered,
                    solved=case.solved,
                    solved_on=solved_on,
                )
            )

    def perpetrator(
        self,
        case: CriminalCase,
        form: str,
        destination: str,
        registered: datetime.date,
        index: int,
        group: str,
        town: str,
    ) -> str | None:
        """One perpetrator with their part in the case and, for older cases, their trial.
        Returns None while they are wanted, "court" when the trial is pending, "verdict"
        when it ended, "" when not yet sent to court."""
        rng = self.rng
        female_share = PERPETRATOR_FEMALE_SHARE.get(form, 0.2)
        sex = Sex.FEMALE if rng.random() < female_share else Sex.MALE
        age = int(rng.triangular(21, 66, 38))
        born = self.born(registered, age)
        foreign = destination in ("TR", "RU", "GE", "IR") and index > 0 and rng.random() < 0.35
        citizenship = destination if foreign else "AZ"
        style = STYLE_TABLE(rng)
        if foreign and destination in ("RU",):
            name = foreign_name(self.rng, FOREIGN[3], sex)
        elif foreign:
            # Exploiters in Türkiye, Georgia or Iran, often of Azerbaijani descent: entered
            # from their passports in Latin, without a patronymic.
            name = az_name(self.rng, sex, "passport", patronymic=False)
        else:
            name = az_name(self.rng, sex, style)
        documents = self.az_documents(registered, age, destination != "AZ") if not foreign else []
        phones = [self.az_phone()] if rng.random() < 0.7 else []
        person = self.person(
            prefix="P",
            registered=registered,
            sex=sex,
            born=born,
            name=name,
            address=self.az_address(town if rng.random() < 0.6 else AZ_TOWNS(rng), style)
            if not foreign and rng.random() < 0.85
            else None,
            citizenship=citizenship,
            languages=["az"] + (["ru"] if rng.random() < 0.35 else []) if not foreign else ["ru"],
            documents=documents,
            phones=phones,
        )
        if index == 0:
            roles = [PR.RECRUITER] + ([PR.TRANSPORTER] if rng.random() < 0.3 else [])
            if group:
                roles.append(PR.ORGANISER)
        else:
            roles = [
                rng.choice(
                    [
                        PR.EXPLOITER,
                        PR.HARBOURER,
                        PR.TRANSPORTER,
                        PR.SELLER,
                        PR.BUYER,
                        PR.BROKER,
                        PR.RECRUITER,
                    ]
                )
            ]
            if foreign:
                roles = [PR.EXPLOITER] + ([PR.BUYER] if rng.random() < 0.3 else [])
        roll = rng.random()
        wanted = WantedStatus.NOT_WANTED
        extradition = Extradition.NONE
        caught_on = None
        if roll < (0.45 if foreign else 0.1):
            wanted = WantedStatus.ABROAD
            extradition = Table(
                [
                    (Extradition.NONE, 35),
                    (Extradition.REQUESTED, 45),
                    (Extradition.DONE, 15),
                    (Extradition.REFUSED, 5),
                ]
            )(rng)
        elif roll < (0.5 if foreign else 0.18):
            wanted = WantedStatus.IN_COUNTRY
        history: list[tuple[str, datetime.date]] = []
        if wanted:
            history.append((wanted, self.cap(self.after(registered, 3, 60))))
            caught = rng.random() < (0.9 if extradition == Extradition.DONE else 0.4)
            if caught:
                day = self.after(registered, 20, 700)
                if day <= self.today:
                    caught_on = day
                    wanted = WantedStatus.CAUGHT
                    first, since = history[0]
                    history = [(first, min(since, day)), (WantedStatus.CAUGHT, day)]
                elif extradition == Extradition.DONE:
                    extradition = Extradition.REQUESTED
            elif extradition == Extradition.DONE:
                extradition = Extradition.REQUESTED
        part = self.rows_participant(
            case_id=case.pk,
            person_id=person.pk,
            role=ParticipantRole.PERPETRATOR,
            perpetrator_roles=sorted(set(roles)),
            group_member=bool(group),
            wanted=wanted,
            caught_on=caught_on,
            extradition=extradition,
        )
        self.batch.participants.append(part)
        self.case_people.append(person)
        if history:
            self.batch.wanted.append((part, history))
        if wanted in (WantedStatus.ABROAD, WantedStatus.IN_COUNTRY):
            return None
        start = caught_on or registered
        sent = self.after(start, 45, 240)
        if sent > self.today or rng.random() < 0.06:
            return ""
        verdict_on = self.after(sent, 30, 200)
        prosecution = self.rows_prosecution(
            case_id=case.pk,
            accused_id=person.pk,
            accused_sex=person.sex,
            court=COURTS(rng),
            charged_on=self.after(start, 5, 40),  # before it is sent to court (45 days on)
            sent_to_court_on=sent,
        )
        if verdict_on <= self.today:
            prosecution.verdict_on = verdict_on
            self.verdict(prosecution)
            result = "verdict"
        else:
            result = "court"
        self.batch.prosecutions.append(prosecution)
        return result

    def verdict(self, prosecution: Prosecution) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.04:
            prosecution.outcome = VerdictOutcome.ACQUITTED
            return
        if roll < 0.07:
            prosecution.outcome = VerdictOutcome.DISMISSED
            return
        prosecution.outcome = VerdictOutcome.CONVICTED
        sentence = rng.random()
        if sentence < 0.78:
            prosecution.sentence = SentenceKind.IMPRISONMENT
            prosecution.term_months = int(rng.triangular(48, 144, 84)) // 6 * 6
        elif sentence < 0.91:
            prosecution.sentence = SentenceKind.CONDITIONAL
            prosecution.term_months = rng.choice([24, 30, 36, 48, 60])
        elif sentence < 0.95:
            prosecution.sentence = SentenceKind.DEFERRED
            prosecution.term_months = rng.choice([12, 18, 24, 36])
        else:
            prosecution.sentence = SentenceKind.FINE
            prosecution.fine_azn = Decimal(rng.randint(2, 18) * 500)
        if rng.random() < 0.2:
            prosecution.confiscation = True
            prosecution.confiscation_note = rng.choice(CONFISCATED)

    # writing

    def flush(self, *, seed: int, number: int) -> int:
        """Write the rows gathered so far (ctis.bootstrap.demo.batch); returns the persons."""
        batch, self.batch = self.batch, Batch(recorded_by=self.user.pk if self.user else None)
        self.protection.flushed()
        return batch_write(batch, seed=seed, number=number)


def demo_persons(*, count: int, seed: int = 2021, batch_size: int = 2000, stdout=None) -> dict:
    """Generate ``count`` synthetic persons owned by the special police unit (see the
    module's docstring); returns counts and the time taken."""
    if settings.PRODUCTION:
        raise ValueError(_("Demonstration data is never generated in production."))
    if count < 1:
        raise ValueError(_("The number of persons must be at least 1."))
    if batch_size < 1:
        raise ValueError(_("The batch size must be at least 1."))
    owner = Agency.objects.filter(code=OWNER_AGENCY).first()
    if owner is None:
        raise ValueError(
            _("The agency %(code)s does not exist: run ctis setup first.") % {"code": OWNER_AGENCY}
        )
    if not CriminalCodeArticle.objects.filter(code__in=["144-1", "144-2", "144-3"]).exists():
        articles_load_reference()
    user = User.objects.filter(username=DEMO_USER).first()
    generator = Generator(random.Random(seed), owner=owner, user=user, seed=seed)
    started = time.perf_counter()
    totals = {
        "persons": 0,
        "victims": 0,
        "perpetrators": 0,
        "children": 0,
        "cases": 0,
        "prosecutions": 0,
        "batches": 0,
    }
    pending = 0
    while totals["persons"] + pending < count:
        cases_before = len(generator.batch.cases)
        victims, perpetrators, children, prosecutions = generator.cluster(
            count - totals["persons"] - pending
        )
        totals["victims"] += victims
        totals["perpetrators"] += perpetrators
        totals["children"] += children
        totals["prosecutions"] += prosecutions
        totals["cases"] += len(generator.batch.cases) - cases_before
        pending += victims + perpetrators + children
        if pending >= batch_size or totals["persons"] + pending >= count:
            totals["batches"] += 1
            totals["persons"] += generator.flush(seed=seed, number=totals["batches"])
            pending = 0
            if stdout is not None:
                elapsed = time.perf_counter() - started
                stdout.write(
                    _("%(done)d of %(total)d persons written (%(rate).0f persons/s).")
                    % {
                        "done": totals["persons"],
                        "total": count,
                        "rate": totals["persons"] / elapsed if elapsed else 0,
                    }
                    + "\n"
                )
    seconds = time.perf_counter() - started
    return {
        **totals,
        "seconds": seconds,
        "persons_per_second": totals["persons"] / seconds if seconds else 0.0,
    }
