"""Reads of the National Referral Mechanism for pages and the command line."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import (
    ImproperlyConfigured,
    ValidationError,
)
from django.db.models import Case, Count, F, Q, QuerySet, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ctis.accounts.models import Agency
from ctis.cases.access import identity_persons, whole_scope
from ctis.cases.choices import TraffickingStatus
from ctis.cases.models import Person
from ctis.core.crypto import SealedQuerySet
from ctis.nrm import rules
from ctis.nrm.access import may_see_referral, referral_scope
from ctis.nrm.models import (
    AgencyFunction,
    AllowanceRate,
    CombinationRule,
    Consent,
    Dimension,
    Facility,
    Indicator,
    IndicatorSet,
    Notification,
    NrmAgency,
    Progress,
    Referral,
    ReferralState,
    Screening,
    ServiceDelivery,
    Stay,
    SupportAction,
)


def indicator_sets(*, active_only: bool = True) -> QuerySet[IndicatorSet]:
    sets = IndicatorSet.objects.annotate(
        indicator_count=Count("indicators", filter=Q(indicators__is_active=True))
    )
    return sets.filter(is_active=True) if active_only else sets


def person_populations(person: Person, on: datetime.date | None = None) -> frozenset[str]:
    """Whether the person is an adult or a child on a date, from the year of birth (a plain
    column: the sealed date of birth is not read for this). A year that leaves the birthday
    open — 18 this year or not yet — gives both, as does an unknown year."""
    if not person.birth_year:
        return frozenset({rules.ADULT, rules.CHILD})
    year = (on or timezone.localdate()).year
    youngest, oldest = year - person.birth_year - 1, year - person.birth_year
    if oldest < rules.ADULTHOOD:
        return frozenset({rules.CHILD})
    if youngest >= rules.ADULTHOOD:
        return frozenset({rules.ADULT})
    return frozenset({rules.ADULT, rules.CHILD})


def set_fits(indicator_set: IndicatorSet, populations: frozenset[str]) -> bool:
    return indicator_set.population == rules.ANY_AGE or indicator_set.population in populations


@dataclass(frozen=True)
class SetsOffered:
    """The sets a screening of one person may use, and those that are not ready yet."""

    ready: list[IndicatorSet]
    not_ready: list[IndicatorSet]
    populations: frozenset[str]
    age_known: bool


def indicator_sets_offered(person: Person) -> SetsOffered:
    populations = person_populations(person)
    fitting = [s for s in indicator_sets() if set_fits(s, populations)]
    return SetsOffered(
        ready=[s for s in fitting if s.indicator_count],  # type: ignore[attr-defined]
        not_ready=[s for s in fitting if not s.indicator_count],  # type: ignore[attr-defined]
        populations=populations,
        age_known=bool(person.birth_year),
    )


def indicator_set_by_code(code: str) -> IndicatorSet | None:
    return indicator_sets().filter(code=code.strip()).first()


def set_indicators(indicator_set: IndicatorSet) -> QuerySet[Indicator]:
    return Indicator.objects.filter(indicator_set=indicator_set, is_active=True)


def person_screenings(person) -> QuerySet[Screening]:
    return (
        Screening.objects.filter(person=person)
        .select_related("indicator_set", "agency")
        .prefetch_related("observed")
    )


def notifications_for(user) -> QuerySet[Notification]:
    """Notifications the user's agency received or sent, open first, then newest."""
    if user.agency_id is None or not user.has_perm("nrm.view_notifications"):
        return Notification.objects.none()
    return (
        Notification.objects.filter(
            Q(to_agency_id=user.agency_id) | Q(from_agency_id=user.agency_id)
        )
        .select_related("person", "from_agency", "to_agency", "screening")
        .order_by(F("received_at").asc(nulls_first=True), "-sent_at")
    )


def overdue_notifications(user, *, now=None) -> QuerySet[Notification]:
    return notifications_for(user).filter(
        received_at__isnull=True, due_at__lt=now or timezone.now()
    )


def referrals_for(user) -> QuerySet[Referral]:
    """Referrals the user's agency received or sent, those waiting for an answer first."""
    if user.agency_id is None:
        return Referral.objects.none()
    waiting = Case(When(state=ReferralState.SENT, then=0), default=1)
    return (
        Referral.objects.filter(referral_scope(user))
        .select_related("person", "from_agency", "to_agency")
        .order_by(waiting, "-sent_at")
    )


SENT, RECEIVED = "sent", "received"


