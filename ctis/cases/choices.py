"""Code lists of the unified database.

Values are HTCDS v2.0 picklist names wherever HTCDS has the concept (so that an export
is a mapping, not a translation); the few values HTCDS lacks and Azerbaijani criminal
justice needs are written in the same CamelCase style and marked below.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):  # prs_Gender
    FEMALE = "Feminine", _("Female")
    MALE = "Masculine", _("Male")
    UNKNOWN = "NonSpecifiedUnknown", _("Not known")


class TraffickingStatus(models.TextChoices):  # vic_TraffickingStatus
    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim")
    ACTUAL = "ActualVictimOfTrafficking", _("Victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim")


class ExploitationForm(models.TextChoices):  # vic_TypeOfExploitation
    SEXUAL = "SexualExploitation", _("Sexual exploitation")
    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_CRIMINAL_ACTIVITY = "ForcedCriminalActivity", _("Forced criminal activity")  # ctis
    SERVITUDE = "Servitude", _("Servitude")
    OTHER = "Other", _("Other")


# Each form's bit in ``Person.forms_mask`` (the list filters on it). Stored in the database:
# never renumber; a new form takes the next free bit.
FORM_BITS: dict[str, int] = {
    ExploitationForm.SEXUAL: 1 << 0,
    ExploitationForm.FORCED_LABOUR: 1 << 1,
    ExploitationForm.FORCED_BEGGING: 1 << 2,
    ExploitationForm.FORCED_MARRIAGE: 1 << 3,
    ExploitationForm.ORGAN_REMOVAL: 1 << 4,
    ExploitationForm.FORCED_CRIMINAL_ACTIVITY: 1 << 5,
    ExploitationForm.SERVITUDE: 1 << 6,
    ExploitationForm.OTHER: 1 << 7,
}


def masks_with(form: str) -> list[int]:
    """Every mask that includes ``form``: the list filters ``forms_mask IN (...)``, which
    an index on the mask answers and the planner estimates from its statistics (a bit test
    would be neither)."""
    bit = FORM_BITS[form]
    return [mask for mask in range(1 << len(FORM_BITS)) if mask & bit]


def forms_mask(forms) -> int:
    """The bit mask of a list of exploitation form codes."""
    mask = 0
    for form in forms:
        mask |= FORM_BITS[form]
    return mask


# The country whose citizens are "citizens" in the statistics, and whose soil makes an
# exploitation internal (seed 000: "9 exploited in forced labour inside the country").
HOME_COUNTRY = "AZ"

# ``Person.citizenship_class``: a copy of what the person's citizenships say, written by the
# services with the citizenships, so that the statistics count citizens and foreigners from
# the person row. Empty: no citizenship recorded.
CITIZEN = "citizen"
FOREIGNER = "foreigner"


def citizenship_class(codes) -> str:
    """Citizen when one of the citizenships (country codes) is the home country's,
    foreigner when there are others only, "" when none is recorded."""
    codes = set(codes)
    if HOME_COUNTRY in codes:
        return CITIZEN
    return FOREIGNER if codes else ""


# ``Person.exploited_mask``: where the victim's exploitation events are, one bit each for
# inside the country and abroad (both: exploited in both; 0: no exploitation recorded).
# Stored in the database: never renumber.
EXPLOITED_HOME = 1 << 0
EXPLOITED_ABROAD = 1 << 1


def exploited_mask(countries) -> int:
    """The mask of the countries (codes) of a victim's exploitation events."""
    mask = 0
    for country in countries:
        mask |= EXPLOITED_HOME if country == HOME_COUNTRY else EXPLOITED_ABROAD
    return mask


def exploited_countries(countries) -> str:
    """``Person.exploited_countries``: the codes of the countries of a victim's
    exploitation events, each once, sorted, joined by commas ("AE,TR"; "" for none)."""
    return ",".join(sorted({country for country in countries if country}))


class SexualExploitationKind(models.TextChoices):  # vic_TypeOfSexExploitation
    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE = "RemoteInteractiveServices", _("Remote interactive services")
    PRIVATE = "PrivateSexualServices", _("Private sexual services")


class LabourSector(models.TextChoices):  # vic_ForcedLabourIndustry (ISIC Rev. 4 sections)
    A = "A_AgricultureForestryAndFishing", _("A · Agriculture, forestry and fishing")
    B = "B_MiningAndQuarrying", _("B · Mining and quarrying")
    C = "C_Manufacturing", _("C · Manufacturing")
    F = "F_Construction", _("F · Construction")
    G = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", _("G · Trade and repair of vehicles")
    H = "H_TransportationAndStorage", _("H · Transportation and storage")
    I = "I_AccommodationAndFoodServiceActivities", _("I · Accommodation and food service")  # noqa: E741
    Q = "Q_HumanHealthAndSocialWorkActivities", _("Q · Health and social work")
    R = "R_ArtsEntertainmentAndRecreation", _("R · Arts, entertainment and recreation")
    S = "S_OtherServiceActivities", _("S · Other service activities")
    T = "T_ActivitiesOfHouseholdsAsEmployers", _("T · Households as employers (domestic work)")


class ControlMethod(models.TextChoices):  # vic_MethodsOfControl
    PHYSICAL_THREATS = "PhysicalThreats", _("Threats of violence")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of reporting to the authorities")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threats against children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCES = "RestrictsFinancialAccess", _("Restricts access to money")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds food, sleep or other necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE = "PsychoactiveSubstance", _("Psychoactive substances")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds identity documents")
    OTHER = "Other", _("Other")


