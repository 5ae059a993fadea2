"""Demonstration data for ``ctis setup --demo`` (used by ``make run``).

One user per role, all with the password ``DEMO_PASSWORD``, and a 2021 reporting period
with reports in every state, made through the same services a person would use; and, while
the unified database is empty, ``DEMO_PERSONS`` synthetic persons with their criminal cases
(ctis.cases.demo, also ``ctis demo --persons N``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ctis.accounts.models import Agency, User
from ctis.accounts.roles import Role
from ctis.accounts.services import user_create
from ctis.plan.models import Measure, MeasureReport, ReportingPeriod
from ctis.plan.selectors import current_plan
from ctis.plan.services import reporting
from ctis.plan.services.reporting import FigureInput

DEMO_PASSWORD = "ctis-demo-2021"
DEMO_PERSONS = 300

# username, first name, last name, agency code, roles
DEMO_USERS = [
    ("admin", "Elvin", "Quliyev", "mia", [Role.SYSTEM_ADMINISTRATOR]),
    ("coordinator", "Leyla", "Məmmədova", "national-coordinator", [Role.COORDINATOR]),
    ("reporter", "Aynur", "Həsənova", "sms", [Role.AGENCY_REPORTER]),
    ("head", "Rauf", "İsmayılov", "sms", [Role.AGENCY_HEAD]),
    ("reporter-labour", "Nigar", "Əliyeva", "mlspp", [Role.AGENCY_REPORTER]),
    ("head-labour", "Kamran", "Babayev", "mlspp", [Role.AGENCY_HEAD]),
    ("investigator", "Tural", "Hüseynov", "mia-ctd", [Role.POLICE_INVESTIGATOR]),
    ("supervisor", "Səbinə", "Rzayeva", "mia-ctd", [Role.POLICE_SUPERVISOR]),
    ("provider", "Günay", "Kərimova", "assistance-centre", [Role.SERVICE_PROVIDER]),
    ("shelter", "Lalə", "Nəbiyeva", "shelter-mia", [Role.SERVICE_PROVIDER]),
    ("border", "Elnur", "Cəfərov", "sms", [Role.FRONTLINE_OFFICER]),
    ("hotline", "Orxan", "Nəsirov", "mia-ctd", [Role.HOTLINE_OPERATOR]),
    ("analyst", "Fidan", "Səfərova", "national-coordinator", [Role.ANALYST]),
    ("auditor", "Vüqar", "Abbasov", "mia", [Role.AUDITOR]),
]

# Agencies write their reports in Azerbaijani; these follow the State Migration Service's
# 2021 report (seed 004) in tone.
NARRATIVES = {
    "4.2.1": (
        "İnsan alverinin qarşısının alınmasına dair maarifləndirici vərəqələr Azərbaycan, "
        "rus və ingilis dillərində hazırlanaraq sərhəd buraxılış məntəqələrində və "
        "Xidmətin regional idarələrində yayılmışdır."
    ),
    "4.2.4": (
        "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi və Daxili İşlər Nazirliyi ilə birgə "
        "əcnəbilərin çalışdığı obyektlərdə monitorinqlər aparılmış, risk qrupuna aid "
        "şəxslərlə söhbətlər keçirilmişdir."
    ),
    "4.3.3": ("Hüquq-mühafizə orqanları ilə mütəmadi görüşlər və iki birgə təlim keçirilmişdir."),
    "4.7.1": (
        "Xidmətin əməkdaşları miqrantlar arasında insan alveri qurbanlarının müəyyən "
        "edilməsi mövzusunda təlimlərə cəlb edilmişdir."
    ),
    "4.2.9": (
        "Xarici ölkələrdə insan alverindən zərər çəkmiş vətəndaşlar barədə məlumatlar "
        "konfidensiallıq qorunmaqla xüsusi polis qurumuna təqdim edilmişdir."
    ),
}


def _report(actor, period, number, status, narrative, figures=()):
    measure = Measure.objects.get(plan=period.plan, number=number)
    return reporting.report_create(
        actor=actor,
        period=period,
        measure=measure,
        agency=actor.agency,
        status=status,
        narrative=narrative,
        figures=[FigureInput(*f) for f in figures],
    )


def _demo_facilities(admin) -> None:
    """A shelter and an assistance centre to admit demonstration persons to (their places
    are made up for the demonstration)."""
    from ctis.nrm.models import Facility
    from ctis.nrm.services import facility_save

    for code, name_az, name_en, places in (
        ("shelter-mia", "DİN-in sığınacağı (nümayiş)", "MIA shelter (demonstration)", 30),
        ("assistance-centre", "Yardım Mərkəzi (nümayiş)", "Assistance Centre (demonstration)", 40),
    ):
        agency = Agency.objects.get(code=code)
        if not Facility.objects.filter(agency=agency).exists():
            facility_save(
                actor=admin, agency=agency, name_az=name_az, name_en=name_en, capacity=places
            )


def _demo_referral_path(users: dict[str, User]) -> None:
    """One person part-way along the referral path, so the NRM pages have something to
    show: met at the border and notified to the police unit (waiting); another, a decided
    victim, referred with consent to the shelter, admitted, with services and a support
    plan. Made once, through the services (so the audit log has them too)."""
    from django.utils import timezone

    from ctis.cases.choices import Sex
    from ctis.cases.services import PersonInput, VictimInput, person_create
    from ctis.core.models import Country
    from ctis.nrm import services as nrm
    from ctis.nrm.models import Facility, Referral

    if Referral.objects.exists():
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
    nrm.notification_send(actor=border, person=met)
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


@transaction.atomic
def demo_setup() -> list[str]:
    lines = []
    users = {}
    for username, first, last, agency_code, roles in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                roles=[r.value for r in roles],
                first_name=first,
                last_name=last,
                agency=Agency.objects.get(code=agency_code),
            )
        users[username] = user
    plan = current_plan()
    if plan is None:
        raise RuntimeError("Load the plan first (ctis setup does).")
    period = ReportingPeriod.objects.filter(plan=plan, year=2021).first()
    if period is None:
        period = reporting.period_open(
            actor=users["coordinator"], plan=plan, year=2021, due_date=datetime.date(2022, 1, 15)
        )
    if not period.reports.exists():
        _demo_reports(users, period)
    persons = _demo_persons()
    _demo_facilities(users["admin"])
    _demo_referral_path(users)
    lines.append("")
    lines.append(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
    for username, _first, _last, agency_code, roles in DEMO_USERS:
        lines.append(f"  {username:16} {', '.join(str(r.label) for r in roles):24} {agency_code}")
    if persons:
        lines.append("")
        lines.append(
            ngettext(
                "Unified database: %(count)d demonstration person.",
                "Unified database: %(count)d demonstration persons.",
                persons,
            )
            % {"count": persons}
        )
    return lines


def _demo_persons() -> int:
    """Fill an empty unified database with synthetic persons, so the demonstration has
    records to list, search and count; returns how many were added."""
    from ctis.cases.demo import demo_persons
    from ctis.cases.models import Person

    if Person.objects.exists():
        return 0
    return demo_persons(count=DEMO_PERSONS)["persons"]


def _demo_reports(users: dict[str, User], period: ReportingPeriod) -> None:
    reporter, head = users["reporter"], users["head"]
    coordinator = users["coordinator"]
    # State Migration Service: one report in every state.
    _report(
        reporter,
        period,
        "4.2.1",
        "in_progress",
        NARRATIVES["4.2.1"],
        [("paylanmış vərəqələr", "12000", "ədəd")],
    )
    submitted = _report(
        reporter,
        period,
        "4.2.4",
        "implemented",
        NARRATIVES["4.2.4"],
        [("monitorinqlər", "37", ""), ("söhbət aparılmış şəxslər", "412", "nəfər")],
    )
    reporting.report_submit(actor=head, report=submitted)
    returned = _report(reporter, period, "4.3.3", "implemented", NARRATIVES["4.3.3"])
    reporting.report_submit(actor=head, report=returned)
    reporting.report_return(
        actor=coordinator,
        report=returned,
        comment="Görüşlərin və təlimlərin sayını və tarixlərini göstərin.",
    )
    accepted = _report(
        reporter,
        period,
        "4.7.1",
        "implemented",
        NARRATIVES["4.7.1"],
        [("təlim keçmiş əməkdaşlar", "348", "nəfər")],
    )
    reporting.report_submit(actor=head, report=accepted)
    reporting.report_accept(actor=coordinator, report=accepted)
    accepted_2 = _report(reporter, period, "4.2.9", "partial", NARRATIVES["4.2.9"])
    reporting.report_submit(actor=head, report=accepted_2)
    reporting.report_accept(actor=coordinator, report=accepted_2)
    # The labour ministry: one submitted report waiting for review.
    labour = _report(
        users["reporter-labour"],
        period,
        "4.4.5",
        "in_progress",
        "Qurbanlar və risk qrupuna aid şəxslər üçün peşə kursları təşkil edilmişdir.",
        [("kurslara cəlb edilmiş şəxslər", "54", "nəfər")],
    )
    reporting.report_submit(actor=users["head-labour"], report=labour)
    assert MeasureReport.objects.filter(period=period).values("state").distinct().count() == 4