def referral_rows(user, *, direction: str | None = None, state: str | None = None):
    """The referrals the user's agency sent (``direction="sent"``) or received, or both,
    perhaps in one ``state``; their sealed texts are not read."""
    rows = referrals_for(user).order_by("-sent_at")
    if direction == SENT:
        rows = rows.filter(from_agency_id=user.agency_id)
    elif direction == RECEIVED:
        rows = rows.filter(to_agency_id=user.agency_id)
    return rows.filter(state=state) if state else rows


def referral_seen(user, pk, *, sealed: bool = False) -> Referral | None:
    """The referral ``pk`` if the user may see it (``may_see_referral``), else None; with
    ``sealed``, its reason is read too (the referral's page shows it to both agencies)."""
    referrals = Referral.objects.select_related(
        "person", "from_agency", "to_agency", "consent", "answered_by", "closed_by"
    )
    if sealed:
        referrals = referrals.with_sealed()
    try:
        referral = referrals.filter(pk=pk).first()
    except (ValidationError, ValueError):
        return None
    if referral is None or not may_see_referral(user, referral):
        return None
    return referral


def screenings_for(user) -> QuerySet[Screening]:
    """Screenings of the persons whose whole record the user sees (the person page's
    panel lists them to no one else: through a referral an agency sees what it was sent,
    not others' findings, and a role that sees records by code sees no findings)."""
    if not user.is_authenticated or user.agency_id is None:
        return Screening.objects.none()
    return Screening.objects.filter(
        person__in=Person.objects.filter(whole_scope(user))
    ).select_related("person", "indicator_set", "agency")


def screening_by_key(pk) -> Screening | None:
    """The screening ``pk`` with what its page shows (its notes still sealed); who may see
    it is the access decision's to say, after."""
    try:
        return (
            Screening.objects.select_related("person", "indicator_set", "agency", "screened_by")
            .filter(pk=pk)
            .first()
        )
    except (ValidationError, ValueError):
        return None


def person_referrals(user, person, *, whole: bool) -> QuerySet[Referral]:
    """The person's referrals the user may see: all for whoever sees the ``whole`` record
    (the access decision says), else those to or from the user's agency."""
    referrals = Referral.objects.filter(person=person).select_related("from_agency", "to_agency")
    if whole:
        return referrals
    return referrals.filter(Q(to_agency_id=user.agency_id) | Q(from_agency_id=user.agency_id))


def receiving_agencies(exclude=None) -> list:
    agencies = Agency.objects.filter(nrm__receives_referrals=True, is_active=True)
    if exclude is not None:
        agencies = agencies.exclude(pk=exclude)
    return list(agencies.select_related("nrm").order_by("name_az"))


NOT_A_VICTIM = TraffickingStatus.NOT_A_VICTIM

# The recovery and reflection period (Law on combating trafficking in human beings, art. 14-1)
REFLECTION_DAYS = 30
REFLECTION_ALERT_DAYS = 7


@dataclass
class ReflectionPeriod:
    starts: datetime.date
    ends: datetime.date  # the last day of the period
    days_left: int

    @property
    def ending_soon(self) -> bool:
        return 0 <= self.days_left <= REFLECTION_ALERT_DAYS


def reflection_period(person, *, today: datetime.date | None = None) -> ReflectionPeriod | None:
    """The 30 days that start on the day a (possible) victim is identified; None for a
    person never identified or decided not to be a victim."""
    if person.identified_on is None or person.victim_status == NOT_A_VICTIM:
        return None
    today = today or timezone.localdate()
    ends = person.identified_on + datetime.timedelta(days=REFLECTION_DAYS - 1)
    return ReflectionPeriod(person.identified_on, ends, (ends - today).days)


