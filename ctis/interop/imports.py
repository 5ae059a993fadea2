"""Bulk import (issue 14): a spreadsheet of records, checked row by row through the owning
app's services, then committed all together, or its valid rows only, or not at all.

A kind of import (``KINDS``) names its columns. A column is found in the file's header by
its key (``given_name``) or by its label in any of the three languages ("adı", "имя",
"given name"); a cell's code by its HTCDS value (``Feminine``) or by its label in any of
the three languages ("Qadın", "Женский", "Female"); dates in the common local writings
(03.12.2026, 03/12/2026, 2026-12-03).

Every row is saved through the service that saves it from the page (``person_create``: the
name keys, the blind indexes and the audit entry are the page's), each in a savepoint of
one transaction; a row the service refuses is listed with the service's reason, beside the
column it names. The transaction is then kept (``commit``) or rolled back (a dry run, or a
file with refused rows when the valid ones are not to be kept alone), so an interrupted
import leaves nothing half-written.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases import selectors as cases_selectors
from ctis.cases import services as cases_services
from ctis.cases.access import PartScopes
from ctis.cases.access import person_by_code as access_person_by_code
from ctis.cases.choices import (
    ContactKind,
    DocumentKind,
    EventKind,
    ExploitationForm,
    Sex,
    TraffickingStatus,
)
from ctis.cases.inputs import ContactInput, DocumentInput, EventInput, PersonInput, VictimInput
from ctis.core.errors import require_permission
from ctis.core.models import Country
from ctis.core.tables import Table

LANGUAGES = ("az", "ru", "en")
LIST_SEPARATORS = re.compile(r"\s*[;|]\s*")
# Rows checked for likely duplicates together: the queries a batch are few, its memory small.
BATCH_ROWS = 500
DATE_WRITINGS = ("%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%y")


# A kind's duplicate checks of some rows: the candidates of the row at an index.
CandidatesOf = Callable[[int], list]


class CellError(ValueError):
    """A cell that is not what its column takes; the message says what it takes."""


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a lazy translation: the header in each language
    parse: Callable[[str], Any]
    required: bool = False
    codes: type[TextChoices] | None = None  # the codes the column takes, for the template
    # Codes kept in the database (hotline topics): (code, name) pairs for the template.
    listed: Callable[[], Iterable[tuple[str, str]]] | None = None

    def names(self) -> set[str]:
        """Every writing of the header this column answers to, folded."""
        found = {_fold(self.key)}
        for language in LANGUAGES:
            with translation.override(language):
                found.add(_fold(str(self.label)))
        return found


def coded(key: str, label, codes: type[TextChoices], *, many: bool = False) -> Column:
    """A column of codes (one, or several separated by ";"), which the template lists."""
    return Column(key, label, choices(codes) if many else choice(codes), codes=codes)


@dataclass
class RowError:
    line: int
    column: str  # the header as the file writes it; "" when the refusal names none
    value: str
    message: str


@dataclass
class RowDuplicate:
    """A row whose person may already be in the database: held until the user decides."""

    line: int
    codes: list[str]  # the persons it may be, as far as the user may open them
    reasons: list[str]
    # Earlier rows of the same file it may be: their persons are not stored until the
    # import is (never, in a check), so they are named by their lines, not by codes.
    lines: list[int] = field(default_factory=list)


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    saved: list[str] = field(default_factory=list)  # the new records' codes
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[RowDuplicate] = field(default_factory=list)
    committed: bool = False
    # Why the file as a whole was refused (not a table, unknown columns); "" when it was read.
    refused: str = ""

    def as_dict(self) -> dict[str, Any]:
        """As JSON takes it (the worker stores it sealed: errors quote the file's cells)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            **{
                **data,
                "errors": [RowError(**error) for error in data.get("errors", [])],
                "duplicates": [RowDuplicate(**held) for held in data.get("duplicates", [])],
            }
        )

    @property
    def refused_lines(self) -> set[int]:
        return {error.line for error in self.errors}

    @property
    def held_lines(self) -> set[int]:
        """Rows refused or held as likely duplicates: none of them is saved."""
        return self.refused_lines | {duplicate.line for duplicate in self.duplicates}


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().casefold()


