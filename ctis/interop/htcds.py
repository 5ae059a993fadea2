"""IOM's Human Trafficking Case Data Standard v2.0 (HTCDS, CC BY 4.0) as its spreadsheet
template: the records a user may see, exported as a workbook; such a workbook imported
through the owning apps' services (issue 14).

The workbook
------------
``Sheet1`` is the template's own sheet (``HTCDS Excel Spreadsheet v2.0.xlsx``): row 1 the
field names with their prefixes, row 2 the labels, column A the row number, one row per
victim, the template's 38 columns in the template's order and spelling (its
``vic_TraffickinStatusDecisionMakingOrg`` too; its column AJ, which has a label and no
name, is written ``cas_ReasonForOutgoingReferral``, the standard's name for that label).
The template's second row writes the mailing address's labels in another order than its
first row's names; this module writes each name's own label. After the template's columns
come the standard's fields the template leaves out (``prs_MiddleName``, languages,
``vic_RelationshipToTrafficker``, ``vic_AgeWhenTrafficked``) and ctis's own (``ctis_``:
what a reader of the standard may ignore, and what brings the record back whole).

The standard's repeating sections, which a flat sheet cannot hold, are sheets of their
own, each row tied to its person by ``ctis_Code``: ``prs_Persons`` (the other persons:
perpetrators, accused), ``hte_Events`` (Historic Trafficking Events), ``ctis_Documents``,
``ctis_Cases`` (criminal cases: beyond HTCDS), ``per_Participants`` (who took part in
a case, with ``per_RoleInProcess``) and ``con_Consents`` (the consents not withdrawn, one
a row with what for and since when: ctis records consent by purpose, ``ctis.nrm``, where
HTCDS v2.0 has one checkbox; ``Sheet1``'s ``con_Consent`` says whether there is any, is
written for the record's holder only, as the person's page shows consents, and is checked,
not stored, on import: the sheet's rows are recorded through ``nrm`` ``consent_record``). Values are the HTCDS picklist names (ctis's codes
are those names, ``ctis.cases.choices``), several separated by ";" as the standard's
multi-select picklists are; countries ISO 3166 alpha-2; dates ISO (2024-05-02).

Identity
--------
Without identities (what a user with read access may take): codes, sex, year of birth,
citizenships, languages, the victim profile, events (stage, country, dates), cases and
who took part in them. With identities (names, date of birth, addresses, documents,
contacts, events' places and descriptions) the export is a privileged act: it needs
``cases.view_identities`` and a purpose (``AccessPurpose``); each person's identity is
opened through the access decision for that purpose (recorded as the page records it:
``IdentityAccess`` and an audit entry), a person or part the decision does not open is
left empty, the export itself is audited, and the workbook leaves only inside a 7-Zip
archive encrypted with AES-256 (names of the files too) under the recipient's password,
which is neither stored nor logged.

What has no home in ctis
------------------------
Left empty on export, ignored on import (listed as ignored when a row fills them):
- ``prs_Salutation``, ``prs_Title``, ``prs_MailingCity/State/PostalCode/Country``,
  ``prs_MailingLongitude/Latitude``: ctis keeps addresses as one sealed text, exported in
  ``prs_MailingStreet``.
- ``vic_LocationOfRecruitment``, ``vic_LocationOfExploitation``: lookups to an
  organisation; ctis keeps where a victim was recruited and exploited as events
  (``hte_Events``).
- Every ``cas_`` field but ``cas_CaseOwner`` (status, referrals in and out, closure): in
  ctis these are the referral mechanism's referrals and assistance (``ctis.nrm``), which
  hold more than a flat row can say (parts sent, consent checked, accepting agency, the
  steps of a referral); mapping them is not done yet. ``cas_CaseOwner`` is exported
  (the owner agency's code) and ignored on import: what an import enters, the importer's
  agency holds.
- The standard's fields outside the template with no ctis field (``prs_Deceased``,
  ``prs_MaritalStatus``, ``prs_NumberOfChildren``, ``prs_HighestLevelOfEducation``,
  ``vic_AgreementToManagePersonalData``, websites and apps, ``vic_Vulnerabilities``,
  ``per_RoleDetails``, ``cco_``, ``spl_``, ``hte_`` coordinates, street, state and postal
  code, ``org_``): ignored.
- ``vic_TraffickinStatusDecisionMakingOrg`` is derived on export from the agency that
  decided (``ctis_StatusDecidedBy``, its code, is what the import stores); on import it is
  checked against the picklist only.
Not exported at all: a person's notes, the criminal case's summary and group text (sealed
free text no HTCDS field holds), prosecutions, crimes, criminal groups, wanted history and
children's links; a contact beyond one e-mail and two phones; withdrawn consents.
Refused on import: a row without ``prs_FirstName`` (an export without identities cannot
enter persons: ctis does not make nameless records), a value not in the picklist, a
recruitment method with more than one value (ctis holds one), a link to a code or case
number the file does not define, a code given twice.

Codes are not kept: an import enters new persons, and the services give them new codes
(``ctis_Code`` in the file only ties its sheets together). No duplicate check is run
against the records already stored (``ctis import persons`` has it): import into a
database that does not hold them.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.accounts.selectors import agency_registry
from ctis.audit.services import audit_record
from ctis.cases import selectors as cases_selectors
from ctis.cases import services as cases_services
from ctis.cases.access import Grant, access_person, decide
from ctis.cases.choices import (
    AccessPurpose,
    CaseStatus,
    ContactKind,
    ControlMethod,
    DocumentKind,
    EventKind,
    ExploitationForm,
    LabourSector,
    ParticipantRole,
    PerpetratorRole,
    RecruiterRelationship,
    RecruitmentMethod,
    Sex,
    SexualExploitationKind,
    TraffickingStatus,
)
from ctis.cases.identity import IdentityWindow
from ctis.cases.inputs import (
    CaseInput,
    ContactInput,
    DocumentInput,
    EventInput,
    PersonInput,
    VictimInput,
)
from ctis.cases.redacted import person_view
from ctis.core import bounds
from ctis.core.errors import require_permission
from ctis.core.tables import cell_text
from ctis.interop.imports import CellError, Countries, choice, choices, date, text, year
from ctis.nrm import selectors as nrm_selectors
from ctis.nrm import services as nrm_services
from ctis.nrm.models import ConsentPurpose

PASSWORD_MIN = 12  # the recipient's password for an export with identities
ARCHIVE_MEMBER = "htcds.xlsx"
SEPARATOR = ";"


class DecisionOrg(TextChoices):  # vic_TraffickingStatusDecisionMakingOrg (HTCDS picklist)
    POLICE = "Police", "Police"
    NGO = "NGO", "NGO"
    COURT = "CourtOrProsecution", "Court or prosecution"
    GOVERNMENT = "NonPoliceGovernmentalOrganization", "Non-police governmental organisation"
    OTHER = "Other", "Other"


class Language(TextChoices):  # prs_PrimaryLanguage: ISO 639 two-letter codes, as ctis keeps
    AZ = "az", "az"
    RU = "ru", "ru"
    EN = "en", "en"
    TR = "tr", "tr"
    FA = "fa", "fa"
    KA = "ka", "ka"
    UZ = "uz", "uz"
    KY = "ky", "ky"
    TG = "tg", "tg"
    AR = "ar", "ar"
    OTHER = "other", "other"


# The template's first row, as the template writes it (column A, the row number, has no
# name; column AJ has none either, and is written with the standard's name for its label).
TEMPLATE_FIELDS = [
    "cas_CaseOwner",
    "prs_Salutation",
    "prs_FirstName",
    "prs_SecondName",
    "con_Consent",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Title",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingStreet",
    "prs_MailingPostalCode",
    "vic_TraffickingStatus",
    "vic_TraffickinStatusDecisionMakingOrg",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails",
    "cas_ReferredOrganisation",
    "cas_ReferredPrimaryCaseWorker",
    "cas_ReasonForOutgoingReferral",
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure",
]
TEMPLATE_BLANK_NAME = "cas_ReasonForOutgoingReferral"  # column AJ of the template

# The labels (row 2), from the standard's field list; ctis's own columns in the same style.
LABELS = {
    "cas_CaseOwner": "Case Owner",
    "prs_Salutation": "Salutation",
    "prs_FirstName": "First Name",
    "prs_MiddleName": "Middle Name",
    "prs_SecondName": "Second Name",
    "con_Consent": "Consent",
    "prs_Birthdate": "Birthdate",
    "prs_Gender": "Gender",
    "prs_Citizenship": "Citizenship",
    "prs_Title": "Title",
    "prs_Email": "Email",
    "prs_HomePhone": "Home Phone",
    "prs_MobilePhone": "Mobile Phone",
    "prs_MailingCity": "Mailing City",
    "prs_MailingCountry": "Mailing Country",
    "prs_MailingState": "Mailing State/Province",
    "prs_MailingStreet": "Mailing Street",
    "prs_MailingPostalCode": "Mailing Zip/Postal Code",
    "prs_PrimaryLanguage": "Primary Language",
    "prs_SecondaryLanguage": "Secondary Language",
    "prs_IdentityNumber": "Identity Number",
    "vic_TraffickingStatus": "Trafficking Status",
    "vic_TraffickinStatusDecisionMakingOrg": "Trafficking Status Decision Making Organization",
    "vic_RelationshipToTrafficker": "Relationship to Trafficker",
    "vic_AgeWhenTrafficked": "Age When Trafficked",
    "vic_MethodOfRecruitment": "Method of Recruitment",
    "vic_LocationOfRecruitment": "Location of Recruitment",
    "vic_MethodsOfControl": "Methods of Control",
    "vic_TypeOfExploitation": "Type of Exploitation",
    "vic_ForcedLabourIndustry": "Forced Labour Industry",
    "vic_TypeOfSexExploitation": "Type of Sex Exploitation",
    "vic_LocationOfExploitation": "Location of Exploitation",
    "cas_Status": "Status",
    "cas_ReferringOrganisation": "Referring Organisation",
    "cas_IncomingReferralDate": "Incoming Referral Date",
    "cas_ReferringPrimaryCaseWorker": "Referring Primary Case Worker",
    "cas_ReasonForIncomingReferral": "Reason for Incoming Referral",
    "cas_IncomingReferralDetails": "Incoming Referral Details",
    "cas_ReferredOrganisation": "Referred Organisation",
    "cas_ReferredPrimaryCaseWorker": "Referred Primary Case Worker",
    "cas_ReasonForOutgoingReferral": "Reason for Outgoing Referral",
    "cas_OutgoingReferralDate": "Outgoing Referral Date",
    "cas_OutgoingReferralDetails": "Outgoing Referral Details",
    "cas_ReasonForCaseClosure": "Reason for Case Closure",
    "hte_Type": "Type",
    "hte_Country": "Country",
    "hte_City": "City",
    "hte_Date": "Date",
    "hte_Description": "Description",
    "per_RoleInProcess": "Role in Process",
    "ctis_Code": "ctis code",
    "ctis_BirthYear": "Year of birth",
    "ctis_Aliases": "Other names",
    "ctis_IdentifiedOn": "Identified on",
    "ctis_StatusDecidedBy": "Status decided by (agency code)",
    "ctis_StatusDecidedOn": "Status decided on",
    "ctis_EndDate": "Until",
    "ctis_DocumentKind": "Document",
    "ctis_DocumentIssuer": "Issued by (country)",
    "ctis_CaseNumber": "Case number",
    "ctis_RegisteredOn": "Registered on",
    "ctis_Articles": "Criminal Code articles",
    "ctis_CaseStatus": "Case status",
    "ctis_Solved": "Solved",
    "ctis_Role": "Part",
    "ctis_GroupMember": "Member of the criminal group",
    "ctis_ConsentPurpose": "Consent for",
    "ctis_ConsentGivenOn": "Consent given on",
}

# Fields with no home in ctis (see the docstring): empty on export, ignored on import.
NO_HOME = {
    "prs_Salutation",
    "prs_Title",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingPostalCode",
    "vic_LocationOfRecruitment",
    "vic_LocationOfExploitation",
    *(name for name in TEMPLATE_FIELDS if name.startswith("cas_") and name != "cas_CaseOwner"),
}
# The standard's other fields: ignored on import when a file carries them.
STANDARD_UNMAPPED = {
    "prs_Deceased",
    "prs_MaritalStatus",
    "prs_NumberOfChildren",
    "prs_HighestLevelOfEducation",
    "prs_MailingLongitude",
    "prs_MailingLatitude",
    "vic_AgreementToManagePersonalData",
    "vic_RecruitmentWebsitesAndApps",
    "vic_ExploitationWebsitesAndApps",
    "vic_Vulnerabilities",
    "vic_DetailsOfVulnerabilities",
    "vic_TraffickingStatusDecisionMakingOrg",  # the standard's spelling of the template's
    "per_RoleDetails",
    "cco_CaseComment",
    "hte_Longitude",
    "hte_Latitude",
    "hte_State",
    "hte_Street",
    "hte_PostalCode",
    "spl_Objectives",
    "spl_ActionPlan",
    "spl_PlannedEndDate",
    "spl_ActualEndDate",
    "spl_Type",
}
IGNORED_ON_IMPORT = NO_HOME | STANDARD_UNMAPPED | {"cas_CaseOwner"}

PERSON_EXTRA = ["prs_MiddleName", "prs_PrimaryLanguage", "prs_SecondaryLanguage"]
VICTIM_EXTRA = ["vic_RelationshipToTrafficker", "vic_AgeWhenTrafficked"]
CTIS_PERSON = ["ctis_Code", "ctis_BirthYear", "ctis_Aliases"]
CTIS_VICTIM = ["ctis_IdentifiedOn", "ctis_StatusDecidedBy", "ctis_StatusDecidedOn"]

VICTIMS = "Sheet1"
PERSONS = "prs_Persons"
EVENTS = "hte_Events"
DOCUMENTS = "ctis_Documents"
CASES = "ctis_Cases"
PARTICIPANTS = "per_Participants"
CONSENTS = "con_Consents"

PERSON_FIELDS = [
    "cas_CaseOwner",
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingStreet",
    "prs_PrimaryLanguage",
    "prs_SecondaryLanguage",
    *CTIS_PERSON,
]
SHEETS: dict[str, list[str]] = {
    VICTIMS: [
        *TEMPLATE_FIELDS,
        *PERSON_EXTRA,
        *VICTIM_EXTRA,
        *CTIS_PERSON,
        *CTIS_VICTIM,
    ],
    PERSONS: PERSON_FIELDS,
    EVENTS: ["ctis_Code", "hte_Type", "hte_Country", "hte_City", "hte_Date", "ctis_EndDate",
             "hte_Description"],
    DOCUMENTS: ["ctis_Code", "ctis_DocumentKind", "prs_IdentityNumber", "ctis_DocumentIssuer"],
    CASES: ["ctis_CaseNumber", "ctis_RegisteredOn", "ctis_Articles", "ctis_CaseStatus",
            "ctis_Solved"],
    PARTICIPANTS: ["ctis_CaseNumber", "ctis_Code", "ctis_Role", "per_RoleInProcess",
                   "ctis_GroupMember"],
    CONSENTS: ["ctis_Code", "con_Consent", "ctis_ConsentPurpose", "ctis_ConsentGivenOn"],
}  # fmt: skip
REQUIRED: dict[str, list[str]] = {
    VICTIMS: ["prs_FirstName", "vic_TraffickingStatus"],
    PERSONS: ["prs_FirstName"],
    EVENTS: ["ctis_Code", "hte_Type", "hte_Country"],
    DOCUMENTS: ["ctis_Code", "prs_IdentityNumber"],
    CASES: ["ctis_CaseNumber", "ctis_RegisteredOn", "ctis_Articles"],
    PARTICIPANTS: ["ctis_CaseNumber", "ctis_Code", "ctis_Role"],
    CONSENTS: ["ctis_Code", "ctis_ConsentPurpose"],
}


def _joined(values: Iterable[str]) -> str:
    return SEPARATOR.join(str(value) for value in values)


def _iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _yes(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def decision_org(agency: Agency | None) -> str:
    """The HTCDS picklist name of the body that decided a status. The police units are
    the Ministry of Internal Affairs' (their codes start with "mia")."""
    if agency is None:
        return ""
    if agency.code.startswith("mia"):
        return DecisionOrg.POLICE
    return {
        "ngo": DecisionOrg.NGO,
        "court": DecisionOrg.COURT,
        "prosecution": DecisionOrg.COURT,
        "central_executive": DecisionOrg.GOVERNMENT,
        "local_executive": DecisionOrg.GOVERNMENT,
    }.get(agency.kind, DecisionOrg.OTHER)