def reflection_periods_ending(user, *, today: datetime.date | None = None):
    """Persons whose identity the user may open and whose reflection period ends within
    the next 7 days, soonest first."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=REFLECTION_DAYS - 1)
    last = first + datetime.timedelta(days=REFLECTION_ALERT_DAYS)
    return (
        identity_persons(user)
        .filter(identified_on__gte=first, identified_on__lte=last)
        .exclude(victim_status=NOT_A_VICTIM)
        .only("id", "code", "identified_on", "victim_status")
        .order_by("identified_on", "created_at")
    )


def _staying(day: datetime.date) -> Q:
    """Stays that hold a place on ``day`` (the day of discharge frees it)."""
    return Q(stays__admitted_on__lte=day) & (
        Q(stays__discharged_on__isnull=True) | Q(stays__discharged_on__gt=day)
    )


def facilities_with_occupancy(user, *, months: int = 12):
    """Facilities the user may watch (all for the coordinator, else their agency's), each
    with the persons staying now and at the end of each of the last ``months`` months,
    counted in one query."""
    facilities = Facility.objects.filter(is_active=True).select_related("agency")
    if not user.has_perm("nrm.manage_facilities") and not user.has_perm("nrm.view_all_occupancy"):
        facilities = facilities.filter(agency_id=user.agency_id)
    today = timezone.localdate()
    ends = []
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    for _month in range(months):
        ends.append(month_end)
        month_end = month_end.replace(day=1) - datetime.timedelta(days=1)
    ends.reverse()
    counts = {"staying_now": Count("stays", filter=_staying(today))}
    counts.update(
        {f"staying_{n}": Count("stays", filter=_staying(end)) for n, end in enumerate(ends)}
    )
    rows = [
        {
            "facility": facility,
            "now": facility.staying_now,  # type: ignore[attr-defined]
            "history": [(end, getattr(facility, f"staying_{n}")) for n, end in enumerate(ends)],
        }
        for facility in facilities.annotate(**counts).order_by("name_az")
    ]
    return rows, ends


def person_stays(person) -> SealedQuerySet:
    return Stay.objects.filter(person=person).select_related("facility")


def person_services(person) -> QuerySet[ServiceDelivery]:
    return ServiceDelivery.objects.filter(person=person).select_related("agency", "signed_by")


def support_actions_due(user, *, within_days: int = 7, today: datetime.date | None = None):
    """Open actions the user's agency is responsible for, due within a week or overdue."""
    today = today or timezone.localdate()
    return (
        SupportAction.objects.filter(
            responsible_id=user.agency_id,
            progress__in=[Progress.NOT_STARTED, Progress.IN_PROGRESS],
            due_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("plan__person")
        .order_by("due_on")
    )


LANGUAGES = ("az", "en", "ru")


@dataclass
class ScreeningAssessment:
    indicator_set: IndicatorSet
    observed: list[Indicator]
    result: str
    dimensions: dict[str, dict]
    explanation: dict[str, str]

    def as_json(self) -> dict:
        return {
            "result": self.result,
            "dimensions": self.dimensions,
            "explanation": self.explanation,
        }


def screening_indicators(indicator_set: IndicatorSet, codes: Iterable[str]) -> list[Indicator]:
    """The set's indicators with these codes, in the set's order; ValidationError naming
    any code the set does not have (or no longer uses)."""
    wanted = [code.strip() for code in codes if code.strip()]
    found = {
        i.code: i
        for i in Indicator.objects.filter(
            indicator_set=indicator_set, code__in=wanted, is_active=True
        )
    }
    unknown = [code for code in wanted if code not in found]
    if unknown:
        message = ngettext(
            "Set %(set)s has no indicator %(codes)s.",
            "Set %(set)s has no indicators %(codes)s.",
            len(unknown),
        ) % {"set": indicator_set.code, "codes": ", ".join(unknown)}
        raise ValidationError({"indicators": message})
    return sorted(found.values(), key=lambda i: (i.position, i.code))


def screening_assess(*, indicator_set: IndicatorSet, codes: Iterable[str]) -> ScreeningAssessment:
    observed = screening_indicators(indicator_set, codes)
    if indicator_set.rule == CombinationRule.CHECKLIST:
        explanation = {
            language: _checklist_explanation(observed, language) for language in LANGUAGES
        }
        return ScreeningAssessment(indicator_set, observed, rules.RECORDED, {}, explanation)
    assessment = rules.assess(indicator_set.population, [(i.dimension, i.weight) for i in observed])
    dimensions = {
        name: {"met": tally.met, "strong": tally.strong, "medium": tally.medium, "weak": tally.weak}
        for name, tally in assessment.dimensions.items()
    }
    explanation = {language: _explanation(assessment, observed, language) for language in LANGUAGES}
    return ScreeningAssessment(indicator_set, observed, assessment.result, dimensions, explanation)


def _weights(strong: int, medium: int, weak: int) -> str:
    parts = []
    if strong:
        parts.append(ngettext("%(count)d strong", "%(count)d strong", strong) % {"count": strong})
    if medium:
        parts.append(ngettext("%(count)d medium", "%(count)d medium", medium) % {"count": medium})
    if weak:
        parts.append(ngettext("%(count)d weak", "%(count)d weak", weak) % {"count": weak})
    return ", ".join(parts)


def _explanation(assessment: rules.Assessment, observed: Sequence[Indicator], language: str) -> str:
    """The result and, per dimension with anything observed, whether it is met and why,
    e.g. "Coercion at destination met: 2 strong — confiscation of documents; ..."."""
    with translation.override(language):
        labels = dict(Dimension.choices)
        lines = []
        if assessment.result == rules.PRESUMED_VICTIM:
            if assessment.population == rules.CHILD:
                lines.append(
                    _(
                        "Presumed victim: recruitment and exploitation are met (for a "
                        "child the means need not be shown)."
                    )
                )
            else:
                lines.append(
                    _(
                        "Presumed victim: recruitment, exploitation and coercion or "
                        "abuse of vulnerability at destination are met."
                    )
                )
        else:
            missing = []
            if not assessment.recruitment:
                missing.append(_("recruitment"))
            if not assessment.exploitation:
                missing.append(_("exploitation"))
            if assessment.population != rules.CHILD and not assessment.means:
                missing.append(_("coercion or abuse of vulnerability at destination"))
            lines.append(
                _("Not enough indicators: not met — %(missing)s.") % {"missing": ", ".join(missing)}
            )
        for dimension in rules.DIMENSIONS:
            seen = [i for i in observed if i.dimension == dimension]
            if not seen:
                continue
            tally = assessment.dimensions[dimension]
            template = (
                _("%(dimension)s met: %(weights)s — %(indicators)s")
                if tally.met
                else _("%(dimension)s not met: %(weights)s — %(indicators)s")
            )
            lines.append(
                template
                % {
                    "dimension": labels[dimension],
                    "weights": _weights(tally.strong, tally.medium, tally.weak),
                    "indicators": "; ".join(
                        getattr(i, f"text_{language}") or i.text_az for i in seen
                    ),
                }
            )
        return "\n".join(lines)


def _checklist_explanation(observed: Sequence[Indicator], language: str) -> str:
    with translation.override(language):
        if not observed:
            return _("No indicator observed.")
        head = ngettext(
            "%(count)d indicator observed; this list has no combination rule, the officer judges:",
            "%(count)d indicators observed; this list has no combination rule, the officer judges:",
            len(observed),
        ) % {"count": len(observed)}
        return head + " " + "; ".join(getattr(i, f"text_{language}") or i.text_az for i in observed)


def police_unit() -> Agency:
    """The special police unit (``settings.CTIS_POLICE_UNIT``)."""
    unit = Agency.objects.filter(code=settings.CTIS_POLICE_UNIT).first()
    if unit is None:
        raise ImproperlyConfigured(
            f"CTIS_POLICE_UNIT names no agency: {settings.CTIS_POLICE_UNIT!r}"
        )
    return unit


def active_consent(person: Person, purpose: str) -> Consent | None:
    return (
        Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True)
        .order_by("-given_on")
        .first()
    )


def agency_function(agency: Agency) -> str:
    row = NrmAgency.objects.filter(agency=agency).first()
    return row.function if row else AgencyFunction.OTHER


def allowance_rate(kind: str, on: datetime.date) -> AllowanceRate | None:
    """The rate in force on a day: the latest that started on or before it."""
    return (
        AllowanceRate.objects.filter(kind=kind, valid_from__lte=on).order_by("-valid_from").first()
    )


def first_full_day(
    facility: Facility, start: datetime.date, end: datetime.date | None = None
) -> datetime.date | None:
    """The first day from ``start`` to ``end`` (open-ended: every day on) on which all the
    facility's places are taken, or None: one query for the stays that overlap, then a walk
    over the days where the count changes (an admission takes a place, a discharge frees it
    on its day)."""
    stays = Stay.objects.filter(facility=facility).filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=start)
    )
    if end is not None:
        stays = stays.filter(admitted_on__lte=end)
    changes: dict[datetime.date, int] = {}
    for admitted_on, discharged_on in stays.values_list("admitted_on", "discharged_on"):
        day = max(admitted_on, start)
        changes[day] = changes.get(day, 0) + 1
        if discharged_on is not None:
            changes[discharged_on] = changes.get(discharged_on, 0) - 1
    taken = 0
    for day in sorted(changes):
        taken += changes[day]
        if end is not None and day > end:
            break
        if taken >= facility.capacity:
            return day
    return None


def occupancy(facility: Facility, on: datetime.date | None = None) -> int:
    """Persons staying in the facility on a day (today by default); the day of discharge
    frees the place."""
    on = on or timezone.localdate()
    return (
        Stay.objects.filter(facility=facility, admitted_on__lte=on)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=on))
        .count()
    )


def active_consents(person: Person) -> list[Consent]:
    """The person's consents not withdrawn, oldest first (as the referrals panel lists them
    to the record's holder; an export of the record carries the same)."""
    return list(
        Consent.objects.filter(person=person, withdrawn_on__isnull=True).order_by(
            "given_on", "created_at"
        )
    )
