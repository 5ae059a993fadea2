"""A victim-level dataset in the layout of the Counter Trafficking Data Collaborative's
k-anonymised global dataset: one row per victim identified in the chosen years, CTDC's
columns (age bands, 0/1 flags, ISO alpha-2 countries), with every combination of the
quasi-identifiers shared by at least k rows.

Read in three queries (the victims, their citizenships, their countries of exploitation),
none of an identity field: no name, date of birth or document is read, the year of birth
only to compute the age band. The rows are made anonymous by

1. **generalisation**, one attribute a level at a time, the step that leaves the fewest
   rows in classes smaller than k first, until at most ``SUPPRESS_SHARE`` of the rows are
   left to suppress or no step leaves fewer (age band → broader bands → adult/minor; citizenship and country of
   exploitation → the values held by at least k rows, the others ``Other`` → the home
   country or ``Other``);
2. **suppression** of what remains rare: in a row of a class smaller than k the country of
   exploitation, then the citizenship, then the age band, then the gender are blanked, and
   a row still rare after that is removed;
3. **verification** with ``pycanon`` on the file's own columns: a k below the one asked
   refuses the release (``ExportRefused``).

A manifest (a sheet, and the same as JSON in ``Made.summary``) lists the
quasi-identifiers, the generalisations, the cells blanked, the rows removed and the k
achieved.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable

from django.utils import timezone

from ctis.cases.choices import (
    FORM_BITS,
    ControlMethod,
    EventKind,
    ExploitationForm,
    LabourSector,
    RecruiterRelationship,
    Sex,
    SexualExploitationKind,
    TraffickingStatus,
)
from ctis.cases.models import Person, TraffickingEvent
from ctis.stats.exports.common import ExportRefused, Made, Spec, fit, header, save, years_label
from ctis.stats.exports.common import workbook as new_workbook

HOME = "AZ"
OTHER = "Other"
SUPPRESS_SHARE = 0.05
QUASI_IDENTIFIERS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
]
# Blanked in this order in a rare row (the year is never blanked: the rows are of the years
# asked for, and a blank year would say no less).
SUPPRESS_ORDER = ["CountryOfExploitation", "citizenship", "ageBroad", "gender"]

GENDER = {Sex.FEMALE: "Female", Sex.MALE: "Male"}
BANDS = [
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, 200, "48+"),
]
# Each level of the age band: level 0 is CTDC's bands.
AGE_LEVELS: list[dict[str, str]] = [
    {band: band for _, _, band in BANDS},
    {
        "0--8": "0--17",
        "9--17": "0--17",
        "18--20": "18--29",
        "21--23": "18--29",
        "24--26": "18--29",
        "27--29": "18--29",
        "30--38": "30--47",
        "39--47": "30--47",
        "48+": "48+",
    },
    {band: ("0--17" if band in ("0--8", "9--17") else "18+") for _, _, band in BANDS},
]

MEANS = {
    "meansOfControlDebtBondage": [ControlMethod.DEBT_BONDAGE],
    "meansOfControlTakesEarnings": [ControlMethod.TAKES_EARNINGS],
    "meansOfControlRestrictsFinancialAccess": [ControlMethod.RESTRICTS_FINANCES],
    "meansOfControlThreats": [ControlMethod.PHYSICAL_THREATS, ControlMethod.THREATENS_FAMILY],
    "meansOfControlPsychologicalAbuse": [ControlMethod.PSYCHOLOGICAL_ABUSE],
    "meansOfControlPhysicalAbuse": [ControlMethod.PHYSICAL_ABUSE],
    "meansOfControlSexualAbuse": [ControlMethod.SEXUAL_ABUSE],
    "meansOfControlFalsePromises": [ControlMethod.FALSE_PROMISES],
    "meansOfControlPsychoactiveSubstances": [ControlMethod.PSYCHOACTIVE],
    "meansOfControlRestrictsMedicalCare": [ControlMethod.RESTRICTS_MEDICAL],
    "meansOfControlExcessiveWorkingHours": [ControlMethod.EXCESSIVE_HOURS],
    "meansOfControlThreatOfLawEnforcement": [ControlMethod.THREATS_LAW_ENFORCEMENT],
    "meansOfControlWithholdsNecessities": [ControlMethod.WITHHOLDS_NECESSITIES],
    "meansOfControlWithholdsDocuments": [ControlMethod.WITHHOLDS_DOCUMENTS],
    "meansOfControlOther": [ControlMethod.OTHER],
}
EXPLOITATION = {
    "isForcedLabour": [ExploitationForm.FORCED_LABOUR, ExploitationForm.FORCED_BEGGING],
    "isSexualExploit": [ExploitationForm.SEXUAL],
    "isOtherExploit": [ExploitationForm.FORCED_CRIMINAL_ACTIVITY, ExploitationForm.OTHER],
    "isForcedMarriage": [ExploitationForm.FORCED_MARRIAGE],
    "isOrganRemoval": [ExploitationForm.ORGAN_REMOVAL],
    "isSlaveryAndPractices": [ExploitationForm.SERVITUDE],
}
LABOUR = {
    "typeOfLabourAgriculture": [LabourSector.A],
    "typeOfLabourMiningOrDrilling": [LabourSector.B],
    "typeOfLabourManufacturing": [LabourSector.C],
    "typeOfLabourConstruction": [LabourSector.F],
    "typeOfLabourPeddling": [LabourSector.G],
    "typeOfLabourTransportation": [LabourSector.H],
    "typeOfLabourHospitality": [LabourSector.I],
    "typeOfLabourDomesticWork": [LabourSector.T],
    "typeOfLabourOther": [LabourSector.Q, LabourSector.R, LabourSector.S],
}
SEXUAL = {
    "typeOfSexProstitution": SexualExploitationKind.PROSTITUTION,
    "typeOfSexPornography": SexualExploitationKind.PORNOGRAPHY,
    "typeOfSexRemoteInteractiveServices": SexualExploitationKind.REMOTE,
    "typeOfSexPrivateSexualServices": SexualExploitationKind.PRIVATE,
}
RECRUITER = {
    "recruiterRelationFriend": RecruiterRelationship.ACQUAINTED,
    "recruiterRelationFamily": RecruiterRelationship.FAMILY,
    "recruiterRelationOther": RecruiterRelationship.UNACQUAINTED,
}
COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    *MEANS,
    "meansOfControlNotSpecified",
    *EXPLOITATION,
    "isSexAndLabour",
    *LABOUR,
    "typeOfLabourBegging",
    "typeOfLabourIllicitActivities",
    "typeOfLabourNotSpecified",
    *SEXUAL,
    "typeOfSexNotSpecified",
    *RECRUITER,
    "recruiterRelationUnknown",
    "CountryOfExploitation",
]
MAPPING_NOTES = [
    "Sources: ctis's victim profiles (case management); one row per victim whose status is "
    "'victim of trafficking', identified in the years.",
    "ageBroad: the year of identification minus the year of birth.",
    "isForcedLabour includes forced begging (typeOfLabourBegging); isOtherExploit: forced "
    "criminal activity and other forms; isSlaveryAndPractices: servitude.",
    "Labour sectors from ISIC sections: A agriculture, B mining, C manufacturing, "
    "F construction, G trade (peddling), H transportation, I hospitality, T domestic work; "
    "Q, R, S other.",
    "recruiterRelationFriend: an acquaintance; recruiterRelationOther: a stranger.",
    "A victim with two citizenships or two countries of exploitation: the home country if "
    "among them, else the first by code.",
    "Flags: 1 yes, 0 no, empty not recorded (CTDC's -99). ctis does not record intimate "
    "partners as recruiters, restriction of movement, use of children, forced military "
    "service or abduction: those columns are absent.",
]


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return ""
    return next(band for low, high, band in BANDS if low <= age <= high)


def _flags(chosen: set[str], mapping: dict, known: bool) -> dict[str, object]:
    out: dict[str, object] = {}
    for column, codes in mapping.items():
        codes = codes if isinstance(codes, list) else [codes]
        out[column] = (1 if chosen & {str(code) for code in codes} else 0) if known else ""
    return out


def _pick(codes: list[str]) -> str:
    if not codes:
        return ""
    return HOME if HOME in codes else sorted(codes)[0]


def read_rows(spec: Spec) -> list[dict]:
    """One row per victim identified in the years (three queries, no identity field)."""
    period = spec.period
    victims = Person.objects.filter(
        victim_status=TraffickingStatus.ACTUAL,
        identified_on__range=(period.start, period.end),
        victim__isnull=False,
    )
    records = list(
        victims.values_list(
            "pk",
            "identified_on",
            "sex",
            "birth_year",
            "forms_mask",
            "victim__labour_sector",
            "victim__sexual_kinds",
            "victim__control_methods",
            "victim__recruiter_relationship",
        ).order_by("identified_on", "pk")
    )
    citizenships: dict = defaultdict(list)
    through = Person.citizenships.through
    for person, code in through.objects.filter(person__in=victims.values("pk")).values_list(
        "person_id", "country_id"
    ):
        citizenships[person].append(code)
    exploited: dict = defaultdict(list)
    for person, code in (
        TraffickingEvent.objects.filter(
            kind=EventKind.EXPLOITATION,
            victim__person__in=victims.values("pk"),
            country__isnull=False,
        )
        .values_list("victim_id", "country_id")
        .distinct()
    ):
        exploited[person].append(code)
    rows = []
    for pk, identified_on, sex, birth_year, mask, sector, kinds, methods, relation in records:
        year = identified_on.year if identified_on else spec.first
        band = age_band(year - birth_year if birth_year else None)
        forms = {str(form) for form, bit in FORM_BITS.items() if mask & bit}
        methods = set(methods or [])
        kinds = set(kinds or [])
        labour = bool(forms & {ExploitationForm.FORCED_LABOUR, ExploitationForm.FORCED_BEGGING})
        sexual = ExploitationForm.SEXUAL in forms
        row: dict[str, object] = {
            "yearOfRegistration": year,
            "Datasource": "Case Management",
            "gender": GENDER.get(Sex(sex), "") if sex in Sex.values else "",
            "ageBroad": band,
            "majorityStatus": _majority(band),
            "citizenship": _pick(citizenships.get(pk, [])),
        }
        row.update(_flags(methods, MEANS, bool(methods)))
        row["meansOfControlNotSpecified"] = 0 if methods else 1
        row.update(_flags(forms, EXPLOITATION, bool(forms)))
        row["isSexAndLabour"] = int(labour and sexual) if forms else ""
        row.update(_flags({sector} if sector else set(), LABOUR, labour and bool(sector)))
        row["typeOfLabourBegging"] = int(ExploitationForm.FORCED_BEGGING in forms) if labour else ""
        row["typeOfLabourIllicitActivities"] = (
            int(ExploitationForm.FORCED_CRIMINAL_ACTIVITY in forms) if forms else ""
        )
        row["typeOfLabourNotSpecified"] = int(labour and not sector) if labour else ""
        row.update(_flags(kinds, SEXUAL, sexual and bool(kinds)))
        row["typeOfSexNotSpecified"] = int(not kinds) if sexual else ""
        row.update(_flags({relation} if relation else set(), RECRUITER, bool(relation)))
        row["recruiterRelationUnknown"] = 0 if relation else 1
        row["CountryOfExploitation"] = _pick(exploited.get(pk, []))
        rows.append(row)
    return rows


def _majority(band: str) -> str:
    if not band:
        return ""
    return "Minor" if band in ("0--8", "9--17", "0--17") else "Adult"


# -- k-anonymity ------------------------------------------------------------------------


def _frequent(rows: list[dict], column: str, k: int) -> set[str]:
    counts = Counter(row[column] for row in rows)
    return {value for value, n in counts.items() if n >= k}


def _country_levels(rows: list[dict], column: str, k: int) -> list[Callable[[str], str]]:
    frequent = _frequent(rows, column, k)
    return [
        lambda value: value,
        lambda value: value if (not value or value in frequent) else OTHER,
        lambda value: value if value in ("", HOME) else OTHER,
    ]


def _age_level(level: dict[str, str]) -> Callable[[str], str]:
    def recode(value: str) -> str:
        return level.get(value, value)

    return recode


def _age_levels() -> list[Callable[[str], str]]:
    return [_age_level(level) for level in AGE_LEVELS]


def _recode(rows: list[dict], levels: dict[str, list], chosen: dict[str, int]) -> list[dict]:
    out = []
    for row in rows:
        row = dict(row)
        for column, level in chosen.items():
            row[column] = levels[column][level](row[column])
        row["majorityStatus"] = _majority(str(row["ageBroad"]))
        out.append(row)
    return out


def _rare(rows: list[dict], k: int) -> int:
    classes = Counter(tuple(row[q] for q in QUASI_IDENTIFIERS) for row in rows)
    return sum(n for n in classes.values() if n < k)


def anonymise(rows: list[dict], k: int) -> tuple[list[dict], dict]:
    """The rows with every combination of the quasi-identifiers held by at least k of
    them, and what was done to get there."""
    levels = {
        "ageBroad": _age_levels(),
        "citizenship": _country_levels(rows, "citizenship", k),
        "CountryOfExploitation": _country_levels(rows, "CountryOfExploitation", k),
    }
    chosen = {column: 0 for column in levels}
    current = _recode(rows, levels, chosen)
    allowed = int(len(rows) * SUPPRESS_SHARE)
    while _rare(current, k) > allowed:
        options = []
        for column in levels:
            if chosen[column] + 1 < len(levels[column]):
                trial = {**chosen, column: chosen[column] + 1}
                recoded = _recode(rows, levels, trial)
                options.append((_rare(recoded, k), list(levels).index(column), trial, recoded))
        if not options:
            break
        rare, _, trial, recoded = min(options, key=lambda option: option[:2])
        if rare >= _rare(current, k):
            break  # no step helps: what is rare stays rare, and is suppressed below
        chosen, current = trial, recoded
    blanked: Counter[str] = Counter()
    for column in SUPPRESS_ORDER:
        classes = Counter(tuple(row[q] for q in QUASI_IDENTIFIERS) for row in current)
        for row in current:
            if classes[tuple(row[q] for q in QUASI_IDENTIFIERS)] < k and row[column] != "":
                row[column] = ""
                if column == "ageBroad":
                    row["majorityStatus"] = ""
                blanked[column] += 1
    classes = Counter(tuple(row[q] for q in QUASI_IDENTIFIERS) for row in current)
    kept = [row for row in current if classes[tuple(row[q] for q in QUASI_IDENTIFIERS)] >= k]
    generalised = {
        "ageBroad": ["CTDC bands", "0--17, 18--29, 30--47, 48+", "0--17, 18+"][chosen["ageBroad"]],
        "citizenship": ["ISO code", f"codes held by fewer than {k} rows: Other", "AZ or Other"][
            chosen["citizenship"]
        ],
        "CountryOfExploitation": [
            "ISO code",
            f"codes held by fewer than {k} rows: Other",
            "AZ or Other",
        ][chosen["CountryOfExploitation"]],
    }
    return kept, {
        "levels": chosen,
        "generalisations": generalised,
        "cells_blanked": dict(blanked),
        "rows_removed": len(current) - len(kept),
    }


def k_achieved(rows: list[dict]) -> int:
    """The k of the rows as ``pycanon`` computes it (0 for no rows)."""
    if not rows:
        return 0
    import pandas as pd
    from pycanon import anonymity

    frame = pd.DataFrame(rows, columns=COLUMNS).astype({q: str for q in QUASI_IDENTIFIERS})
    return int(anonymity.k_anonymity(frame, QUASI_IDENTIFIERS))


def build(spec: Spec) -> Made:
    if spec.k < 2:
        raise ValueError("k is at least 2.")
    rows = read_rows(spec)
    kept, done = anonymise(rows, spec.k)
    achieved = k_achieved(kept)
    if not kept:
        raise ExportRefused(
            f"No row can be released: fewer than {spec.k} victims share any combination of "
            f"{', '.join(QUASI_IDENTIFIERS)}."
        )
    if achieved < spec.k:
        raise ExportRefused(f"The dataset is {achieved}-anonymous, not {spec.k}: not released.")
    manifest = {
        "dataset": "CTDC-style victim-level dataset",
        "years": years_label(spec),
        "made_on": timezone.now().strftime("%Y-%m-%d"),
        "victims": len(rows),
        "rows": len(kept),
        "k_requested": spec.k,
        "k_achieved": achieved,
        "verified_with": "pycanon anonymity.k_anonymity",
        "quasi_identifiers": QUASI_IDENTIFIERS,
        **done,
        "notes": MAPPING_NOTES,
    }
    book = new_workbook()
    data = book.create_sheet("data")
    header(data, COLUMNS)
    for row in kept:
        data.append([row.get(column, "") for column in COLUMNS])
    fit(data, widest=14)
    sheet = book.create_sheet("manifest")
    for key, value in manifest.items():
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False)
        sheet.append([key, value])
    fit(sheet, widest=100)
    return Made(
        content=save(book),
        file_name=f"ctdc-{years_label(spec)}-k{spec.k}.xlsx",
        rows=len(kept),
        summary=manifest,
    )