# Export ----------------------------------------------------------------------------------


EXPORT_PERMISSIONS = ("cases.view_deidentified", "cases.view_identities")
IMPORT_PERMISSION = "cases.create_person"


def may_export(user) -> bool:
    """Whoever may read the unified database may export what they see (codes only)."""
    return any(user.has_perm(permission) for permission in EXPORT_PERMISSIONS)


def may_import(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION) and user.agency_id is not None


class ExportRefused(PermissionDenied):
    """An export refused; ``field`` names what the user may change ("purpose", "note"),
    None when it is the right itself."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Export:
    sheets: dict[str, list[dict[str, str]]]
    persons: int = 0
    identities_opened: int = 0


def _check_export(actor: User, identities: bool, purpose: str | None, note: str = "") -> None:
    if not may_export(actor):
        raise ExportRefused(_("You may not export records of the unified database."))
    if identities:
        if not actor.has_perm("cases.view_identities"):
            raise ExportRefused(_("An export with identities needs the right to see identities."))
        if purpose not in AccessPurpose.values:
            raise ExportRefused(
                _("An export with identities needs its purpose: %(purposes)s.")
                % {"purposes": ", ".join(AccessPurpose.values)},
                field="purpose",
            )
        if purpose == AccessPurpose.OTHER and len(note.strip()) < 10:
            raise ExportRefused(_("Explain the purpose in a few words (--note)."), field="note")


def check_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise ValidationError(
            _("The password must be at least %(n)d characters long.") % {"n": PASSWORD_MIN}
        )


def _person_row(person, view, *, identities: bool) -> dict[str, str]:
    """The prs_ columns of one person, from what the access decision lets the user see."""

    def seen(name: str) -> str:
        return (view.get(name) or "") if identities else ""

    contacts = list(view.get("contacts", [])) if identities else []
    phones = [c.value for c in contacts if c.kind == ContactKind.PHONE]
    emails = [c.value for c in contacts if c.kind == ContactKind.EMAIL]
    birth = view.get("birth_date") if identities else None
    return {
        "cas_CaseOwner": person.owner_agency.code,
        "prs_FirstName": seen("given_name"),
        "prs_MiddleName": seen("patronymic"),
        "prs_SecondName": seen("family_name"),
        "prs_Birthdate": _iso(birth),
        "prs_Gender": person.sex,
        "prs_Citizenship": _joined(sorted(c.code for c in view["citizenships"])),
        "prs_Email": emails[0] if emails else "",
        "prs_MobilePhone": phones[0] if phones else "",
        "prs_HomePhone": phones[1] if len(phones) > 1 else "",
        "prs_MailingStreet": seen("address"),
        "prs_PrimaryLanguage": person.languages[0] if person.languages else "",
        "prs_SecondaryLanguage": person.languages[1] if len(person.languages) > 1 else "",
        "ctis_Code": person.code,
        "ctis_BirthYear": str(person.birth_year or ""),
        "ctis_Aliases": seen("aliases"),
    }


def _victim_row(victim) -> dict[str, str]:
    return {
        "vic_TraffickingStatus": victim.status,
        "vic_TraffickinStatusDecisionMakingOrg": decision_org(victim.status_decided_by),
        "vic_MethodOfRecruitment": victim.recruitment_method,
        "vic_MethodsOfControl": _joined(victim.control_methods),
        "vic_TypeOfExploitation": _joined(victim.forms),
        "vic_ForcedLabourIndustry": victim.labour_sector,
        "vic_TypeOfSexExploitation": _joined(victim.sexual_kinds),
        "vic_RelationshipToTrafficker": victim.recruiter_relationship,
        "vic_AgeWhenTrafficked": str(victim.age_when_trafficked or ""),
        "ctis_IdentifiedOn": _iso(victim.identified_on),
        "ctis_StatusDecidedBy": victim.status_decided_by.code if victim.status_decided_by else "",
        "ctis_StatusDecidedOn": _iso(victim.status_decided_on),
    }


def _opens_in_bulk(decision) -> bool:
    """An export opens the identities the decision opens, but not one opened by emergency
    access alone: that is granted for one record and one need, not for a file."""
    if not decision.identity:
        return False
    return not (
        Grant.BREAK_GLASS in decision.grants
        and not {Grant.OWNER, Grant.ENTERED} & set(decision.grants)
    )


def export_records(
    *, actor: User, identities: bool = False, purpose: str | None = None, note: str = ""
) -> Export:
    """The rows of every sheet for the records ``actor`` may see; with ``identities``, each
    person's identity opened for ``purpose`` through the access decision (a person whose
    identity the decision does not open is exported without it). Audited."""
    _check_export(actor, identities, purpose, note)
    window = IdentityWindow({})  # this export's own: opened here, forgotten after
    sheets: dict[str, list[dict[str, str]]] = {name: [] for name in SHEETS}
    exported: set[str] = set()
    opened = 0
    persons = cases_selectors.person_list(actor, cases_selectors.PersonFilters())
    for person in sorted(persons, key=lambda p: p.code):
        access = None
        if identities and _opens_in_bulk(decide(actor, person)):
            access = access_person(actor, person, purpose, window=window, note=note)
            opened += 1
        if access is None:  # the decision does not open this identity: codes only
            access = access_person(actor, person, window=window)
        view = person_view(access)
        row = _person_row(person, view, identities=access.identity_open)
        if access.whole:  # consents, as the referrals panel shows them: to the holder
            consents = nrm_selectors.active_consents(person)
            row["con_Consent"] = _yes(bool(consents))
            sheets[CONSENTS].extend(
                {
                    "ctis_Code": person.code,
                    "con_Consent": _yes(True),
                    "ctis_ConsentPurpose": consent.purpose,
                    "ctis_ConsentGivenOn": _iso(consent.given_on),
                }
                for consent in consents
            )
        victim = view.get("victim")
        if victim is not None:
            row.update(_victim_row(victim))
            sheets[VICTIMS].append(row)
            for event in view.get("events", []):
                sealed = bool(view.get("sealed_shown"))
                sheets[EVENTS].append(
                    {
                        "ctis_Code": person.code,
                        "hte_Type": event.kind,
                        "hte_Country": event.country_id,
                        "hte_City": event.place if sealed else "",
                        "hte_Date": _iso(event.started_on),
                        "ctis_EndDate": _iso(event.ended_on),
                        "hte_Description": event.description if sealed else "",
                    }
                )
        else:
            sheets[PERSONS].append(row)
        for document in view.get("documents", []) if access.identity_open else []:
            sheets[DOCUMENTS].append(
                {
                    "ctis_Code": person.code,
                    "ctis_DocumentKind": document.kind,
                    "prs_IdentityNumber": document.number,
                    "ctis_DocumentIssuer": document.issuer_id or "",
                }
            )
        exported.add(person.code)
    for case in sorted(cases_selectors.case_list(actor), key=lambda c: c.number):
        sheets[CASES].append(
            {
                "ctis_CaseNumber": case.number,
                "ctis_RegisteredOn": _iso(case.registered_on),
                "ctis_Articles": _joined(sorted(a.code for a in case.articles.all())),
                "ctis_CaseStatus": case.status,
                "ctis_Solved": _yes(case.solved),
            }
        )
        parts = [p for p in cases_selectors.case_participants(case) if p.person.code in exported]
        for part in sorted(parts, key=lambda p: (p.role, p.person.code)):
            sheets[PARTICIPANTS].append(
                {
                    "ctis_CaseNumber": case.number,
                    "ctis_Code": part.person.code,
                    "ctis_Role": part.role,
                    "per_RoleInProcess": _joined(part.perpetrator_roles),
                    "ctis_GroupMember": _yes(part.group_member),
                }
            )
    result = Export(sheets, persons=len(exported), identities_opened=opened)
    audit_record(
        actor=actor,
        action="interop.htcds.export",
        object_type="interop.htcds",
        object_repr="HTCDS v2.0",
        purpose=purpose or "",
        changes={
            "identities": {"before": None, "after": identities},
            "persons": {"before": None, "after": result.persons},
            "identities opened": {"before": None, "after": opened},
            "cases": {"before": None, "after": len(sheets[CASES])},
        },
    )
    return result


def workbook_bytes(export: Export) -> bytes:
    """The export as an .xlsx workbook: each sheet's names in row 1, labels in row 2,
    the row number in column A of the template's sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        template = name == VICTIMS
        lead: list[Any] = [None] if template else []
        sheet.append([*lead, *columns])
        sheet.append([*lead, *(LABELS.get(c, c) for c in columns)])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, row in enumerate(export.sheets[name], start=1):
            sheet.append([*([number] if template else []), *(row.get(c, "") for c in columns)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted_archive(workbook: bytes, password: str) -> bytes:
    """The workbook inside a 7-Zip archive encrypted with AES-256, its header too (so the
    file's name is not readable without the password)."""
    import py7zr

    check_password(password)
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w", password=password, header_encryption=True) as archive:
        archive.writestr(workbook, ARCHIVE_MEMBER)
    return buffer.getvalue()


def export_file(
    *,
    actor: User,
    identities: bool = False,
    purpose: str | None = None,
    password: str = "",
    note: str = "",
) -> bytes:
    """The file to hand over: the workbook, or with identities the encrypted archive.
    Everything is checked (right, purpose, password) before anything is read or opened."""
    _check_export(actor, identities, purpose, note)
    if identities:
        check_password(password)
    with transaction.atomic():
        export = export_records(actor=actor, identities=identities, purpose=purpose, note=note)
    content = workbook_bytes(export)
    return encrypted_archive(content, password) if identities else content


# Import ----------------------------------------------------------------------------------


@dataclass
class Refusal:
    sheet: str
    row: int  # the sheet's row as a spreadsheet numbers it; 0: the sheet itself
    column: str
    value: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[Refusal] = field(default_factory=list)
    ignored: dict[tuple[str, str], int] = field(default_factory=dict)  # (sheet, column): rows
    saved: dict[str, str] = field(default_factory=dict)  # file's code -> new code
    cases: list[str] = field(default_factory=list)
    committed: bool = False


class HtcdsFileError(ValueError):
    """The file is not a workbook of the template."""


@dataclass
class _Row:
    sheet: str
    line: int
    raw: dict[str, str]
    cells: dict[str, Any]


def _bool(value: str) -> bool:
    folded = value.strip().casefold()
    if folded in ("", "false", "0", "no"):
        return False
    if folded in ("true", "1", "yes"):
        return True
    raise CellError(_("Write TRUE or FALSE."))


def _one(of: type[TextChoices]) -> Callable[[str], str]:
    """One code of a picklist that HTCDS makes multi-select and ctis holds once."""
    many = choices(of)

    def parse(value: str) -> str:
        found = many(value)
        if len(found) > 1:
            raise CellError(
                _("ctis holds one value here; this cell has %(n)d.") % {"n": len(found)}
            )
        return found[0] if found else ""

    return parse


def _number(value: str) -> int | None:
    if not value:
        return None
    try:
        number = int(float(value))
    except ValueError:
        raise CellError(_("Not a whole number.")) from None
    if not 0 <= number <= 120:
        raise CellError(_("Not a plausible age."))
    return number


class _Parsers:
    def __init__(self) -> None:
        self.countries = Countries()
        self.agencies = {agency.code: agency for agency in agency_registry()}

    def agency(self, value: str) -> Agency | None:
        if not value:
            return None
        found = self.agencies.get(value.strip())
        if found is None:
            raise CellError(_("No agency has this code."))
        return found

    def articles(self, value: str) -> list:
        found = []
        for code in filter(None, (part.strip() for part in value.split(SEPARATOR))):
            article = cases_selectors.article_in_use(code)
            if article is None:
                raise CellError(
                    _("No article %(code)s of the Criminal Code is in use.") % {"code": code}
                )
            found.append(article)
        return found

    def table(self) -> dict[str, Callable[[str], Any]]:
        return {
            "prs_FirstName": text(bounds.NAME),
            "prs_MiddleName": text(bounds.NAME),
            "prs_SecondName": text(bounds.NAME),
            "prs_Birthdate": date,
            "prs_Gender": choice(Sex),
            "prs_Citizenship": self.countries.many,
            "prs_Email": text(bounds.SHORT),
            "prs_HomePhone": text(bounds.SHORT),
            "prs_MobilePhone": text(bounds.SHORT),
            "prs_MailingStreet": text(bounds.NOTE),
            "prs_PrimaryLanguage": choice(Language),
            "prs_SecondaryLanguage": choice(Language),
            "prs_IdentityNumber": text(bounds.SHORT),
            "vic_TraffickingStatus": choice(TraffickingStatus),
            "vic_TraffickinStatusDecisionMakingOrg": choice(DecisionOrg),
            "vic_MethodOfRecruitment": _one(RecruitmentMethod),
            "vic_MethodsOfControl": choices(ControlMethod),
            "vic_TypeOfExploitation": choices(ExploitationForm),
            "vic_ForcedLabourIndustry": choice(LabourSector),
            "vic_TypeOfSexExploitation": choices(SexualExploitationKind),
            "vic_RelationshipToTrafficker": choice(RecruiterRelationship),
            "vic_AgeWhenTrafficked": _number,
            "hte_Type": choice(EventKind),
            "hte_Country": self.countries.one,
            "hte_City": text(bounds.NOTE),
            "hte_Date": date,
            "hte_Description": text(bounds.NOTE),
            "per_RoleInProcess": choices(PerpetratorRole),
            "ctis_Code": text(20),
            "ctis_BirthYear": year,
            "ctis_Aliases": text(bounds.NOTE),
            "ctis_IdentifiedOn": date,
            "ctis_StatusDecidedBy": self.agency,
            "ctis_StatusDecidedOn": date,
            "ctis_EndDate": date,
            "ctis_DocumentKind": choice(DocumentKind),
            "ctis_DocumentIssuer": self.countries.one,
            "ctis_CaseNumber": text(40),
            "ctis_RegisteredOn": date,
            "ctis_Articles": self.articles,
            "ctis_CaseStatus": choice(CaseStatus),
            "ctis_Solved": _bool,
            "ctis_Role": choice(ParticipantRole),
            "ctis_GroupMember": _bool,
            "con_Consent": _bool,
            "ctis_ConsentPurpose": choice(ConsentPurpose),
            "ctis_ConsentGivenOn": date,
        }


KNOWN_LABELS = {label.casefold() for label in LABELS.values()}


def _is_label_row(values: list[str]) -> bool:
    """Row 2 of the template names the columns in words; a data row does not. (The
    template writes the mailing address's labels in another order than its names, so a
    label is looked for among all labels, not under its own column only.)"""
    filled = [value.casefold() for value in values if value]
    return bool(filled) and all(value in KNOWN_LABELS for value in filled)


def _read_sheets(content: bytes, result: ImportResult) -> dict[str, list[_Row]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        raise HtcdsFileError(_("The file is not an Excel workbook (.xlsx).")) from None
    if VICTIMS not in book.sheetnames:
        raise HtcdsFileError(
            _("The workbook has no sheet %(sheet)s (the HTCDS template's).") % {"sheet": VICTIMS}
        )
    parsers = _Parsers().table()
    read: dict[str, list[_Row]] = {}
    for name in SHEETS:
        if name not in book.sheetnames:
            continue
        rows = book[name].iter_rows(values_only=True)
        header = [cell_text(value) for value in next(rows, ())]
        known = set(SHEETS[name]) | IGNORED_ON_IMPORT | {"vic_TraffickingStatusDecisionMakingOrg"}
        for index, column in enumerate(header):
            if column and column not in known:
                result.errors.append(
                    Refusal(name, 1, column, "", _("This column is not in the template."))
                )
            elif column and column in header[:index]:
                result.errors.append(
                    Refusal(name, 1, column, "", _("The sheet has this column twice."))
                )
        for column in REQUIRED[name]:
            if column not in header:
                result.errors.append(
                    Refusal(
                        name,
                        1,
                        column,
                        "",
                        _("The sheet has no column %(name)s.") % {"name": column},
                    )
                )
        read[name] = []
        for line, values in enumerate(rows, start=2):
            cells_text = [cell_text(value) for value in values]
            if not any(cells_text[1 if name == VICTIMS else 0 :]):
                continue
            if line == 2 and _is_label_row(cells_text[1 if name == VICTIMS else 0 :]):
                continue
            result.rows += 1
            row = _Row(name, line, {}, {})
            for index, column in enumerate(header):
                value = cells_text[index] if index < len(cells_text) else ""
                if not column:
                    continue
                if column in IGNORED_ON_IMPORT or column not in parsers:
                    if value and column in IGNORED_ON_IMPORT and column != "cas_CaseOwner":
                        key = (name, column)
                        result.ignored[key] = result.ignored.get(key, 0) + 1
                    continue
                row.raw[column] = value
                try:
                    row.cells[column] = parsers[column](value)
                except CellError as refused:
                    result.errors.append(Refusal(name, line, column, value[:100], str(refused)))
            for column in REQUIRED[name]:
                if column in header and not row.raw.get(column):
                    result.errors.append(Refusal(name, line, column, "", _("Fill this in.")))
            read[name].append(row)
    return read


def _check_links(read: dict[str, list[_Row]], result: ImportResult) -> None:
    """Every code a sheet refers to is a person of the file; every code and case number
    is given once."""

    def refuse(row: _Row, column: str, message: str) -> None:
        result.errors.append(Refusal(row.sheet, row.line, column, row.raw.get(column, ""), message))

    victims: set[str] = set()
    persons: set[str] = set()
    for sheet, into in ((VICTIMS, victims), (PERSONS, persons)):
        for row in read.get(sheet, []):
            code = row.raw.get("ctis_Code", "")
            if code and (code in victims or code in persons):
                refuse(row, "ctis_Code", _("This code is given to another row already."))
            elif code:
                into.add(code)
    cases: set[str] = set()
    for row in read.get(CASES, []):
        number = row.raw.get("ctis_CaseNumber", "")
        if number in cases:
            refuse(row, "ctis_CaseNumber", _("This case number is given to another row already."))
        cases.add(number)
    for row in read.get(EVENTS, []):
        if row.raw.get("ctis_Code") and row.raw["ctis_Code"] not in victims:
            refuse(row, "ctis_Code", _("No victim of the file has this code (Sheet1)."))
    for sheet in (DOCUMENTS, PARTICIPANTS, CONSENTS):
        for row in read.get(sheet, []):
            linked = row.raw.get("ctis_Code")
            if linked and linked not in victims | persons:
                refuse(row, "ctis_Code", _("No person of the file has this code."))
    for row in read.get(PARTICIPANTS, []):
        case_number = row.raw.get("ctis_CaseNumber")
        if case_number and case_number not in cases:
            refuse(row, "ctis_CaseNumber", _("No case of the file has this number."))


def _person_input(row: _Row, documents: list[DocumentInput]) -> PersonInput:
    cells = row.cells
    contacts = [
        ContactInput(kind=kind, value=cells[name])
        for name, kind in (
            ("prs_MobilePhone", ContactKind.PHONE),
            ("prs_HomePhone", ContactKind.PHONE),
            ("prs_Email", ContactKind.EMAIL),
        )
        if cells.get(name)
    ]
    languages = [cells[n] for n in ("prs_PrimaryLanguage", "prs_SecondaryLanguage") if cells.get(n)]
    return PersonInput(
        given_name=cells.get("prs_FirstName", ""),
        family_name=cells.get("prs_SecondName", ""),
        patronymic=cells.get("prs_MiddleName", ""),
        aliases=cells.get("ctis_Aliases", ""),
        birth_date=cells.get("prs_Birthdate"),
        birth_year=cells.get("ctis_BirthYear"),
        sex=cells.get("prs_Gender") or Sex.UNKNOWN,
        citizenships=cells.get("prs_Citizenship") or [],
        languages=languages,
        address=cells.get("prs_MailingStreet", ""),
        documents=documents,
        contacts=contacts,
    )


def _victim_input(row: _Row) -> VictimInput:
    cells = row.cells
    return VictimInput(
        status=cells["vic_TraffickingStatus"],
        status_decided_by=cells.get("ctis_StatusDecidedBy"),
        status_decided_on=cells.get("ctis_StatusDecidedOn"),
        identified_on=cells.get("ctis_IdentifiedOn"),
        forms=cells.get("vic_TypeOfExploitation") or [],
        labour_sector=cells.get("vic_ForcedLabourIndustry", ""),
        sexual_kinds=cells.get("vic_TypeOfSexExploitation") or [],
        control_methods=cells.get("vic_MethodsOfControl") or [],
        recruitment_method=cells.get("vic_MethodOfRecruitment", ""),
        recruiter_relationship=cells.get("vic_RelationshipToTrafficker", ""),
        age_when_trafficked=cells.get("vic_AgeWhenTrafficked"),
    )


# Which column of the sheet a service's field is written in, for its refusals.
SERVICE_COLUMNS = {
    "given_name": "prs_FirstName",
    "family_name": "prs_SecondName",
    "patronymic": "prs_MiddleName",
    "aliases": "ctis_Aliases",
    "birth_date": "prs_Birthdate",
    "birth_year": "ctis_BirthYear",
    "sex": "prs_Gender",
    "address": "prs_MailingStreet",
    "contacts": "prs_MobilePhone",
    "status": "vic_TraffickingStatus",
    "status_decided_by": "ctis_StatusDecidedBy",
    "status_decided_on": "ctis_StatusDecidedOn",
    "identified_on": "ctis_IdentifiedOn",
    "forms": "vic_TypeOfExploitation",
    "labour_sector": "vic_ForcedLabourIndustry",
    "sexual_kinds": "vic_TypeOfSexExploitation",
    "control_methods": "vic_MethodsOfControl",
    "recruitment_method": "vic_MethodOfRecruitment",
    "recruiter_relationship": "vic_RelationshipToTrafficker",
    "age_when_trafficked": "vic_AgeWhenTrafficked",
    "kind": "hte_Type",
    "country": "hte_Country",
    "place": "hte_City",
    "started_on": "hte_Date",
    "ended_on": "ctis_EndDate",
    "description": "hte_Description",
    "number": "ctis_CaseNumber",
    "registered_on": "ctis_RegisteredOn",
    "articles": "ctis_Articles",
    "role": "ctis_Role",
    "perpetrator_roles": "per_RoleInProcess",
    "person": "ctis_Code",
    "purpose": "ctis_ConsentPurpose",
    "given_on": "ctis_ConsentGivenOn",
}


def _refusal(row: _Row, error: Exception) -> list[Refusal]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        out = []
        for name, items in error.error_dict.items():
            column = SERVICE_COLUMNS.get(name, "")
            if row.sheet == DOCUMENTS and name == "documents":
                column = "prs_IdentityNumber"
            value = row.raw.get(column, "") if column else ""
            for item in items:
                out.append(Refusal(row.sheet, row.line, column, value, " ".join(item.messages)))
        return out
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    return [Refusal(row.sheet, row.line, "", "", message) for message in messages]


def _save(actor: User, read: dict[str, list[_Row]], result: ImportResult) -> None:
    """Enter the file's records through the services, each in a savepoint; a refusal is
    listed beside its row and the rest goes on, so that every refusal is listed."""
    documents: dict[str, list[DocumentInput]] = {}
    for row in read.get(DOCUMENTS, []):
        documents.setdefault(row.cells["ctis_Code"], []).append(
            DocumentInput(
                kind=row.cells.get("ctis_DocumentKind") or DocumentKind.OTHER,
                number=row.cells["prs_IdentityNumber"],
                issuer=row.cells.get("ctis_DocumentIssuer"),
            )
        )
    people: dict[str, Any] = {}
    for sheet in (VICTIMS, PERSONS):
        for row in read.get(sheet, []):
            code = row.cells.get("ctis_Code") or f"{sheet}:{row.line}"
            victim = _victim_input(row) if sheet == VICTIMS else None
            try:
                with transaction.atomic():
                    person = cases_services.person_create(
                        actor=actor,
                        data=_person_input(row, documents.get(code, [])),
                        prefix="V" if victim else "P",
                        registered_on=victim.identified_on if victim else None,
                        victim=victim,
                    )
            except (ValidationError, PermissionDenied) as refused:
                result.errors.extend(_refusal(row, refused))
                continue
            people[code] = person
            result.saved[code] = person.code
    for row in read.get(EVENTS, []):
        victim_person = people.get(row.cells["ctis_Code"])
        if victim_person is None:
            continue  # its person was refused, and is listed
        cells = row.cells
        data = EventInput(
            kind=cells["hte_Type"],
            country=cells["hte_Country"],
            place=cells.get("hte_City", ""),
            started_on=cells.get("hte_Date"),
            ended_on=cells.get("ctis_EndDate"),
            description=cells.get("hte_Description", ""),
        )
        try:
            with transaction.atomic():
                cases_services.event_add(actor=actor, victim=victim_person.victim, data=data)
        except (ValidationError, PermissionDenied) as refused:
            result.errors.extend(_refusal(row, refused))
    for row in read.get(CONSENTS, []):
        holder = people.get(row.cells["ctis_Code"])
        if holder is None:
            continue
        if row.cells.get("con_Consent") is False:
            continue  # a consent the file says was not given
        try:
            with transaction.atomic():
                nrm_services.consent_record(
                    actor=actor,
                    person=holder,
                    purpose=row.cells["ctis_ConsentPurpose"],
                    given_on=row.cells.get("ctis_ConsentGivenOn"),
                )
        except (ValidationError, PermissionDenied) as refused:
            result.errors.extend(_refusal(row, refused))
    cases: dict[str, Any] = {}
    for row in read.get(CASES, []):
        cells = row.cells
        data_case = CaseInput(
            number=cells["ctis_CaseNumber"],
            registered_on=cells.get("ctis_RegisteredOn"),
            articles=cells.get("ctis_Articles") or [],
            status=cells.get("ctis_CaseStatus") or CaseStatus.INVESTIGATION,
            solved=cells.get("ctis_Solved", False),
        )
        try:
            with transaction.atomic():
                cases[data_case.number] = cases_services.case_create(actor=actor, data=data_case)
        except (ValidationError, PermissionDenied) as refused:
            result.errors.extend(_refusal(row, refused))
            continue
        result.cases.append(data_case.number)
    for row in read.get(PARTICIPANTS, []):
        cells = row.cells
        case, member = cases.get(cells["ctis_CaseNumber"]), people.get(cells["ctis_Code"])
        if case is None or member is None:
            continue
        try:
            with transaction.atomic():
                cases_services.participant_add(
                    actor=actor,
                    case=case,
                    person=member,
                    role=cells["ctis_Role"],
                    perpetrator_roles=cells.get("per_RoleInProcess") or [],
                    group_member=cells.get("ctis_GroupMember", False),
                )
        except (ValidationError, PermissionDenied) as refused:
            result.errors.extend(_refusal(row, refused))


def import_workbook(*, actor: User, content: bytes, commit: bool = True) -> ImportResult:
    """Check the whole workbook, then enter it through the services in one transaction:
    kept when nothing was refused and ``commit``, else rolled back (nothing is saved)."""
    require_permission(actor, IMPORT_PERMISSION)
    if actor.agency_id is None:
        raise PermissionDenied(_("Only a member of an agency imports records."))
    result = ImportResult()
    read = _read_sheets(content, result)
    _check_links(read, result)
    if result.errors:
        return result  # nothing was written
    with transaction.atomic():
        _save(actor, read, result)
        if commit and not result.errors:
            audit_record(
                actor=actor,
                action="interop.htcds.import",
                object_type="interop.htcds",
                object_id=hashlib.sha256(content).hexdigest()[:16],
                object_repr="HTCDS v2.0",
                changes={
                    "rows": {"before": None, "after": result.rows},
                    "persons": {"before": None, "after": len(result.saved)},
                    "cases": {"before": None, "after": len(result.cases)},
                },
            )
            result.committed = True
        else:
            transaction.set_rollback(True)
    if not result.committed:
        result.saved, result.cases = {}, []
    return result
