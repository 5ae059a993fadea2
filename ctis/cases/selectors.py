"""Reads of the unified database for pages: lists, search and duplicate candidates.

Everything here is already narrowed to what the user may see (``ctis.cases.access``);
lists show codes and non-identifying fields only, whoever reads them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.cases.access import (
    PartScopes,
    identity_persons,
    persons_seeing,
    visible_cases,
    visible_persons,
)
from ctis.cases.choices import FORM_BITS, PersonPart, WantedStatus, masks_with
from ctis.cases.inputs import PersonInput
from ctis.cases.keys import contact_key, document_number_key, name_index_values, phone_e164
from ctis.cases.models import (
    CaseParticipant,
    Crime,
    CriminalCase,
    CriminalCodeArticle,
    CriminalGroup,
    GroupMember,
    IdentityAccess,
    Person,
    PersonContact,
    PersonDocument,
    PersonNameIndex,
    Prosecution,
    TraffickingEvent,
    VictimProfile,
    WantedChange,
)
from ctis.core import crypto
from ctis.core.models import Country
from ctis.core.names import similarity
from ctis.core.paginator import in_key_order

CODE_PATTERN = re.compile(r"^[VPC]-\d{4}-\d{1,6}$", re.IGNORECASE)
DOCUMENT_PATTERN = re.compile(r"^(?=.*\d)[A-Za-z0-9 -]{6,20}$")
# Digits with the usual separators: "050 123 45 67", "(050) 123-45-67", "+994501234567".
PHONE_PATTERN = re.compile(r"^\+?[\d ().-]{7,25}$")
AGE_GROUPS = {
    "child": (0, 17),
    "18-25": (18, 25),
    "26-40": (26, 40),
    "41+": (41, 150),
}
SORTS: dict[str, tuple[str, ...]] = {
    "recent": ("-created_at",),
    "code": ("code",),
    # Victims only (see ``person_list``): persons never identified have no place in it.
    "identified": ("-identified_on", "-created_at"),
}


# Lists and search results show codes, never names: the sealed identity fields are neither
# read nor decrypted for them.
IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "patronymic",
    "aliases",
    "birth_date",
    "address",
    "notes",
)


@dataclass
class PersonFilters:
    status: str = ""
    year: int | None = None
    form: str = ""
    country: str = ""
    sex: str = ""
    age_group: str = ""
    agency: int | None = None
    sort: str = "recent"


def person_list(user: User, filters: PersonFilters) -> QuerySet[Person]:
    persons = visible_persons(user).select_related("owner_agency").defer(*IDENTITY_FIELDS)
    # Status, year and form are the victim profile's, copied onto the person
    # (``Person.mirror_victim``) so that the filters and their count stay on one table.
    if filters.status:
        persons = persons.filter(victim_status=filters.status)
    if filters.year:
        persons = persons.filter(
            identified_on__gte=datetime.date(filters.year, 1, 1),
            identified_on__lt=datetime.date(filters.year + 1, 1, 1),
        )
    if filters.form in FORM_BITS:
        persons = persons.filter(forms_mask__in=masks_with(filters.form))
    if filters.country:
        persons = persons.filter(
            Exists(
                TraffickingEvent.objects.filter(
                    victim_id=OuterRef("pk"), country_id=filters.country
                )
            )
        )
    if filters.sex:
        persons = persons.filter(sex=filters.sex)
    if filters.age_group in AGE_GROUPS:
        low, high = AGE_GROUPS[filters.age_group]
        this_year = timezone.localdate().year
        persons = persons.filter(birth_year__gte=this_year - high, birth_year__lte=this_year - low)
    if filters.agency:
        persons = persons.filter(owner_agency_id=filters.agency)
    if filters.sort == "identified":
        persons = persons.filter(identified_on__isnull=False)
    return persons.order_by(*SORTS.get(filters.sort, SORTS["recent"])).prefetch_related(
        Prefetch(
            "citizenships", queryset=Country.objects.only("code", "name_az", "name_en", "name_ru")
        )
    )


@dataclass
class SearchResult:
    persons: list[Person]
    cases: list[CriminalCase]
    by_name: bool


def may_search_names(user: User) -> bool:
    return user.has_perm("cases.view_identities") or user.has_perm("cases.edit_records")


def search(user: User, query: str, *, limit: int = 50) -> SearchResult:
    """By code and by case number; for users who may open identities, by document number,
    by phone in any common writing (E.164, ``keys.phone_e164``) and by name in any
    spelling (through the blind indexes)."""
    query = " ".join(query.split())
    if not query:
        return SearchResult([], [], False)
    persons = list(visible_persons(user).filter(code__iexact=query).defer(*IDENTITY_FIELDS))
    cases = list(visible_cases(user).filter(number__iexact=query)[:limit])
    if persons or CODE_PATTERN.match(query):
        return SearchResult(persons, cases, False)
    if not may_search_names(user):
        return SearchResult([], cases, False)
    # Each part is compared only where the user may see it: a receiver sent the names
    # alone does not confirm a guessed document number by finding the person.
    if DOCUMENT_PATTERN.match(query):
        index = crypto.blind_index(document_number_key(query), purpose="person.document")
        by_document = list(
            persons_seeing(user, PersonPart.DOCUMENTS)
            .defer(*IDENTITY_FIELDS)
            .filter(
                Exists(PersonDocument.objects.filter(person_id=OuterRef("pk"), number_index=index))
            )[:limit]
        )
        if by_document:
            return SearchResult(by_document, cases, True)
    phone = _phone_index(query)
    if phone:
        by_phone = list(
            persons_seeing(user, PersonPart.CONTACTS)
            .defer(*IDENTITY_FIELDS)
            .filter(
                Exists(PersonContact.objects.filter(person_id=OuterRef("pk"), value_index=phone))
            )[:limit]
        )
        if by_phone:
            return SearchResult(by_phone, cases, True)
    indexes = [name_index_values(word) for word in query.split()]
    indexes = [values for values in indexes if values]
    if not indexes:
        return SearchResult([], cases, False)
    found = persons_seeing(user, PersonPart.NAMES).defer(*IDENTITY_FIELDS)
    for values in indexes:
        found = found.filter(
            Exists(PersonNameIndex.objects.filter(person_id=OuterRef("pk"), value__in=values))
        )
    # Keys first, then the rows: asked for whole rows, PostgreSQL walks the newest persons
    # probing each one's names (0.1–0.2 s for a rarer name at a million persons); asked
    # for keys, it starts from the name index (under 10 ms).
    keys = list(found.order_by("-created_at").values_list("pk", flat=True)[:limit])
    return SearchResult(in_key_order(found.order_by(), keys), cases, True)


def _phone_index(query: str) -> str | None:
    """The blind index of the phone number a search asks for, in whichever common way it
    is written; None when the query is not a valid number."""
    if not PHONE_PATTERN.match(query):
        return None
    number = phone_e164(query)
    return crypto.blind_index(number, purpose="person.contact") if number else None


def linkable(user: User, persons: list[Person]) -> list[Person]:
    """Those of ``persons`` (a search's) whose identity the user may open: the ones a form
    may link to a case or a parent, in the same order."""
    allowed = set(
        identity_persons(user).filter(pk__in=[p.pk for p in persons]).values_list("pk", flat=True)
    )
    return [person for person in persons if person.pk in allowed]


# A probe's comparisons the access decision withheld ---------------------------------------
#
# Exact identifiers only (a document number, a phone or e-mail, a date of birth beside a
# close name): a name alone matches strangers too often to mean anything.

WITHHELD_SHOWN = 10


def _withheld(scopes: PartScopes, part: str, matching: Q) -> list[str]:
    """Codes of persons who match on ``part`` where this user may not see it: the search or
    the check did not compare them, and the audit log says so (never what was asked)."""
    persons = Person.objects.filter(matching).exclude(scopes.scope(part))
    return list(persons.order_by("code").values_list("code", flat=True)[:WITHHELD_SHOWN])


def search_withheld(user: User, query: str) -> dict[str, list[str]]:
    """What ``search`` did not compare for this user: persons with this document number
    whose documents the user may not see, or with this phone number whose contacts the
    user may not see."""
    query = " ".join(query.split())
    if not may_search_names(user) or CODE_PATTERN.match(query):
        return {}
    withheld: dict[str, list[str]] = {}
    scopes = PartScopes(user)
    if DOCUMENT_PATTERN.match(query):
        index = crypto.blind_index(document_number_key(query), purpose="person.document")
        withheld[PersonPart.DOCUMENTS] = _withheld(
            scopes,
            PersonPart.DOCUMENTS,
            Q(Exists(PersonDocument.objects.filter(person_id=OuterRef("pk"), number_index=index))),
        )
    phone = _phone_index(query)
    if phone:
        withheld[PersonPart.CONTACTS] = _withheld(
            scopes,
            PersonPart.CONTACTS,
            Q(Exists(PersonContact.objects.filter(person_id=OuterRef("pk"), value_index=phone))),
        )
    return {part: codes for part, codes in withheld.items() if codes}


def duplicates_withheld(
    user: User, data: PersonInput, *, scopes: PartScopes | None = None
) -> dict[str, list[str]]:
    """What ``person_duplicates`` did not compare for this user: persons with the same
    document number, phone or e-mail, or a close name and the same date of birth, where
    the user may not see that part. ``scopes``: the user's, when many rows are checked."""
    return DuplicateChecks(user, [data], scopes=scopes).withheld(0)


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str]


