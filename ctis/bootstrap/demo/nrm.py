"""Demonstration data for the referral mechanism: a shelter and an assistance centre, and
two persons on the referral path, made through the NRM's services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ctis.accounts.models import Agency, User
from ctis.cases.choices import Sex
from ctis.cases.services import PersonInput, VictimInput, person_create
from ctis.core.models import Country
from ctis.nrm import services as nrm
from ctis.nrm.models import Facility, IndicatorSet, Notification
from ctis.nrm.services import facility_save

DEMO_CHECKLIST = "ilo-forced-labour"
DEMO_OBSERVED = ("deception", "retention-of-identity-documents", "restriction-of-movement")


def demo_facilities(admin) -> None:
    """A shelter and an assistance centre to admit demonstration persons to (their places
    are made up for the demonstration)."""
    for code, name_az, name_en, places in (
        ("shelter-mia", "DİN-in sığınacağı (nümayiş)", "MIA shelter (demonstration)", 30),
        ("assistance-centre", "Yardım Mərkəzi (nümayiş)", "Assistance Centre (demonstration)", 40),
    ):
        agency = Agency.objects.get(code=code)
        if not Facility.objects.filter(agency=agency).exists():
            facility_save(
                actor=admin, agency=agency, name_az=name_az, name_en=name_en, capacity=places
            )


def demo_referral_path(users: dict[str, User]) -> None:
    """One person part-way along the referral path, so the NRM pages have something to
    show: met at the border, screened and notified to the police unit (waiting); another, a
    decided victim, referred with consent to the shelter, admitted, with services and a
    support plan whose vocational course is the Assistance Centre's. Made once, through the services (so the audit log has them too)."""
    # The demonstration's history of assistance has referrals, but no notification.
    if Notification.objects.exists():
        return
    today = timezone.localdate()
    azerbaijan = Country.objects.get(code="AZ")
    border, investigator = users["border"], users["investigator"]
    shelter_worker = users["shelter"]
    met = person_create(
        actor=border,
        prefix="V",
        data=PersonInput(
            given_name="Aygün",
            family_name="Məmmədli",
            patronymic="Rəşid qızı",
            sex=Sex.FEMALE,
            birth_year=2001,
            citizenships=[azerbaijan],
        ),
        victim=VictimInput(identified_on=today),
    )
    # The officer screened her against the forced-labour checklist shipped with ctis (when
    # the reference sets are loaded), and the notification carries the screening.
    checklist = IndicatorSet.objects.filter(code=DEMO_CHECKLIST, is_active=True).first()
    screening = None
    if checklist is not None and checklist.indicators.exists():
        screening = nrm.screening_record(
            actor=border,
            person=met,
            indicator_set=checklist,
            codes=[
                code
                for code in DEMO_OBSERVED
                if checklist.indicators.filter(code=code, is_active=True).exists()
            ],
            screened_on=today,
            notes="Müsahibə sərhəd-buraxılış məntəqəsində aparılıb (nümayiş).",
        )
    nrm.notification_send(
        actor=border,
        person=met,
        screening=screening,
        note="Sərhəd-buraxılış məntəqəsində rast gəlindi: pasportu yoxdur, xaricdə iş vəd "
        "edildiyini deyir.",
    )
    victim = person_create(
        actor=investigator,
        prefix="V",
        data=PersonInput(
            given_name="Sevda",
            family_name="Qasımova",
            patronymic="Elxan qızı",
            sex=Sex.FEMALE,
            birth_year=1996,
            citizenships=[azerbaijan],
        ),
        victim=VictimInput(identified_on=today - datetime.timedelta(days=24)),
    )
    nrm.status_decide(
        actor=investigator,
        person=victim,
        status="ActualVictimOfTrafficking",
        decided_on=today - datetime.timedelta(days=20),
        basis="Müsahibə; işəgötürən pasportu saxlayırdı (nümayiş)",
        forms=["ForcedLabour"],
    )
    nrm.consent_record(
        actor=investigator,
        person=victim,
        purpose="referral",
        given_on=today - datetime.timedelta(days=20),
    )
    referral = nrm.referral_send(
        actor=investigator,
        person=victim,
        data=nrm.ReferralInput(
            to_agency=Agency.objects.get(code="shelter-mia"),
            reason="Təhlükəsiz yer və tibbi yardım",
            services=["shelter", "medical", "psychological"],
            fields=["names", "contacts"],
        ),
    )
    nrm.referral_accept(actor=shelter_worker, referral=referral)
    nrm.stay_admit(
        actor=shelter_worker,
        person=victim,
        facility=Facility.objects.filter(agency__code="shelter-mia").earliest("pk"),
        admitted_on=today - datetime.timedelta(days=19),
    )
    nrm.service_record(
        actor=shelter_worker,
        person=victim,
        data=nrm.ServiceInput(kind="medical", delivered_on=today - datetime.timedelta(days=18)),
    )
    nrm.support_plan_create(
        actor=shelter_worker,
        person=victim,
        objectives="Müstəqil həyata qayıdış (nümayiş)",
        actions=[
            nrm.ActionInput(
                "Peşə kursu",
                Agency.objects.get(code="assistance-centre"),
                today + datetime.timedelta(days=5),
                "vocational_course",
            )
        ],
    )