class RecruitmentMethod(models.TextChoices):  # vic_MethodOfRecruitment
    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_ADVERT = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TV_ADVERT = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or acquaintances")
    OTHER = "Other", _("Other")


class RecruiterRelationship(models.TextChoices):  # vic_RelationshipToTrafficker
    FAMILY = "Familial", _("Family member")
    ACQUAINTED = "Acquainted", _("Acquaintance")
    UNACQUAINTED = "Unaquainted", _("Stranger")  # HTCDS spells it so


class Scope(models.TextChoices):
    INTERNAL = "Internal", _("Internal (within Azerbaijan)")
    TRANSNATIONAL = "Transnational", _("Transnational")


class EventKind(models.TextChoices):  # hte_Type
    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


class DocumentKind(models.TextChoices):
    ID_CARD = "IdentityCard", _("Identity card")
    PASSPORT = "Passport", _("Passport")
    BIRTH_CERTIFICATE = "BirthCertificate", _("Birth certificate")
    RESIDENCE_PERMIT = "ResidencePermit", _("Residence permit")
    RETURN_CERTIFICATE = "ReturnCertificate", _("Certificate of return")
    OTHER = "Other", _("Other document")


class ContactKind(models.TextChoices):
    PHONE = "Phone", _("Phone")
    EMAIL = "Email", _("E-mail")
    OTHER = "Other", _("Other")


class CaseStatus(models.TextChoices):
    INVESTIGATION = "UnderInvestigation", _("Under investigation")
    IN_COURT = "SentToCourt", _("Sent to court")
    SUSPENDED = "Suspended", _("Suspended")
    CLOSED = "Closed", _("Closed")


class ParticipantRole(models.TextChoices):
    VICTIM = "Victim", _("Victim")
    PERPETRATOR = "Perpetrator", _("Perpetrator")


class PerpetratorRole(models.TextChoices):  # per_RoleInProcess (the roles seen in the seeds)
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    TRANSPORTER = "Transporter", _("Transporter")
    BROKER = "BrokerTravelAgent", _("Broker or travel agent")
    EXPLOITER = "Exploiter", _("Exploiter")
    HARBOURER = "HarbouredIndividual", _("Harboured the victim")
    SELLER = "SoldIndividual", _("Sold the victim")
    BUYER = "BoughtIndividual", _("Bought the victim")
    ORGANISER = "Organiser", _("Organiser of the group")  # ctis
    OTHER = "Other", _("Other")


class WantedStatus(models.TextChoices):
    NOT_WANTED = "", _("Not wanted")
    IN_COUNTRY = "InCountry", _("Wanted in the country")
    ABROAD = "Abroad", _("Wanted abroad")
    CAUGHT = "Caught", _("Caught")


class Extradition(models.TextChoices):
    NONE = "", _("Not requested")
    REQUESTED = "Requested", _("Requested")
    DONE = "Extradited", _("Extradited")
    REFUSED = "Refused", _("Refused")


class VerdictOutcome(models.TextChoices):
    PENDING = "", _("No verdict yet")
    CONVICTED = "Convicted", _("Convicted")
    ACQUITTED = "Acquitted", _("Acquitted")
    DISMISSED = "Dismissed", _("Case dismissed")


class SentenceKind(models.TextChoices):
    NONE = "", _("No sentence")
    IMPRISONMENT = "Imprisonment", _("Imprisonment")
    CONDITIONAL = "Conditional", _("Conditional sentence")
    DEFERRED = "Deferred", _("Deferred sentence")
    FINE = "Fine", _("Fine")
    OTHER = "Other", _("Other")


class ChildMeasure(models.TextChoices):
    PRESCHOOL = "Preschool", _("Place in a pre-school institution")
    SCHOOL = "School", _("Enrolled in school")
    BIRTH_CERTIFICATE = "BirthCertificate", _("Birth certificate issued")
    PATERNITY = "Paternity", _("Paternity established")
    ALIMONY = "Alimony", _("Alimony awarded")
    HEALTH = "HealthCare", _("Health care")
    OTHER = "Other", _("Other")


class AccessPurpose(models.TextChoices):
    INVESTIGATION = "investigation", _("Criminal investigation")
    ASSISTANCE = "assistance", _("Assistance to the person")
    COURT = "court", _("Court proceedings")
    CORRECTION = "correction", _("Checking or correcting the record")
    DUPLICATE = "duplicate", _("Checking a possible duplicate")
    OTHER = "other", _("Other (explain)")


LANGUAGES = [
    ("az", _("Azerbaijani")),
    ("ru", _("Russian")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("fa", _("Persian")),
    ("ka", _("Georgian")),
    ("uz", _("Uzbek")),
    ("ky", _("Kyrgyz")),
    ("tg", _("Tajik")),
    ("ar", _("Arabic")),
    ("other", _("Other language")),
]


class PersonPart(models.TextChoices):
    """The parts of a person's record another agency can be given (by a referral, which
    picks among them; the access decision's ``parts`` say which a user sees)."""

    NAMES = "names", _("Names")
    BIRTH_DATE = "birth_date", _("Date of birth")
    ADDRESS = "address", _("Addresses")
    DOCUMENTS = "documents", _("Identity documents")
    CONTACTS = "contacts", _("Phones and e-mail")
    VICTIM_PROFILE = "victim_profile", _("Victim profile and trafficking events")
    CHILDREN = "children", _("Children")