def person_duplicates(
    user: User, data: PersonInput, *, limit: int = 10, scopes: PartScopes | None = None
) -> list[Candidate]:
    """Persons the user may open who are probably the one being entered: same document or
    phone, or a close name with an agreeing date or year of birth and sex. Each part is
    compared only with persons in whose record the user may see it (a receiver sent the
    names alone learns nothing of a date of birth, document or phone from the reasons).
    ``scopes``: the user's, built once when many rows are checked (an import)."""
    return DuplicateChecks(user, [data], scopes=scopes).candidates(0, limit=limit)


# A chunk of keys in one ``IN`` list: well under SQLite's limit of bound parameters.
IN_CHUNK = 5_000


def _chunks(values: Iterable, size: int = IN_CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _year_close(entered: int | None, stored: int | None) -> bool:
    return entered is None or stored is None or abs(entered - stored) <= 1


class DuplicateChecks:
    """``person_duplicates`` and ``duplicates_withheld`` of many persons being entered at
    once (an import's batch): a few queries for all the rows, whatever their number, each
    row then answered in Python. The two functions are this class with one row, so a row
    is checked the same way alone and in a batch. The candidates and the withheld matches
    are each looked up when first asked for.

    The rules, per row: a candidate is a person the user may see the part of (``scopes``)
    with the same document or contact blind index, or, for the names, with a name key of
    the family name (of the given name when there is none) and, with a family name, one of
    the given name, born within a year of the row's year of birth (or either unknown);
    at most ``NAMES_COMPARED`` of those (the most recently entered) have their names
    compared, and a close one counts. Withheld: the persons matching a document, a contact,
    or a name key and the date of birth whose part the user may not see; the date of birth
    is sealed, so it is opened and compared here."""

    NAMES_COMPARED = 200
    SAME_KEY_SHOWN = 10  # of the persons with the same document, or the same contact

    def __init__(
        self,
        user: User,
        rows: list[PersonInput],
        *,
        scopes: PartScopes | None = None,
        keys: list[DuplicateKeys] | None = None,
    ) -> None:
        self.user = user
        self.rows = rows
        self.scopes = scopes or PartScopes(user)
        self.keys = keys if keys is not None else [DuplicateKeys.of(row) for row in rows]
        self._found: list[dict[UUID, Candidate]] | None = None
        self._withheld: list[dict[str, list[str]]] | None = None

    def candidates(self, index: int, *, limit: int = 10) -> list[Candidate]:
        if self._found is None:
            self._found = self._find()
        return sorted(self._found[index].values(), key=lambda c: -c.score)[:limit]

    def withheld(self, index: int) -> dict[str, list[str]]:
        if self._withheld is None:
            self._withheld = self._find_withheld()
        return self._withheld[index]

    # Candidates --------------------------------------------------------------------------

    def _by_index(self, part: str, related: str, wanted: set[str]) -> dict[str, set[UUID]]:
        """The persons, among those the user sees ``part`` of, holding each wanted blind
        index (of a document or contact: ``related`` names the index)."""
        held: dict[str, set[UUID]] = {}
        for chunk in _chunks(wanted):
            pairs = (
                self.scopes.seeing(part)
                .filter(**{f"{related}__in": chunk})
                .order_by()
                .values_list(related, "pk")
                .distinct()
            )
            for value, pk in pairs:
                held.setdefault(value, set()).add(pk)
        return held

    def _named(self, rows: list[int], *, with_given: bool) -> dict[UUID, tuple]:
        """The persons whose names the user sees that the name branch could compare with
        ``rows``: their name keys among the rows', their year of birth, when entered."""
        names = set().union(*(self.keys[i].names for i in rows))
        given = set().union(*(self.keys[i].given for i in rows)) if with_given else set()
        years = [self._year(i) for i in rows]
        # Found by the rarer keys: the given name's, with a family name (a family name is
        # shared by thousands); each person's keys are then compared in Python.
        persons = self.scopes.seeing(PersonPart.NAMES).filter(
            pk__in=PersonNameIndex.objects.filter(value__in=given or names).values("person_id")
        )
        if None not in years:
            near = {y + step for y in years if y is not None for step in (-1, 0, 1)}
            persons = persons.filter(Q(birth_year__isnull=True) | Q(birth_year__in=near))
        found: dict[UUID, tuple] = {}
        entries = PersonNameIndex.objects.filter(
            person_id__in=persons.values("pk"), value__in=names | given
        ).values_list("person_id", "value", "person__birth_year", "person__created_at")
        for pk, value, birth_year, created_at in entries:
            keys, _year, _at = found.setdefault(pk, (set(), birth_year, created_at))
            keys.add(value)
        return found

    def _year(self, index: int) -> int | None:
        data = self.rows[index]
        return data.birth_date.year if data.birth_date else data.birth_year

    def _find(self) -> list[dict[UUID, Candidate]]:
        keys = self.keys
        documents = self._by_index(
            PersonPart.DOCUMENTS,
            "documents__number_index",
            set().union(*(k.documents for k in keys)),
        )
        contacts = self._by_index(
            PersonPart.CONTACTS, "contacts__value_index", set().union(*(k.contacts for k in keys))
        )
        named: dict[UUID, tuple] = {}
        family = [i for i, k in enumerate(keys) if k.names and k.given]
        alone = [i for i, k in enumerate(keys) if k.names and not k.given]
        if family:
            named.update(self._named(family, with_given=True))
        if alone:
            for pk, (found_keys, year, at) in self._named(alone, with_given=False).items():
                named.setdefault(pk, (set(), year, at))[0].update(found_keys)
        # Each row's persons: by document and contact (at most ``limit`` a kind, as the
        # entry form lists), and the names to compare.
        by_row: list[tuple[set[UUID], set[UUID], list[UUID]]] = []
        wanted: set[UUID] = set()
        newest_first = sorted(named, key=lambda pk: named[pk][2], reverse=True)
        for i, row_keys in enumerate(keys):
            same_document = set().union(*(documents.get(v, ()) for v in row_keys.documents))
            same_contact = set().union(*(contacts.get(v, ()) for v in row_keys.contacts))
            year = self._year(i)
            compared: list[UUID] = []
            if row_keys.names:
                for pk in newest_first:
                    found_keys, stored_year, _at = named[pk]
                    if (
                        found_keys & row_keys.names
                        and (not row_keys.given or found_keys & row_keys.given)
                        and _year_close(year, stored_year)
                    ):
                        compared.append(pk)
                        if len(compared) == self.NAMES_COMPARED:
                            break
            by_row.append((same_document, same_contact, compared))
            wanted |= same_document | same_contact | set(compared)
        persons: dict[UUID, Person] = {}
        birth_seen: set[UUID] = set()
        for chunk in _chunks(wanted):
            persons.update((p.pk, p) for p in Person.objects.filter(pk__in=chunk))
        named_wanted = [pk for _d, _c, compared in by_row for pk in compared]
        for chunk in _chunks(set(named_wanted)):
            birth_seen.update(
                self.scopes.seeing(PersonPart.BIRTH_DATE)
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            )
        return [
            self._row_candidates(i, persons, birth_seen, *found) for i, found in enumerate(by_row)
        ]

    def _row_candidates(
        self,
        index: int,
        persons: dict[UUID, Person],
        birth_seen: set[UUID],
        same_document: set[UUID],
        same_contact: set[UUID],
        compared: list[UUID],
    ) -> dict[UUID, Candidate]:
        data = self.rows[index]
        found: dict[UUID, Candidate] = {}
        newest = sorted(
            (persons[pk] for pk in same_document), key=lambda p: p.created_at, reverse=True
        )
        for person in newest[: self.SAME_KEY_SHOWN]:
            found[person.pk] = Candidate(person, 1.0, [_("same document number")])
        newest = sorted(
            (persons[pk] for pk in same_contact), key=lambda p: p.created_at, reverse=True
        )
        for person in newest[: self.SAME_KEY_SHOWN]:
            found.setdefault(person.pk, Candidate(person, 0.95, [])).reasons.append(
                _("same phone or e-mail")
            )
        entered = " ".join(filter(None, [data.given_name, data.patronymic, data.family_name]))
        birth_year = self._year(index)
        for pk in compared:
            person = persons[pk]
            existing = " ".join(
                filter(None, [person.given_name, person.patronymic, person.family_name])
            )
            score = similarity(entered, existing)
            if score < 0.85:
                continue
            reasons = [_("similar name (%(score)d%%)") % {"score": round(score * 100)}]
            # The date of birth counts only where the user may see it.
            if (
                data.birth_date
                and person.pk in birth_seen
                and person.birth_date == data.birth_date.isoformat()
            ):
                score += 0.1
                reasons.append(_("same date of birth"))
            elif birth_year and person.birth_year == birth_year:
                score += 0.05
                reasons.append(_("same year of birth"))
            if data.sex and person.sex == data.sex and data.sex != "NonSpecifiedUnknown":
                score += 0.02
            elif data.sex != "NonSpecifiedUnknown" and person.sex != "NonSpecifiedUnknown":
                score -= 0.2
                reasons.append(_("different sex"))
            current = found.get(person.pk)
            if current:
                current.reasons.extend(reasons)
                current.score = max(current.score, score)
            elif score >= 0.85:
                found[person.pk] = Candidate(person, score, reasons)
        # Every candidate came from a part's ``seeing``: the user may open each one.
        return found

    # Withheld ----------------------------------------------------------------------------

    def _codes_withheld(self, part: str, related: str, wanted: set[str]) -> dict[str, set[str]]:
        """The codes of persons holding each wanted blind index whose ``part`` the user may
        not see."""
        held: dict[str, set[str]] = {}
        for chunk in _chunks(wanted):
            pairs = (
                Person.objects.filter(**{f"{related}__in": chunk})
                .exclude(self.scopes.scope(part))
                .order_by()
                .values_list(related, "code")
                .distinct()
            )
            for value, code in pairs:
                held.setdefault(value, set()).add(code)
        return held

    def _born_withheld(self, rows: list[int]) -> list[tuple[set[str], int | None, str, str]]:
        """The persons a row with a date of birth could meet by a name key and that date,
        whose date of birth the user may not see: their name keys among the rows', year,
        sealed date of birth (opened here, never shown) and code."""
        names = set().union(*(self.keys[i].names for i in rows))
        years = {self.keys[i].birth_year for i in rows}
        born = Person.objects.filter(
            Exists(PersonNameIndex.objects.filter(person_id=OuterRef("pk"), value__in=names)),
            birth_year__in=years,
        ).exclude(self.scopes.scope(PersonPart.BIRTH_DATE))
        found: dict[UUID, tuple[set[str], int | None, str, str]] = {
            pk: (set(), year, date or "", code)
            for pk, year, date, code in born.values_list("pk", "birth_year", "birth_date", "code")
        }
        entries = PersonNameIndex.objects.filter(
            person_id__in=born.values("pk"), value__in=names
        ).values_list("person_id", "value")
        for pk, value in entries:
            if pk in found:
                found[pk][0].add(value)
        return list(found.values())

    def _find_withheld(self) -> list[dict[str, list[str]]]:
        keys = self.keys
        documents = self._codes_withheld(
            PersonPart.DOCUMENTS,
            "documents__number_index",
            set().union(*(k.documents for k in keys)),
        )
        contacts = self._codes_withheld(
            PersonPart.CONTACTS, "contacts__value_index", set().union(*(k.contacts for k in keys))
        )
        dated = [i for i, data in enumerate(self.rows) if data.birth_date and keys[i].names]
        born = self._born_withheld(dated) if dated else []
        out = []
        for i, row_keys in enumerate(keys):
            withheld: dict[str, list[str]] = {}
            for part, held, wanted in (
                (PersonPart.DOCUMENTS, documents, row_keys.documents),
                (PersonPart.CONTACTS, contacts, row_keys.contacts),
            ):
                codes = set().union(*(held.get(value, ()) for value in wanted))
                if codes:
                    withheld[part] = sorted(codes)[:WITHHELD_SHOWN]
            birth_date = self.rows[i].birth_date
            if birth_date and row_keys.names:
                day = birth_date.isoformat()
                codes = {
                    code
                    for found_keys, year, date, code in born
                    if year == birth_date.year and found_keys & row_keys.names and date == day
                }
                if codes:
                    withheld[PersonPart.BIRTH_DATE] = sorted(codes)[:WITHHELD_SHOWN]
            out.append(withheld)
        return out


@dataclass(frozen=True)
class DuplicateKeys:
    """The keys by which a person being entered can meet a stored one, which
    ``person_duplicates`` and ``duplicates_withheld`` compare: every branch of both needs
    one of them to be stored (a document's or contact's blind index, a family and a given name
    key of one person, or a name key with the year of birth)."""

    documents: frozenset[str]
    contacts: frozenset[str]
    names: frozenset[str]  # the family name's keys, or the given name's without one
    given: frozenset[str]  # with a family name: the given name's keys, both needed
    birth_year: int | None  # of the date of birth (the withheld check compares it)
    year: int | None  # of birth, from the date or the year alone (as the person keeps it)
    stored: frozenset[str]  # every name key the person's name index will hold

    @classmethod
    def of(cls, data: PersonInput) -> DuplicateKeys:
        given = name_index_values(data.given_name)
        family = name_index_values(data.family_name) if data.family_name else set()
        others = name_index_values(data.patronymic, data.aliases)
        return cls(
            documents=frozenset(
                crypto.blind_index(document_number_key(d.number), purpose="person.document")
                for d in data.documents
                if document_number_key(d.number)
            ),
            contacts=frozenset(
                crypto.blind_index(contact_key(c.kind, c.value), purpose="person.contact")
                for c in data.contacts
                if c.value.strip()
            ),
            names=frozenset(family or given),
            given=frozenset(given if family else ()),
            birth_year=data.birth_date.year if data.birth_date else None,
            year=data.birth_date.year if data.birth_date else data.birth_year,
            # What ``name_index_values`` of the four gives: it is the union of each one's.
            stored=frozenset(given | family | others),
        )

    def meets(self, other: DuplicateKeys, *, seen_whole: bool = False) -> bool:
        """Whether the checks could find ``other`` (entered before, in the same batch) for
        this person: by the conditions ``duplicates_possible`` applies to stored persons.
        ``seen_whole``: the one checking sees the documents, contacts and date of birth
        of ``other`` (the holder, of what it entered), so nothing of it can be withheld
        and only ``person_duplicates``' conditions count (the year of birth within one)."""
        if self.documents & other.documents or self.contacts & other.contacts:
            return True
        theirs = other.stored
        if not self.names & theirs:
            return False
        if seen_whole:
            return bool(not self.given or self.given & theirs) and _year_close(
                self.year, other.year
            )
        if not self.given:
            return True
        same_year = self.birth_year is not None and self.birth_year == other.birth_year
        return bool(self.given & theirs) or same_year


def codes_seen_whole(scopes: PartScopes, codes: list[str]) -> set[str]:
    """Those of the persons with ``codes`` (just entered) whose every part a duplicate
    check could withhold the user sees (``PartScopes.seen_whole``)."""
    found: set[str] = set()
    for chunk in _chunks(codes):
        persons = scopes.seen_whole(Person.objects.filter(code__in=chunk))
        found.update(persons.values_list("code", flat=True))
    return found


def duplicates_possible(rows: list[DuplicateKeys]) -> list[bool]:
    """For each row, whether ``person_duplicates`` or ``duplicates_withheld`` could find
    anyone stored, whoever asks: a row for which this is False has neither candidates nor
    withheld matches, so a batch (an import) runs the two checks for the other rows only.
    Four queries a batch, whatever its size, and none reads a sealed column."""
    documents = set().union(*(row.documents for row in rows))
    contacts = set().union(*(row.contacts for row in rows))
    names = set().union(*(row.names for row in rows))
    given = set().union(*(row.given for row in rows))
    years = {row.birth_year for row in rows if row.birth_year}
    stored_documents = set(
        PersonDocument.objects.filter(number_index__in=documents).values_list(
            "number_index", flat=True
        )
        if documents
        else ()
    )
    stored_contacts = set(
        PersonContact.objects.filter(value_index__in=contacts).values_list("value_index", flat=True)
        if contacts
        else ()
    )
    stored_names: set[str] = set()
    stored_pairs: set[tuple[str, str]] = set()
    stored_years: set[tuple[str, int | None]] = set()
    if names:
        stored_names = set(
            PersonNameIndex.objects.filter(value__in=names)
            .values_list("value", flat=True)
            .distinct()
        )
    if stored_names and given:
        stored_pairs = set(
            PersonNameIndex.objects.filter(
                value__in=stored_names & names,
                person__name_indexes__value__in=given,
            )
            .values_list("value", "person__name_indexes__value")
            .distinct()
        )
    if stored_names and years:
        stored_years = set(
            PersonNameIndex.objects.filter(
                value__in=stored_names & names, person__birth_year__in=years
            )
            .values_list("value", "person__birth_year")
            .distinct()
        )

    def possible(row: DuplicateKeys) -> bool:
        if row.documents & stored_documents or row.contacts & stored_contacts:
            return True
        met = row.names & stored_names
        if not met:
            return False
        if not row.given:  # no family name: a given name's key is enough for a candidate
            return True
        if any((name, key) in stored_pairs for name in met for key in row.given):
            return True
        return bool(row.birth_year) and any((name, row.birth_year) in stored_years for name in met)

    return [possible(row) for row in rows]


def person_key(code: str) -> UUID | None:
    """The key of the person with this code (``v-2021-0001`` reads as ``V-2021-0001``), or
    None; who may see the person is the access decision's to say, after."""
    return Person.objects.filter(code=code.strip().upper()).values_list("pk", flat=True).first()


def person_cases(person: Person) -> list[CaseParticipant]:
    return list(
        CaseParticipant.objects.filter(person=person)
        .select_related("case")
        .order_by("-case__registered_on")
    )


def person_prosecutions(person: Person) -> list[Prosecution]:
    return list(Prosecution.objects.filter(accused=person).select_related("case"))


def identity_log(person: Person, *, limit: int = 100) -> list[IdentityAccess]:
    return list(
        IdentityAccess.objects.filter(person=person).select_related("user", "agency")[:limit]
    )


def case_list(
    user: User, *, status: str = "", year: int | None = None, article: str = "", query: str = ""
) -> QuerySet[CriminalCase]:
    cases = visible_cases(user).select_related("registering_agency").prefetch_related("articles")
    if status:
        cases = cases.filter(status=status)
    if year:
        cases = cases.filter(
            registered_on__gte=datetime.date(year, 1, 1),
            registered_on__lt=datetime.date(year + 1, 1, 1),
        )
    if article:
        cases = cases.filter(articles__code=article)
    if query:
        cases = cases.filter(number__icontains=query)
    return cases.order_by("-registered_on", "number")


def persons_with_contact(user: User, kind: str, value: str) -> QuerySet[Person]:
    """Persons the user may see the contacts of who have this phone number or e-mail
    address (``kind`` a ``ctis.core.identifiers.IdentifierKind`` or a ``ContactKind``):
    how the hotline and monitoring link a caller or an advertisement to a person of the
    unified database, through the access decision. A messenger handle is kept as an
    "Other" contact and compared as written (lower-cased)."""
    contact_kind = {"phone": "Phone", "email": "Email", "handle": "Other"}.get(kind, kind)
    index = crypto.blind_index(contact_key(contact_kind, value), purpose="person.contact")
    return persons_seeing(user, PersonPart.CONTACTS).filter(contacts__value_index=index).distinct()


# Crimes, groups, charges and the wanted history (ADR 0018) -----------------------------
# The reads below that take a period are for statistics: counts over the whole database,
# one query each whatever the number of rows, naming nobody.

WANTED: list[str] = [WantedStatus.IN_COUNTRY, WantedStatus.ABROAD]


@dataclass(frozen=True)
class CrimeCount:
    article: str  # the article's code
    is_trafficking: bool
    is_document_related: bool
    recorded: int  # crimes registered in the period
    solved: int  # of those, solved (as they stand now)


def crimes_by_article(start: datetime.date, end: datetime.date) -> list[CrimeCount]:
    """The crimes registered from ``start`` to ``end`` (both included), by article."""
    rows = (
        Crime.objects.filter(registered_on__gte=start, registered_on__lte=end)
        .values(
            "article__code",
            "article__is_trafficking",
            "article__is_document_related",
            "article__position",
        )
        .annotate(recorded=Count("id"), solved=Count("id", filter=Q(solved=True)))
        .order_by("article__position", "article__code")
    )
    return [
        CrimeCount(
            article=row["article__code"],
            is_trafficking=row["article__is_trafficking"],
            is_document_related=row["article__is_document_related"],
            recorded=row["recorded"],
            solved=row["solved"],
        )
        for row in rows
    ]


def groups_neutralised(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """(groups neutralised from ``start`` to ``end``, their distinct members)."""
    counts = CriminalGroup.objects.filter(
        neutralised_on__gte=start, neutralised_on__lte=end
    ).aggregate(
        groups=Count("id", distinct=True), members=Count("memberships__person", distinct=True)
    )
    return counts["groups"], counts["members"]


def _status_on(day: datetime.date, *, before: bool = False) -> Subquery:
    """A participant's wanted status on ``day`` (``before``: when the day began), from the
    history: its last change by then (None: no change recorded by then)."""
    on = {"on__lt": day} if before else {"on__lte": day}
    return Subquery(
        WantedChange.objects.filter(participant=OuterRef("pk"), **on)
        .order_by("-on", "-recorded_at", "-id")
        .values("status")[:1]
    )


def _changes_between(start: datetime.date, end: datetime.date, statuses: list[str]) -> Exists:
    return Exists(
        WantedChange.objects.filter(
            participant=OuterRef("pk"), on__gte=start, on__lte=end, status__in=statuses
        )
    )


def wanted_as_of(day: datetime.date) -> QuerySet[CaseParticipant]:
    """The participants wanted (in the country or abroad) on ``day``, by their history."""
    return (
        CaseParticipant.objects.annotate(status_then=_status_on(day))
        .filter(status_then__in=WANTED)
        .order_by("created_at")
    )


def abroad_as_of(day: datetime.date) -> QuerySet[CaseParticipant]:
    """The participants wanted abroad on ``day``."""
    return (
        CaseParticipant.objects.annotate(status_then=_status_on(day))
        .filter(status_then=WantedStatus.ABROAD)
        .order_by("created_at")
    )


def caught_between(start: datetime.date, end: datetime.date) -> QuerySet[CaseParticipant]:
    """The participants caught from ``start`` to ``end``."""
    return CaseParticipant.objects.filter(
        _changes_between(start, end, [str(WantedStatus.CAUGHT)])
    ).order_by("created_at")


@dataclass(frozen=True)
class WantedSummary:
    wanted: int  # persons wanted at some time in the period (caught in it included)
    caught: int  # persons caught in the period
    abroad: int  # persons still wanted abroad when the period ended


def wanted_summary(start: datetime.date, end: datetime.date) -> WantedSummary:
    """Distinct persons (a person wanted in two cases counts once): wanted during the
    period (wanted when it began, put on the list or caught in it), caught in it, and
    still wanted abroad at its end. One query.

    The history is read once, in order, up to the period's end (every change by then,
    never the participants without one), and each participant's changes are walked: the
    last before the period is its status when the period began, the last by its end its
    status then (the rule of ``_status_on``, without a subquery per participant)."""
    changes = (
        WantedChange.objects.filter(on__lte=end)
        .order_by("participant_id", "on", "recorded_at", "id")
        .values_list("participant_id", "participant__person_id", "status", "on")
    )
    wanted: set[object] = set()
    caught: set[object] = set()
    abroad: set[object] = set()
    for _participant, history in groupby(changes.iterator(chunk_size=10_000), itemgetter(0)):
        rows = list(history)
        person = rows[0][1]
        at_start = at_end = None
        listed_in = caught_in = False
        for *_keys, status, on in rows:
            if on < start:
                at_start = status
            else:
                listed_in = listed_in or status in WANTED
                caught_in = caught_in or status == WantedStatus.CAUGHT
            at_end = status
        if at_start in WANTED or listed_in or caught_in:
            wanted.add(person)
        if caught_in:
            caught.add(person)
        if at_end == WantedStatus.ABROAD:
            abroad.add(person)
    return WantedSummary(len(wanted), len(caught), len(abroad))


# The case page's parts -----------------------------------------------------------------


def case_crimes(case: CriminalCase) -> list[Crime]:
    return list(case.crimes.select_related("article").order_by("registered_on", "created_at"))


def case_groups(case: CriminalCase) -> list[CriminalGroup]:
    """The groups tied to the case, each with its members by code (their sealed columns
    neither read nor decrypted)."""
    members = GroupMember.objects.select_related("person").only(
        "id", "group", "person", "created_at", "person__id", "person__code"
    )
    return list(
        case.groups.prefetch_related(Prefetch("memberships", queryset=members)).order_by(
            "name", "created_at"
        )
    )


def groups_to_link(case: CriminalCase) -> QuerySet[CriminalGroup]:
    """The groups a case may be tied to: the unit's groups not tied to it yet that have a
    member linked to this case (a few, whatever the number of groups the unit holds)."""
    persons = CaseParticipant.objects.filter(case=case).values("person_id")
    return (
        CriminalGroup.objects.filter(
            owner_agency_id=case.owner_agency_id, memberships__person_id__in=persons
        )
        .exclude(cases=case)
        .distinct()
        .order_by("name", "created_at")
    )


def with_wanted_history(participants: QuerySet[CaseParticipant]) -> QuerySet[CaseParticipant]:
    """The participants with their wanted history, read in one query for all."""
    history = WantedChange.objects.order_by("on", "recorded_at", "id")
    return participants.prefetch_related(Prefetch("wanted_changes", queryset=history))


# A case's parts, by the persons' codes (the API's case resources) ----------------------


def case_participants(case: CriminalCase) -> list[CaseParticipant]:
    """The persons linked to the case, by code (their sealed columns neither read nor
    decrypted), each with their wanted history; as the case's page lists them."""
    return list(
        with_wanted_history(
            case.participants.select_related("person").defer(
                *(f"person__{name}" for name in IDENTITY_FIELDS)
            )
        )
    )


def case_participant(case: CriminalCase, participant_id: int) -> CaseParticipant | None:
    """One person's link to this case, by the link's key (None: not a link of this case)."""
    return (
        case.participants.select_related("person")
        .defer(*(f"person__{name}" for name in IDENTITY_FIELDS))
        .filter(pk=participant_id)
        .first()
    )


def case_prosecutions(case: CriminalCase) -> list[Prosecution]:
    """The case's prosecutions, the accused by code."""
    return list(
        case.prosecutions.select_related("accused").defer(
            *(f"accused__{name}" for name in IDENTITY_FIELDS)
        )
    )


def case_prosecution(case: CriminalCase, accused_code: str) -> Prosecution | None:
    """The prosecution in this case of the accused with this code (None: there is none)."""
    return (
        case.prosecutions.select_related("accused")
        .defer(*(f"accused__{name}" for name in IDENTITY_FIELDS))
        .filter(accused__code=accused_code.strip().upper())
        .first()
    )


def victim_event(person: Person, event_id: int) -> TraffickingEvent | None:
    """One event of the person's victim profile, by its key (None: not one of theirs);
    its place and description are not read."""
    return (
        TraffickingEvent.objects.select_related("victim", "country")
        .filter(pk=event_id, victim__person=person)
        .first()
    )


def article_in_use(code: str) -> CriminalCodeArticle | None:
    """The article of the Criminal Code with this code (``144-1``) that cases may be opened
    under, or None."""
    return CriminalCodeArticle.objects.filter(code=code.strip(), is_active=True).first()


def victim_profile(person: Person) -> VictimProfile | None:
    """The person's victim profile, or None when none is recorded (events need one)."""
    return VictimProfile.objects.filter(person=person).first()
