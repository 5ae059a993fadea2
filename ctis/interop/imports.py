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
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.cases import selectors as cases_selectors
from ctis.cases import services as cases_services
from ctis.cases.access import PartScopes
from ctis.cases.choices import ContactKind, DocumentKind, ExploitationForm, Sex, TraffickingStatus
from ctis.cases.inputs import ContactInput, DocumentInput, PersonInput, VictimInput
from ctis.core.errors import require_permission
from ctis.core.models import Country
from ctis.core.tables import Table

LANGUAGES = ("az", "ru", "en")
LIST_SEPARATORS = re.compile(r"\s*[;|]\s*")
# Rows checked for likely duplicates together: the queries a batch are few, its memory small.
BATCH_ROWS = 500
DATE_WRITINGS = ("%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%y")


class CellError(ValueError):
    """A cell that is not what its column takes; the message says what it takes."""


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a lazy translation: the header in each language
    parse: Callable[[str], Any]
    required: bool = False
    codes: type[TextChoices] | None = None  # the codes the column takes, for the template

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


class PersonsImport:
    """Persons, with a victim profile when the row gives a victim status."""

    code = "persons"

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

    def candidates(self, actor: User, built) -> list:
        """The persons already stored this row's person may be (``person_duplicates``, as
        the entry form checks); what the actor may not compare is audited, not shown."""
        person, _victim = built
        if self.scopes is None or self.scopes.user != actor:
            self.scopes = PartScopes(actor)  # once an import: they depend on the actor alone
        cases_services.person_probe_restricted_record(
            actor=actor,
            kind="duplicates",
            withheld=cases_selectors.duplicates_withheld(actor, person, scopes=self.scopes),
        )
        return cases_selectors.person_duplicates(actor, person, limit=5, scopes=self.scopes)

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


KINDS: dict[str, Callable[[], PersonsImport]] = {"persons": PersonsImport}
PERMISSIONS = {"persons": "cases.create_person"}


# Running an import ---------------------------------------------------------------------


def _columns_of(kind: PersonsImport, header: list[str]) -> tuple[dict[int, Column], list[str]]:
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

    def settle(batch: list[tuple[int, Any, dict[str, str]]]) -> None:
        """Check and save a batch of valid rows in their order. The duplicate checks run
        only for rows that could meet someone: a stored person (``duplicates_possible``,
        a few queries for the whole batch) or a row of this batch before them, which is
        saved first. The rows are saved together (``kind.save_many``)."""
        nonlocal done
        keys = [kind.keys(built) for _line, built, _raw in batch]
        possible = cases_selectors.duplicates_possible(keys)
        saved_keys: list[cases_selectors.DuplicateKeys] = []  # of rows saved in this batch
        waiting: list[tuple[int, Any, dict[str, str], list, Any]] = []  # to save together

        def save_waiting() -> None:
            outcomes = kind.save_many(actor, [(built, seen) for _l, built, _r, seen, _k in waiting])
            for (line, _built, raw, _seen, row_keys), outcome in zip(
                waiting, outcomes, strict=True
            ):
                if isinstance(outcome, ValidationError):
                    result.errors.extend(_service_errors(outcome, line, headers, raw))
                else:
                    result.saved.append(outcome)
                    saved_at[outcome] = line
                    saved_keys.append(row_keys)
            waiting.clear()

        for (line, built, raw), row_keys, stored in zip(batch, keys, possible, strict=True):
            if any(row_keys.meets(other[4]) for other in waiting):
                save_waiting()  # the check must find the rows before it
            met = stored or any(row_keys.meets(other) for other in saved_keys)
            candidates = kind.candidates(actor, built) if met else []
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
                waiting.append((line, built, raw, [c.person for c in candidates], row_keys))
            done += 1
            if progress is not None:
                progress(done)
        save_waiting()

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


def _header_message(kind: PersonsImport, unknown: Iterable[str], missing) -> str:
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
        if column.codes is None:
            continue
        for value, label in column.codes.choices:
            codes.append([str(column.label), value, str(label)])
    codes.column_dimensions["A"].width = 28
    codes.column_dimensions["B"].width = 32
    codes.column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