# Cells ---------------------------------------------------------------------------------


def text(limit: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > limit:
            raise CellError(
                _("At most %(n)d characters; this has %(has)d.") % {"n": limit, "has": len(value)}
            )
        return value

    return parse


def date(value: str) -> datetime.date | None:
    if not value:
        return None
    candidate = value.split("T")[0].split(" ")[0]
    for writing in DATE_WRITINGS:
        try:
            return datetime.datetime.strptime(candidate, writing).date()
        except ValueError:
            continue
    raise CellError(_("Not a date; write it as 03.12.2026."))


def moment(value: str) -> datetime.datetime | None:
    """A date with its time (03.12.2026 14:05, 2026-12-03T14:05:00), in the server's time
    zone; a date alone is that day's midnight (older logs often kept no time)."""
    if not value:
        return None
    text = value.strip().replace("T", " ")
    day, _sep, clock = text.partition(" ")
    found = date(day)
    if found is None:
        return None
    at = datetime.time(0, 0)
    if clock:
        try:
            numbers = [int(part) for part in clock.split(".")[0].split(":")] + [0, 0]
            at = datetime.time(numbers[0], numbers[1], numbers[2])
        except (ValueError, TypeError):
            raise CellError(_("Not a date and time; write it as 03.12.2026 14:05.")) from None
    return timezone.make_aware(datetime.datetime.combine(found, at))


def year(value: str) -> int | None:
    if not value:
        return None
    try:
        number = int(float(value))
    except ValueError:
        raise CellError(_("Not a year; write it as 1998.")) from None
    if not 1900 <= number <= 2100:
        raise CellError(_("Not a year; write it as 1998."))
    return number


def _choice_names(choices: type[TextChoices]) -> dict[str, str]:
    names: dict[str, str] = {}
    for value, label in choices.choices:
        names[_fold(value)] = value
        for language in LANGUAGES:
            with translation.override(language):
                names.setdefault(_fold(str(label)), value)
    return names


def choice(choices: type[TextChoices]) -> Callable[[str], str]:
    names: dict[str, str] = {}

    def parse(value: str) -> str:
        if not value:
            return ""
        if not names:
            names.update(_choice_names(choices))
        found = names.get(_fold(value))
        if found is None:
            raise CellError(
                _("Not one of the codes this column takes: %(codes)s.")
                % {"codes": ", ".join(choices.values)}
            )
        return found

    return parse


def choices(of: type[TextChoices]) -> Callable[[str], list[str]]:
    one = choice(of)

    def parse(value: str) -> list[str]:
        return [one(part) for part in LIST_SEPARATORS.split(value) if part]

    return parse


class Countries:
    """Countries by ISO code (AZ, AZE) or by name in any of the three languages, read from
    the database once per import."""

    def __init__(self) -> None:
        self._names: dict[str, Country] | None = None

    def _load(self) -> dict[str, Country]:
        names: dict[str, Country] = {}
        for country in Country.objects.all():
            for name in (country.code, country.alpha3, country.name_az, country.name_ru):
                names.setdefault(_fold(name), country)
            names.setdefault(_fold(country.name_en), country)
        return names

    def one(self, value: str) -> Country | None:
        if not value:
            return None
        if self._names is None:
            self._names = self._load()
        found = self._names.get(_fold(value))
        if found is None:
            raise CellError(_("No country has this code or name; write its ISO code (AZ, AZE)."))
        return found

    def many(self, value: str) -> list[Country]:
        return [c for c in (self.one(part) for part in LIST_SEPARATORS.split(value)) if c]


# Kinds ---------------------------------------------------------------------------------


class ImportKind:
    """A kind of record a file may hold: its columns, how a row's cells become the owning
    service's input (``build``), and how rows are saved (``save_many``: each row's record
    code, or the service's refusal). A kind whose records may already be stored under
    another spelling (persons) also checks for duplicates (``checks_duplicates``)."""

    code = ""
    columns: list[Column]
    checks_duplicates = False

    def build(self, cells: dict[str, Any]) -> Any:
        raise NotImplementedError

    def save_many(self, actor: User, rows: list[tuple[Any, list]]) -> list[str | ValidationError]:
        raise NotImplementedError

    # The duplicate checks (``checks_duplicates`` kinds only).

    def keys(self, built) -> cases_selectors.DuplicateKeys:
        raise NotImplementedError

    def checks(self, actor: User, rows: list, keys: list) -> CandidatesOf:
        raise NotImplementedError

    def seen_whole(self, actor: User, codes: list[str]) -> set[str]:
        raise NotImplementedError


class PersonsImport(ImportKind):
    """Persons, with a victim profile when the row gives a victim status."""

    code = "persons"
    checks_duplicates = True

    def __init__(self) -> None:
        from ctis.core import bounds

        countries = Countries()
        self.scopes: PartScopes | None = None  # the importer's, for the duplicate checks
        self.columns = [
            Column("given_name", gettext_lazy("given name"), text(bounds.NAME), required=True),
            Column("family_name", gettext_lazy("family name"), text(bounds.NAME)),
            Column("patronymic", gettext_lazy("patronymic"), text(bounds.NAME)),
            Column("aliases", gettext_lazy("other names and spellings"), text(bounds.NOTE)),
            Column("birth_date", gettext_lazy("date of birth"), date),
            Column("birth_year", gettext_lazy("year of birth"), year),
            coded("sex", gettext_lazy("sex"), Sex),
            Column("citizenships", gettext_lazy("citizenship"), countries.many),
            Column("address", gettext_lazy("addresses"), text(bounds.NOTE)),
            Column("notes", gettext_lazy("notes"), text(bounds.NOTE)),
            coded("document_kind", gettext_lazy("document type"), DocumentKind),
            Column("document_number", gettext_lazy("document number"), text(bounds.SHORT)),
            Column("document_issuer", gettext_lazy("issued by (country)"), countries.one),
            Column("phone", gettext_lazy("phone"), text(bounds.SHORT)),
            Column("email", gettext_lazy("e-mail"), text(bounds.SHORT)),
            coded("victim_status", gettext_lazy("victim status"), TraffickingStatus),
            Column("identified_on", gettext_lazy("identified on"), date),
            coded("forms", gettext_lazy("forms of exploitation"), ExploitationForm, many=True),
        ]

    def build(self, cells: dict[str, Any]) -> tuple[PersonInput, VictimInput | None]:
        documents = []
        if cells.get("document_number"):
            documents.append(
                DocumentInput(
                    kind=cells.get("document_kind") or DocumentKind.OTHER,
                    number=cells["document_number"],
                    issuer=cells.get("document_issuer"),
                )
            )
        contacts = [
            ContactInput(kind=kind, value=cells[key])
            for key, kind in (("phone", ContactKind.PHONE), ("email", ContactKind.EMAIL))
            if cells.get(key)
        ]
        person = PersonInput(
            given_name=cells.get("given_name", ""),
            family_name=cells.get("family_name", ""),
            patronymic=cells.get("patronymic", ""),
            aliases=cells.get("aliases", ""),
            birth_date=cells.get("birth_date"),
            birth_year=cells.get("birth_year"),
            sex=cells.get("sex") or Sex.UNKNOWN,
            citizenships=cells.get("citizenships") or [],
            address=cells.get("address", ""),
            notes=cells.get("notes", ""),
            documents=documents,
            contacts=contacts,
        )
        victim = None
        if cells.get("victim_status"):
            victim = VictimInput(
                status=cells["victim_status"],
                identified_on=cells.get("identified_on"),
                forms=cells.get("forms") or [],
            )
        return person, victim

    def checks(self, actor: User, rows: list, keys: list) -> CandidatesOf:
        """The persons already stored each row's person may be (``DuplicateChecks``, the
        entry form's checks, for all the rows together); what the actor may not compare is
        audited, row by row, not shown."""
        checks = cases_selectors.DuplicateChecks(
            actor, [person for person, _victim in rows], scopes=self._scopes(actor), keys=keys
        )

        def of(index: int) -> list:
            cases_services.person_probe_restricted_record(
                actor=actor, kind="duplicates", withheld=checks.withheld(index)
            )
            return checks.candidates(index, limit=5)

        return of

    def _scopes(self, actor: User) -> PartScopes:
        if self.scopes is None or self.scopes.user != actor:
            self.scopes = PartScopes(actor)  # once an import: they depend on the actor alone
        return self.scopes

    def seen_whole(self, actor: User, codes: list[str]) -> set[str]:
        """Which of the persons just entered nothing of could be withheld from the actor."""
        return cases_selectors.codes_seen_whole(self._scopes(actor), codes)

    def keys(self, built) -> cases_selectors.DuplicateKeys:
        return cases_selectors.DuplicateKeys.of(built[0])

    def save_many(self, actor: User, rows: list[tuple[Any, list]]) -> list[str | ValidationError]:
        """Each row's new person's code, or why the service refused it."""
        if not rows:
            return []
        entered = cases_services.persons_create_many(
            actor=actor,
            rows=[
                cases_services.NewPerson(
                    data=person,
                    victim=victim,
                    registered_on=victim.identified_on if victim is not None else None,
                    duplicates_seen=seen,
                )
                for (person, victim), seen in rows
            ],
        )
        return [p if isinstance(p, ValidationError) else p.code for p in entered]


class EventsImport(ImportKind):
    """Trafficking events (recruitment, transit, exploitation) of victims already in the
    database, named by their code: each row through ``event_add``, as the person page's
    form adds one, so only the agency holding the record (with the right to change it)
    adds its events."""

    code = "events"

    def __init__(self) -> None:
        from ctis.core import bounds

        countries = Countries()
        self.columns = [
            Column("person", gettext_lazy("person's code"), text(bounds.SHORT), required=True),
            coded("kind", gettext_lazy("stage"), EventKind),
            Column("country", gettext_lazy("country"), countries.one, required=True),
            Column("place", gettext_lazy("place"), text(bounds.SHORT)),
            Column("started_on", gettext_lazy("from"), date),
            Column("ended_on", gettext_lazy("until"), date),
            Column("description", gettext_lazy("description"), text(bounds.NOTE)),
        ]

    def build(self, cells: dict[str, Any]) -> tuple[str, EventInput]:
        return cells["person"], EventInput(
            kind=cells.get("kind", ""),
            country=cells.get("country"),
            place=cells.get("place", ""),
            started_on=cells.get("started_on"),
            ended_on=cells.get("ended_on"),
            description=cells.get("description", ""),
        )

    def save_many(self, actor: User, rows: list[tuple[Any, list]]) -> list[str | ValidationError]:
        """Each row's person's code, or why it was refused: no person of that code the
        actor may open, no victim profile, or the service's refusal."""
        out: list[str | ValidationError] = []
        victims: dict[str, Any] = {}  # a file lists one victim's events one after another
        for (code, event), _seen in rows:
            key = code.strip().upper()
            if key not in victims:
                victims[key] = _victim_of(actor, key)
            victim = victims[key]
            try:
                if isinstance(victim, ValidationError):
                    raise victim
                cases_services.event_add(actor=actor, victim=victim, data=event)
            except ValidationError as refused:
                out.append(refused)
            except PermissionDenied as refused:
                out.append(ValidationError({"person": str(refused)}))
            else:
                out.append(key)
        return out


def _victim_of(actor: User, code: str) -> Any:
    """The victim profile of the person with ``code`` whom the actor may open; else why
    not, beside the column naming the person."""
    person = access_person_by_code(actor, code)
    if person is None:
        return ValidationError({"person": _("No person you may open has this code.")})
    victim = cases_selectors.victim_profile(person)
    if victim is None:
        return ValidationError(
            {
                "person": _(
                    "This person has no victim profile: record it on the person's page first."
                )
            }
        )
    return victim


class Topics:
    """The hotline's topics in use, by code or by name in any of the three languages, read
    from the database once per import."""

    def __init__(self) -> None:
        self._names: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        from ctis.hotline import selectors as hotline_selectors

        names: dict[str, Any] = {}
        for topic in hotline_selectors.topics_in_use():
            for name in (topic.code, topic.name_az, topic.name_ru, topic.name_en):
                names.setdefault(_fold(name), topic)
        return names

    def many(self, value: str) -> list:
        if self._names is None:
            self._names = self._load()
        found = []
        for part in LIST_SEPARATORS.split(value):
            if not part:
                continue
            topic = self._names.get(_fold(part))
            if topic is None:
                raise CellError(
                    _("No topic in use has this code or name: “%(name)s”.") % {"name": part[:60]}
                )
            found.append(topic)
        return list(dict.fromkeys(found))

    def listed(self) -> list[tuple[str, str]]:
        from ctis.hotline import selectors as hotline_selectors

        return [(topic.code, topic.label) for topic in hotline_selectors.topics_in_use()]


class ContactsImport(ImportKind):
    """Hotline contacts from an older call log: each row recorded through ``contact_record``
    as the call form records one (its caller found by the identifier's blind index, the
    day counts, the audit entry), by the importing operator's agency."""

    code = "contacts"

    def __init__(self) -> None:
        from ctis.core import bounds
        from ctis.hotline import models as hotline

        topics = Topics()
        self.columns = [
            Column("received_at", gettext_lazy("received"), moment, required=True),
            coded("channel", gettext_lazy("channel"), hotline.Channel),
            coded("language", gettext_lazy("language"), hotline.Language),
            coded("caller_type", gettext_lazy("who called"), hotline.CallerType),
            coded("nature", gettext_lazy("nature"), hotline.Nature),
            Column(
                "topics", gettext_lazy("topics"), topics.many, required=True, listed=topics.listed
            ),
            coded("region", gettext_lazy("region"), hotline.Region),
            coded("outcome", gettext_lazy("outcome"), hotline.Outcome),
            coded("emergency", gettext_lazy("emergency"), hotline.Emergency),
            Column("follow_up_on", gettext_lazy("follow up on"), date),
            Column("identifier", gettext_lazy("phone, address or handle"), text(bounds.SHORT)),
            coded("consents", gettext_lazy("may be passed on to"), hotline.Recipient, many=True),
            Column("notes", gettext_lazy("notes"), text(bounds.NOTE)),
        ]

    def build(self, cells: dict[str, Any]) -> Any:
        from ctis.hotline import services as hotline_services

        given = {key: value for key, value in cells.items() if value not in ("", None, [])}
        return hotline_services.ContactInput(
            topics=given.pop("topics", ()),
            consents=tuple(given.pop("consents", ())),
            **given,
        )

    def save_many(self, actor: User, rows: list[tuple[Any, list]]) -> list[str | ValidationError]:
        """Each row's new contact's key, or why the service refused it."""
        from ctis.hotline import services as hotline_services

        out: list[str | ValidationError] = []
        for contact, _seen in rows:
            try:  # contact_record is a transaction (a savepoint here) of its own
                out.append(str(hotline_services.contact_record(actor=actor, data=contact).pk))
            except ValidationError as refused:
                out.append(refused)
        return out


KINDS: dict[str, Callable[[], ImportKind]] = {
    "persons": PersonsImport,
    "events": EventsImport,
    "contacts": ContactsImport,
}
PERMISSIONS = {
    "persons": "cases.create_person",
    "events": "cases.edit_records",
    "contacts": "hotline.record_contact",
}


# Running an import ---------------------------------------------------------------------


def _columns_of(kind: ImportKind, header: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Which column of the kind each header cell is; and the header cells that are none."""
    by_name = {name: column for column in kind.columns for name in column.names()}
    found: dict[int, Column] = {}
    unknown = []
    for index, name in enumerate(header):
        column = by_name.get(_fold(name))
        if column is None:
            if name:
                unknown.append(name)
        elif column in found.values():
            unknown.append(name)  # a second column of the same meaning
        else:
            found[index] = column
    return found, unknown


class HeaderError(ValueError):
    pass


def _service_errors(error: ValidationError, line: int, headers: dict[str, str], cells) -> list:
    """The service's refusal as row errors, each beside the file's column it names."""
    out = []
    if hasattr(error, "error_dict"):
        for name, items in error.error_dict.items():
            column = headers.get(name, "")
            for item in items:
                out.append(
                    RowError(
                        line, column, cells.get(name, "") if column else "", " ".join(item.messages)
                    )
                )
    else:
        out.extend(RowError(line, "", "", message) for message in error.messages)
    return out


def import_table(
    *,
    actor: User,
    kind_code: str,
    table: Table,
    commit: bool,
    keep_valid: bool = False,
    progress: Callable[[int], None] | None = None,
    enter_anyway: Iterable[int] = (),
) -> ImportResult:
    """Check every row of ``table`` by saving it; keep what was saved when ``commit`` and
    either no row was refused or held or ``keep_valid``; else roll it all back.

    A row whose person may already be in the database is held (``result.duplicates``) and
    not saved, unless its line is in ``enter_anyway``: the user compared and decided it is
    another person (recorded with the new person, as the entry form records it)."""
    decided = set(enter_anyway)
    if kind_code not in KINDS:
        raise ValueError(kind_code)
    require_permission(actor, PERMISSIONS[kind_code])
    if actor.agency_id is None:
        raise PermissionDenied(_("Only a member of an agency imports records."))
    kind = KINDS[kind_code]()
    columns, unknown = _columns_of(kind, table.header)
    missing = [c for c in kind.columns if c.required and c not in columns.values()]
    if unknown or missing or not columns:
        raise HeaderError(_header_message(kind, unknown, missing))
    headers = {column.key: table.header[index] for index, column in columns.items()}
    result = ImportResult(kind_code)
    saved_at: dict[str, int] = {}  # the code of each row's person saved so far: its line
    digest = hashlib.sha256()
    done = 0
    # Whether the actor sees whole every row entered so far (None: none entered yet).
    holds_whole: bool | None = None

    def settle(batch: list[tuple[int, Any, dict[str, str]]]) -> None:
        """Check and save a batch of valid rows in their order. The duplicate checks run
        only for rows that could meet someone: a stored person (``duplicates_possible``,
        a few queries for the whole batch) or a row of this import saved before them. The
        batch goes in segments in which no row could meet an earlier one: a segment's
        rows are checked together (``kind.checks``), then its rows to enter are saved
        together (``kind.save_many``), so the next segment's checks find them."""
        nonlocal holds_whole
        duplicates = kind.checks_duplicates
        keys = [kind.keys(built) for _line, built, _raw in batch] if duplicates else []
        possible = cases_selectors.duplicates_possible(keys) if duplicates else []
        saved_keys: list[tuple[cases_selectors.DuplicateKeys, bool]] = []  # seen whole?
        segment: list[int] = []  # indexes in the batch

        def run(segment: list[int]) -> None:
            nonlocal done, holds_whole
            checked = [
                i
                for i in segment
                if duplicates
                and (
                    possible[i]
                    or any(keys[i].meets(other, seen_whole=whole) for other, whole in saved_keys)
                )
            ]
            candidates_of = (
                kind.checks(actor, [batch[i][1] for i in checked], [keys[i] for i in checked])
                if checked
                else None
            )
            position = {i: n for n, i in enumerate(checked)}
            waiting: list[tuple[int, Any, dict[str, str], list, Any]] = []
            for i in segment:
                line, built, raw = batch[i]
                candidates = (
                    candidates_of(position[i])
                    if candidates_of is not None and i in position
                    else []
                )
                if candidates and line not in decided:
                    codes = [c.person.code for c in candidates]
                    result.duplicates.append(
                        RowDuplicate(
                            line,
                            [code for code in codes if code not in saved_at],
                            sorted({reason for c in candidates for reason in c.reasons}),
                            sorted(saved_at[code] for code in codes if code in saved_at),
                        )
                    )
                else:
                    row_keys = keys[i] if duplicates else None
                    waiting.append((line, built, raw, [c.person for c in candidates], row_keys))
                done += 1
                if progress is not None:
                    progress(done)
            outcomes = kind.save_many(actor, [(built, seen) for _l, built, _r, seen, _k in waiting])
            entered = [code for code in outcomes if isinstance(code, str)]
            whole = kind.seen_whole(actor, entered) if entered and duplicates else set()
            for (line, _built, raw, _seen, row_keys), outcome in zip(
                waiting, outcomes, strict=True
            ):
                if isinstance(outcome, ValidationError):
                    result.errors.extend(_service_errors(outcome, line, headers, raw))
                else:
                    result.saved.append(outcome)
                    saved_at[outcome] = line
                    if row_keys is not None:
                        saved_keys.append((row_keys, outcome in whole))
            if entered and duplicates:
                holds_whole = holds_whole is not False and len(whole) == len(entered)

        if not duplicates:
            run(list(range(len(batch))))
            return
        for index, row_keys in enumerate(keys):
            # Rows of one import are entered alike (the same holder and author, nothing sent
            # yet), so the access decision treats them alike: once the rows saved show the
            # actor sees them whole, a row is checked after the rows before it only when
            # the candidate conditions could join them (checked again after every save).
            tight = bool(holds_whole)
            if any(row_keys.meets(keys[other], seen_whole=tight) for other in segment):
                run(segment)  # the checks of this row must find the rows before it
                segment = []
            segment.append(index)
        run(segment)

    with transaction.atomic():
        batch: list[tuple[int, Any, dict[str, str]]] = []
        for line, values in table.rows():
            result.rows += 1
            digest.update("\x1f".join(values).encode())
            cells: dict[str, Any] = {}
            raw: dict[str, str] = {}
            errors = []
            for index, column in columns.items():
                value = values[index] if index < len(values) else ""
                raw[column.key] = value
                try:
                    cells[column.key] = column.parse(value)
                except CellError as refused:
                    errors.append(RowError(line, headers[column.key], value[:100], str(refused)))
            for column in kind.columns:
                if column.required and column.key in raw and not raw[column.key]:
                    errors.append(RowError(line, headers[column.key], "", _("Fill this in.")))
            if errors:
                result.errors.extend(errors)
                done += 1
                if progress is not None:
                    progress(done)
                continue
            batch.append((line, kind.build(cells), raw))
            if len(batch) == BATCH_ROWS:
                settle(batch)
                batch = []
        settle(batch)
        result.errors.sort(key=lambda error: error.line)  # stable: a row's own order kept
        keep = commit and result.saved and (keep_valid or not result.held_lines)
        if keep:
            audit_record(
                actor=actor,
                action="interop.import",
                object_type="interop.import",
                object_id=digest.hexdigest()[:16],
                object_repr=kind_code,
                changes={
                    "rows": {"before": None, "after": result.rows},
                    "saved": {"before": None, "after": len(result.saved)},
                    "refused": {"before": None, "after": len(result.refused_lines)},
                    "held as duplicates": {"before": None, "after": len(result.duplicates)},
                },
            )
            result.committed = True
        else:
            transaction.set_rollback(True)
    if not result.committed:
        result.saved = []
    return result


def _header_message(kind: ImportKind, unknown: Iterable[str], missing) -> str:
    parts = []
    if unknown:
        parts.append(
            _("These columns are not in the template: %(names)s.")
            % {"names": ", ".join(f"“{name}”" for name in unknown)}
        )
    if missing:
        parts.append(
            _("The file has no column %(names)s.")
            % {"names": ", ".join(f"“{column.label}”" for column in missing)}
        )
    parts.append(
        _("The columns it takes: %(names)s.")
        % {"names": ", ".join(str(column.label) for column in kind.columns)}
    )
    return " ".join(parts)


def template_workbook(kind_code: str) -> bytes:
    """An empty workbook for the kind, in the active language: the first sheet's first row
    names the columns (a required one marked *), the second sheet lists the codes each
    coded column takes with their names."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    kind = KINDS[kind_code]()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Records")[:31]
    sheet.append([str(column.label) for column in kind.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(kind.columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(str(column.label)) + 4)
    codes = book.create_sheet(_("Codes")[:31])
    codes.append([_("Column"), _("Code"), _("Name")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        if column.codes is not None:
            listed = column.codes.choices
        elif column.listed is not None:
            listed = list(column.listed())
        else:
            continue
        for value, label in listed:
            codes.append([str(column.label), value, str(label)])
    codes.column_dimensions["A"].width = 28
    codes.column_dimensions["B"].width = 32
    codes.column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
