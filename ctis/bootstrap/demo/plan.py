"""Demonstration data for the plan: a 2021 reporting period with reports in every state,
made through the reporting services by the demonstration users, with the numbers of the
indicator catalogue that two agencies report (so that the statistics have sums to show)."""

from __future__ import annotations

import datetime

from ctis.accounts.models import User
from ctis.plan.models import Indicator, Measure, MeasureReport, ReportingPeriod
from ctis.plan.selectors import current_plan
from ctis.plan.services import reporting
from ctis.plan.services.indicators import IndicatorValueInput, indicators_load_reference
from ctis.plan.services.reporting import FigureInput

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


def demo_reporting(users: dict[str, User]) -> None:
    """The 2021 period, opened by the coordinator, and its reports, made once."""
    plan = current_plan()
    if plan is None:
        raise RuntimeError("Load the plan first (ctis setup does).")
    indicators_load_reference()  # ctis setup has; a demonstration made on its own needs them
    period = ReportingPeriod.objects.filter(plan=plan, year=2021).first()
    if period is None:
        period = reporting.period_open(
            actor=users["coordinator"], plan=plan, year=2021, due_date=datetime.date(2022, 1, 15)
        )
    if not period.reports.exists():
        _reports(users, period)


def _report(actor, period, number, status, narrative, figures=(), numbers=None):
    """A draft; ``numbers`` maps an indicator's code to its value, or to its values by
    breakdown category."""
    measure = Measure.objects.get(plan=period.plan, number=number)
    return reporting.report_create(
        actor=actor,
        period=period,
        measure=measure,
        agency=actor.agency,
        status=status,
        narrative=narrative,
        figures=[FigureInput(*f) for f in figures],
        indicator_values=_numbers(numbers or {}),
    )


def _numbers(numbers: dict[str, str | dict[str, str]]) -> list[IndicatorValueInput]:
    ids = dict(Indicator.objects.filter(code__in=numbers).values_list("code", "pk"))
    values = []
    for code, given in numbers.items():
        by_category = given if isinstance(given, dict) else {"": given}
        values += [IndicatorValueInput(ids[code], c, v) for c, v in by_category.items()]
    return values


def _reports(users: dict[str, User], period: ReportingPeriod) -> None:
    reporter, head = users["reporter"], users["head"]
    coordinator = users["coordinator"]
    # State Migration Service: one report in every state.
    _report(
        reporter,
        period,
        "4.2.1",
        "in_progress",
        NARRATIVES["4.2.1"],
        numbers={"leaflets-distributed": "12000"},
    )
    submitted = _report(
        reporter,
        period,
        "4.2.4",
        "implemented",
        NARRATIVES["4.2.4"],
        numbers={
            "labour-monitoring-visits": "37",
            "foreigners-informed": "412",
            "foreigners-administratively-liable": "6377",
            "foreigners-deported": "654",
        },
    )
    reporting.report_submit(actor=head, report=submitted)
    returned = _report(
        reporter,
        period,
        "4.3.3",
        "implemented",
        NARRATIVES["4.3.3"],
        numbers={"trainings-held": "2"},
    )
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
        [("təlimlərin keçirildiyi regional idarələr", "8", "")],
        numbers={"trainings-held": "16", "training-participants": {"female": "131", "male": "217"}},
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
    # The labour ministry's accepted report on the same training measure: the statistics
    # add its trainees to the migration service's.
    labour_training = _report(
        users["reporter-labour"],
        period,
        "4.7.1",
        "implemented",
        "Dövlət Əmək Müfəttişliyi Xidmətinin əməkdaşları üçün məcburi əməyin əlamətlərinin "
        "müəyyən edilməsi mövzusunda təlimlər keçirilmişdir.",
        numbers={"trainings-held": "4", "training-participants": {"female": "38", "male": "51"}},
    )
    reporting.report_submit(actor=users["head-labour"], report=labour_training)
    reporting.report_accept(actor=coordinator, report=labour_training)
    assert MeasureReport.objects.filter(period=period).values("state").distinct().count() == 4
