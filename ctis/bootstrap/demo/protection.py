"""The demonstration's history of assistance: what the referral mechanism recorded for the
victims of past years (consent to referral, the referral to the shelter or the assistance
centre, the stay, the services and allowances, the services to their children), so that
the protection figures of every year's statistics and annual report have data to count.

Rows are built for ``ctis.bootstrap.demo.batch`` as the persons are, with their own random
stream (the persons' stream, and so the persons, stay as they were). Shares follow seed
000's 2020 figures for 94 victims: most placed and paid the one-time allowance, 58 returned
to their families, 25 sent to vocational courses, 12 employed, 9 helped with documents.
A shelter takes no one on a day all its places are taken: that victim is helped by the
assistance centre without a stay."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ctis.accounts.models import User
from ctis.bootstrap.demo.batch import Batch, Rows
from ctis.cases.choices import ChildMeasure, ExploitationForm
from ctis.nrm.models import (
    AllowanceRate,
    Consent,
    ConsentPurpose,
    DischargeDestination,
    Facility,
    Referral,
    ReferralState,
    ServiceDelivery,
    ServiceKind,
    Stay,
)
from ctis.nrm.services import ALLOWANCES

SHELTER, CENTRE = "shelter-mia", "assistance-centre"
ASSISTED = 0.8  # of actual victims, referred by the police unit
TO_SHELTER = 0.7  # of those referred: to the shelter, else to the assistance centre
# Each service's share of the assisted victims (repatriation: of the foreign ones).
SERVICES = {
    ServiceKind.MEDICAL: 0.7,
    ServiceKind.PSYCHOLOGICAL: 0.75,
    ServiceKind.LEGAL_AID: 0.5,
    ServiceKind.ONE_TIME_ALLOWANCE: 0.9,
    ServiceKind.MONTHLY_ALLOWANCE: 0.1,
    ServiceKind.VOCATIONAL_COURSE: 0.3,
    ServiceKind.EMPLOYMENT: 0.15,
    ServiceKind.RETURN_TO_FAMILY: 0.7,
    ServiceKind.IDENTITY_DOCUMENTS: 0.12,
}
REPATRIATED = 0.6
# The services to a victim's children, from the measures on the child's link.
CHILD_SERVICES = {
    ChildMeasure.PRESCHOOL: ServiceKind.CHILDREN_EDUCATION,
    ChildMeasure.BIRTH_CERTIFICATE: ServiceKind.BIRTH_CERTIFICATE,
    ChildMeasure.PATERNITY: ServiceKind.PATERNITY_ALIMONY,
}


@dataclass
class Helped:
    """A victim the demonstration assisted: by whom, under which referral, from when."""

    agency_id: int
    user_id: int | None
    referral: Referral
    start: datetime.date
    end: datetime.date


class Protection:
    def __init__(self, seed: int, *, owner_id: int, user: User | None, today: datetime.date):
        self.rng = random.Random(f"protection-{seed}")
        self.owner_id = owner_id
        self.user_id = user.pk if user else None
        self.today = today
        self.facilities = {
            f.agency.code: f for f in Facility.objects.select_related("agency").order_by("pk")
        }
        # The first user of each receiving agency answers its referrals and signs its
        # services (the demonstration's shelter worker and provider).
        self.workers = {
            code: User.objects.filter(agency=f.agency)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
            for code, f in self.facilities.items()
        }
        self.rates: dict[str, list[tuple[datetime.date, Decimal]]] = {
            kind: sorted(
                AllowanceRate.objects.filter(kind=kind).values_list("valid_from", "amount")
            )
            for kind in (ServiceKind.ONE_TIME_ALLOWANCE, ServiceKind.MONTHLY_ALLOWANCE)
        }
        self.taken: dict[int, Counter[int]] = {f.pk: Counter() for f in self.facilities.values()}
        # The victims helped in the batch being built (a child comes in its mother's
        # cluster, so in her batch): emptied when the batch is written (``flushed``).
        self.helped: dict[Any, Helped] = {}
        self.rows_consent = Rows(Consent)
        self.rows_referral = Rows(Referral)
        self.rows_stay = Rows(Stay)
        self.rows_service = Rows(ServiceDelivery)

    def flushed(self) -> None:
        self.helped.clear()

    @property
    def ready(self) -> bool:
        """Both receiving agencies have their facility and a worker to sign for them
        (``ctis setup --demo`` makes them)."""
        return all(self.workers.get(code) for code in (SHELTER, CENTRE))

    def _moment(self, day: datetime.date) -> datetime.datetime:
        at = datetime.datetime.combine(day, datetime.time(10 + self.rng.randint(0, 6)))
        return timezone.make_aware(at)

    def _rate(self, kind: str, day: datetime.date) -> Decimal | None:
        amount = None
        for valid_from, value in self.rates.get(kind, []):
            if valid_from <= day:
                amount = value
        return amount

    def _place(self, facility: Facility, start: datetime.date, days: int) -> bool:
        """Take a place in the facility for ``days`` from ``start``, if one is free on each."""
        taken = self.taken[facility.pk]
        first = start.toordinal()
        span = range(first, first + days + 1)
        if any(taken[day] >= facility.capacity for day in span):
            return False
        for day in span:
            taken[day] += 1
        return True

    def assist(
        self,
        batch: Batch,
        *,
        person_id,
        decided_on: datetime.date | None,
        forms: list[str],
        foreign: bool,
    ) -> None:
        """Perhaps refer a decided victim and record the help given (see the module)."""
        rng = self.rng
        if not self.ready or decided_on is None or rng.random() >= ASSISTED:
            return
        sent = min(decided_on + datetime.timedelta(days=rng.randint(0, 3)), self.today)
        code = SHELTER if rng.random() < TO_SHELTER else CENTRE
        facility = self.facilities[code]
        days = int(rng.triangular(7, 180, 30))
        admitted = min(sent + datetime.timedelta(days=rng.randint(0, 2)), self.today)
        staying = self._place(facility, admitted, days)
        if code == SHELTER and not staying:
            code, facility = CENTRE, self.facilities[CENTRE]
            staying = self._place(facility, admitted, days)
        end = admitted + datetime.timedelta(days=days)
        kinds = [kind for kind, share in SERVICES.items() if rng.random() < share]
        if foreign and rng.random() < REPATRIATED:
            kinds.append(ServiceKind.REPATRIATION)
            kinds = [k for k in kinds if k != ServiceKind.RETURN_TO_FAMILY]
        if ExploitationForm.FORCED_LABOUR in forms and ServiceKind.LEGAL_AID not in kinds:
            kinds.append(ServiceKind.LEGAL_AID)  # unpaid wages, as seed 000 tells
        asked = sorted({*kinds, *([ServiceKind.SHELTER] if staying else [])})
        consent = self.rows_consent(
            person_id=person_id,
            purpose=ConsentPurpose.REFERRAL,
            given_on=min(decided_on, sent),
            agency_id=self.owner_id,
            recorded_by_id=self.user_id,
        )
        worker = self.workers.get(code)
        closed = end < self.today
        referral = self.rows_referral(
            person_id=person_id,
            from_agency_id=self.owner_id,
            to_agency_id=facility.agency_id,
            reason="Təhlükəsiz yer, tibbi və psixoloji yardım" if staying else "Reabilitasiya",
            services=asked,
            fields=["names", "contacts"],
            state=ReferralState.COMPLETED if closed else ReferralState.ACCEPTED,
            sent_at=self._moment(sent),
            sent_by_id=self.user_id,
            answered_at=self._moment(min(sent + datetime.timedelta(days=1), self.today)),
            answered_by_id=worker,
            closed_at=self._moment(end) if closed else None,
            closed_by_id=worker if closed else None,
        )
        batch.referrals.append((referral, consent))  # the consent's number comes on writing
        if staying:
            batch.stays.append(
                self.rows_stay(
                    person_id=person_id,
                    facility_id=facility.pk,
                    admitted_on=admitted,
                    admitted_by_id=worker,
                    discharged_on=end if closed else None,
                    discharged_by_id=worker if closed else None,
                    discharged_to=(
                        (
                            DischargeDestination.REPATRIATED
                            if ServiceKind.REPATRIATION in kinds
                            else DischargeDestination.HOME_FAMILY
                            if ServiceKind.RETURN_TO_FAMILY in kinds
                            else DischargeDestination.INDEPENDENT
                        )
                        if closed
                        else ""
                    ),
                )
            )
        helped = self.helped[person_id] = Helped(
            facility.agency_id, worker, referral, admitted, end
        )
        for kind in kinds:
            payments = rng.randint(1, 3) if kind == ServiceKind.MONTHLY_ALLOWANCE else 1
            for payment in range(payments):
                self._deliver(batch, person_id, kind, helped, referral, payment)

    def _deliver(
        self,
        batch: Batch,
        person_id,
        kind: str,
        helped: Helped,
        referral: Referral | None,
        payment: int = 0,
    ) -> None:
        rng = self.rng
        start, end = helped.start, helped.end
        if kind == ServiceKind.MONTHLY_ALLOWANCE:
            day = start + datetime.timedelta(days=30 * (payment + 1))
        elif kind in (ServiceKind.EMPLOYMENT, ServiceKind.RETURN_TO_FAMILY):
            day = end  # at the end of the assistance
        else:
            day = start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days // 2)))
        if day > self.today:
            return
        amount = None
        if kind in ALLOWANCES:
            amount = self._rate(kind, day)
            if amount is None:
                return  # no rate in force then: the demonstration pays nothing
        batch.services.append(
            self.rows_service(
                person_id=person_id,
                kind=kind,
                delivered_on=day,
                agency_id=helped.agency_id,
                signed_by_id=helped.user_id,
                amount=amount,
                certificate_number=(
                    f"QS-{day.year}-{rng.randint(1000, 9999)}"
                    if kind == ServiceKind.REPATRIATION
                    else ""
                ),
                referral_id=referral.pk if referral else None,
            )
        )

    def for_child(self, batch: Batch, *, mother_id, child_id, measures: Sequence[str]) -> None:
        """The services to an assisted mother's child that its link's measures name."""
        helped = self.helped.get(mother_id)
        if helped is None:
            return
        for measure, kind in CHILD_SERVICES.items():
            if measure in measures:
                self._deliver(batch, child_id, kind, helped, None)
