"""The catalogue of indicators (ADR 0019): agencies give its numbers in their yearly
reports, the statistics add them up across agencies, the coordinator keeps the catalogue."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ctis.audit.models import AuditEntry
from ctis.core.errors import InvalidTransition
from ctis.plan import documents, selectors
from ctis.plan.models import Indicator, IndicatorValue, Measure, MeasureReport
from ctis.plan.services import indicators as catalogue
from ctis.plan.services import reporting
from ctis.plan.services.indicators import IndicatorValueInput, value_field
from tests.queries import assert_calls_constant, assert_queries_constant

State = MeasureReport.State


@pytest.fixture
def training(plan):
    return Measure.objects.get(plan=plan, number="4.7.1")  # both SMS and the labour ministry


@pytest.fixture
def trained(coordinator, training):
    """Persons trained, by sex, on 4.7.1, reported by any agency reporting on it."""
    return catalogue.indicator_save(
        actor=coordinator,
        code="staff-trained",
        name_az="Təlim keçmiş əməkdaşlar",
        name_en="Staff trained",
        name_ru="Обученные сотрудники",
        unit=Indicator.Unit.PERSONS,
        breakdown=Indicator.Breakdown.SEX,
        measures=[training],
    )


@pytest.fixture
def sessions(coordinator, training, agencies):
    """Trainings held, no breakdown, on 4.7.1, reported by the migration service only."""
    return catalogue.indicator_save(
        actor=coordinator,
        code="trainings",
        name_az="Keçirilmiş təlimlər",
        name_en="Trainings held",
        unit=Indicator.Unit.EVENTS,
        measures=[training],
        agencies=[agencies["sms"]],
    )


def values(indicator, **by_category):
    return [
        IndicatorValueInput(indicator.pk, "" if c == "total" else c, v)
        for c, v in by_category.items()
    ]


def report(actor, period, measure, numbers=()):
    return reporting.report_create(
        actor=actor,
        period=period,
        measure=measure,
        agency=actor.agency,
        status="implemented",
        narrative="Təlimlər keçirilib.",
        indicator_values=list(numbers),
    )


def stored(report):
    return {
        (v.indicator.code, v.category): v.value
        for v in report.indicator_values.select_related("indicator")
    }


# The reference catalogue ------------------------------------------------------------------


def test_the_reference_catalogue_loads_once_tied_to_measures_and_agencies(plan, agencies):
    rows = json.loads(catalogue.REFERENCE_INDICATORS.read_text(encoding="utf-8"))
    assert catalogue.indicators_load_reference() == len(rows) >= 20
    deported = Indicator.objects.get(code="foreigners-deported")
    assert deported.name_en == "Foreigners deported or expelled from the country"
    assert [m.number for m in deported.measures.all()] == ["4.2.4"]
    assert {a.code for a in deported.agencies.all()} == {"sms", "mia"}
    entry = AuditEntry.objects.get(action="plan.indicators.load")
    assert len(entry.changes["created"]) == len(rows)
    # again: nothing new, nothing audited, the coordinator's changes stay
    Indicator.objects.filter(code="foreigners-deported").update(name_en="Deported")
    assert catalogue.indicators_load_reference() == 0
    assert Indicator.objects.get(code="foreigners-deported").name_en == "Deported"
    assert AuditEntry.objects.filter(action="plan.indicators.load").count() == 1


def test_every_reference_indicator_can_be_reported_by_its_agencies(plan, agencies):
    """An agency named for an indicator reports on one of its measures, else it never
    sees the indicator; each indicator has its three names and at least one measure."""
    catalogue.indicators_load_reference()
    for indicator in Indicator.objects.prefetch_related("measures", "agencies"):
        assert indicator.name_az and indicator.name_en and indicator.name_ru, indicator.code
        measures = list(indicator.measures.all())
        assert measures, indicator.code
        bodies = {a for m in measures for a in selectors.reportable_agencies(m)}
        for agency in indicator.agencies.all():
            assert agency.pk in bodies, (indicator.code, agency.code)


def test_the_seed_figures_have_their_indicators(plan, agencies):
    catalogue.indicators_load_reference()
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {
        "foreigners-administratively-liable",  # 6,377 in 2020
        "foreigners-deported",  # 654
        "workers-without-contract",  # 67
        "children-street-found",  # 370
        "school-psychologists-trained",  # 800
        "leaflets-distributed",  # 12,000
        "trainings-held",
        "training-participants",
        "awareness-events",
        "media-materials",
    } <= codes


# The models' rules --------------------------------------------------------------------


def test_the_database_refuses_a_negative_value_a_twin_and_an_unknown_category(
    period, training, reporter, trained
):
    draft = report(reporter, period, training, values(trained, female="3"))
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            report=draft, indicator=trained, category="male", value=Decimal("-1")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            report=draft, indicator=trained, category="female", value=Decimal("4")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            report=draft, indicator=trained, category="other", value=Decimal("4")
        )


def test_the_categories_follow_the_breakdown(trained, sessions):
    assert trained.categories == ["female", "male"]
    assert sessions.categories == [""]
    both = Indicator(breakdown=Indicator.Breakdown.SEX_AGE)
    assert both.categories == ["female_child", "male_child", "female_adult", "male_adult"]


# The report's service -----------------------------------------------------------------


def test_the_numbers_are_saved_with_the_report_in_its_audit_entry(
    period, training, reporter, trained, sessions
):
    draft = report(
        reporter,
        period,
        training,
        [*values(trained, female="131", male="217"), *values(sessions, total="16")],
    )
    assert stored(draft) == {
        ("staff-trained", "female"): Decimal("131"),
        ("staff-trained", "male"): Decimal("217"),
        ("trainings", ""): Decimal("16"),
    }
    entry = AuditEntry.objects.get(action="plan.report.create", object_id=str(draft.pk))
    assert entry.changes["indicators"]["after"] == [
        "staff-trained/female: 131",
        "staff-trained/male: 217",
        "trainings: 16",
    ]
    # an edit replaces them, an empty value removes one, in the edit's one entry
    reporting.report_update(
        actor=reporter,
        report=draft,
        expected_version=draft.version,
        status="implemented",
        narrative="Təlimlər keçirilib.",
        figures=[],
        indicator_values=[*values(trained, female="140", male=""), *values(sessions, total="16")],
    )
    assert stored(draft) == {
        ("staff-trained", "female"): Decimal("140"),
        ("trainings", ""): Decimal("16"),
    }
    entry = AuditEntry.objects.get(action="plan.report.update", object_id=str(draft.pk))
    assert entry.changes["indicators"]["after"] == ["staff-trained/female: 140", "trainings: 16"]


def test_a_negative_value_is_refused_and_nothing_saved(period, training, reporter, trained):
    draft = report(reporter, period, training, values(trained, female="5", male="7"))
    with pytest.raises(ValidationError) as refused:
        reporting.report_update(
            actor=reporter,
            report=draft,
            expected_version=draft.version,
            status="implemented",
            narrative="Başqa mətn.",
            figures=[],
            indicator_values=values(trained, female="-3", male="7"),
        )
    assert "cannot be negative" in str(
        refused.value.message_dict[value_field(trained.pk, "female")]
    )
    draft.refresh_from_db()
    assert draft.narrative == "Təlimlər keçirilib."
    assert stored(draft) == {
        ("staff-trained", "female"): Decimal("5"),
        ("staff-trained", "male"): Decimal("7"),
    }


def test_a_new_report_with_a_negative_value_is_not_made(period, training, reporter, trained):
    with pytest.raises(ValidationError):
        report(reporter, period, training, values(trained, female="-1"))
    assert not MeasureReport.objects.filter(measure=training).exists()
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("category", "value", "message"),
    [
        ("female", "2.5", "whole numbers"),
        ("female", "abc", "is not a number"),
        ("female", "1e13", "out of range"),
        ("child", "3", "no such breakdown category"),
    ],
)
def test_wrong_numbers_are_refused_beside_their_input(
    period, training, reporter, trained, category, value, message
):
    with pytest.raises(ValidationError) as refused:
        report(reporter, period, training, [IndicatorValueInput(trained.pk, category, value)])
    assert message in str(refused.value.message_dict[value_field(trained.pk, category)])


def test_an_indicator_of_another_agency_or_measure_is_refused(
    period, training, labour_reporter, sessions, plan, reporter, trained
):
    # the labour ministry reports on 4.7.1, but "trainings" is the migration service's
    with pytest.raises(ValidationError) as refused:
        report(labour_reporter, period, training, values(sessions, total="4"))
    assert "not reported on measure 4.7.1" in str(refused.value)
    # and an indicator of 4.7.1 is not given on 4.2.1
    other = Measure.objects.get(plan=plan, number="4.2.1")
    with pytest.raises(ValidationError):
        report(reporter, period, other, values(trained, female="1"))


def test_a_submitted_report_keeps_its_numbers(period, training, reporter, head, trained):
    draft = report(reporter, period, training, values(trained, female="5"))
    reporting.report_submit(actor=head, report=draft)
    draft.refresh_from_db()
    with pytest.raises(InvalidTransition):
        reporting.report_update(
            actor=reporter,
            report=draft,
            expected_version=draft.version,
            status="implemented",
            narrative="Təlimlər keçirilib.",
            figures=[],
            indicator_values=values(trained, female="50"),
        )
    assert stored(draft) == {("staff-trained", "female"): Decimal("5")}


def test_an_indicator_switched_off_keeps_the_numbers_given(
    period, training, reporter, coordinator, trained
):
    draft = report(reporter, period, training, values(trained, female="5"))
    catalogue.indicator_save(
        actor=coordinator,
        code=trained.code,
        name_az=trained.name_az,
        unit=trained.unit,
        breakdown=trained.breakdown,
        measures=[training],
        is_active=False,
    )
    assert trained not in selectors.indicators_for(training, reporter.agency)
    assert trained in selectors.report_indicators(training, reporter.agency, draft)
    reporting.report_update(
        actor=reporter,
        report=draft,
        expected_version=draft.version,
        status="implemented",
        narrative="Təlimlər keçirilib.",
        figures=[],
        indicator_values=values(trained, female="6"),
    )
    assert stored(draft) == {("staff-trained", "female"): Decimal("6")}


def test_which_agencies_see_an_indicator(training, agencies, trained, sessions):
    assert list(selectors.indicators_for(training, agencies["sms"])) == [trained, sessions]
    assert list(selectors.indicators_for(training, agencies["mlspp"])) == [trained]


# The reporter's form --------------------------------------------------------------------


def test_the_reporter_sees_the_inputs_and_saves_the_numbers(
    client, login, period, training, reporter, trained, sessions
):
    login(reporter)
    url = f"/plan/periods/{period.pk}/measures/{training.pk}/report/"
    page = client.get(url).content.decode()
    for name in ("female", "male"):
        assert f'name="{value_field(trained.pk, name)}"' in page
    assert f'name="{value_field(sessions.pk, "")}"' in page
    assert "Staff trained" in page and "Women and girls" in page
    response = client.post(
        url,
        {
            "status": "implemented",
            "narrative": "Təlimlər keçirilib.",
            value_field(trained.pk, "female"): "131",
            value_field(trained.pk, "male"): "217",
            value_field(sessions.pk, ""): "16",
        },
    )
    assert response.status_code == 302
    draft = MeasureReport.objects.get(measure=training, agency=reporter.agency)
    assert stored(draft)[("staff-trained", "male")] == Decimal("217")
    # the report page shows them, with the sum of the categories
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Staff trained" in page and "348" in page and "Men and boys: 217" in page
    # and the edit form opens with them
    page = client.get(f"/plan/reports/{draft.pk}/edit/").content.decode()
    assert 'value="131"' in page and "348" in page


def test_a_negative_number_is_told_beside_its_input(
    client, login, period, training, reporter, trained
):
    draft = report(reporter, period, training, values(trained, female="5"))
    login(reporter)
    field = value_field(trained.pk, "female")
    response = client.post(
        f"/plan/reports/{draft.pk}/edit/",
        {
            "status": "implemented",
            "narrative": "Başqa mətn.",
            "version": draft.version,
            field: "-5",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page and "A figure cannot be negative." in page
    draft.refresh_from_db()
    assert draft.narrative == "Təlimlər keçirilib."
    assert stored(draft) == {("staff-trained", "female"): Decimal("5")}


def test_another_agencys_user_cannot_open_or_post_the_form(
    client, login, period, training, reporter, labour_reporter, trained
):
    draft = report(reporter, period, training, values(trained, female="5"))
    login(labour_reporter)
    url = f"/plan/reports/{draft.pk}/edit/"
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "status": "implemented",
            "narrative": "x",
            "version": draft.version,
            value_field(trained.pk, "female"): "500",
        },
    )
    assert response.status_code == 403
    assert stored(draft) == {("staff-trained", "female"): Decimal("5")}


def test_a_submitted_reports_form_is_refused_and_shows_the_numbers(
    client, login, period, training, reporter, head, trained
):
    draft = report(reporter, period, training, values(trained, female="5", male="2"))
    reporting.report_submit(actor=head, report=draft)
    login(reporter)
    response = client.get(f"/plan/reports/{draft.pk}/edit/")
    page = response.content.decode()
    assert "cannot be edited" in page and "Staff trained" in page
    assert f'name="{value_field(trained.pk, "female")}"' not in page


def test_the_agency_document_lists_the_numbers(period, training, reporter, trained):
    report(reporter, period, training, values(trained, female="131", male="217"))
    document = documents.agency_document(period, reporter.agency, language="en")
    figures = [f for block in document.blocks for entry in block.entries for f in entry.figures]
    assert "Staff trained: 348 persons (women and girls 131; men and boys 217)" in figures


# The statistics' sum ----------------------------------------------------------------------


def test_the_totals_add_up_accepted_reports_of_all_agencies(
    period,
    plan,
    training,
    reporter,
    head,
    labour_reporter,
    labour_head,
    coordinator,
    trained,
    django_assert_num_queries,
):
    sms = report(reporter, period, training, values(trained, female="131", male="217"))
    labour = report(labour_reporter, period, training, values(trained, female="38", male="51"))
    for draft, agency_head in ((sms, head), (labour, labour_head)):
        reporting.report_submit(actor=agency_head, report=draft)
        reporting.report_accept(actor=coordinator, report=draft)
    # a draft and a report waiting for review are not counted
    catalogue.indicator_save(
        actor=coordinator,
        code=trained.code,
        name_az=trained.name_az,
        unit=trained.unit,
        breakdown=trained.breakdown,
        measures=[training, *Measure.objects.filter(plan=plan, number__in=["4.7.2", "4.3.3"])],
    )
    report(
        reporter,
        period,
        Measure.objects.get(plan=plan, number="4.7.2"),
        values(trained, female="1000"),
    )
    waiting = report(
        labour_reporter,
        period,
        Measure.objects.get(plan=plan, number="4.3.3"),
        values(trained, male="2000"),
    )
    reporting.report_submit(actor=labour_head, report=waiting)

    with django_assert_num_queries(2):
        totals = {row.indicator.code: row for row in selectors.indicator_totals(2021)}
    row = totals["staff-trained"]
    assert row.total == Decimal("437")
    assert row.by_category == {"female": Decimal("169"), "male": Decimal("268")}
    assert (row.agencies, row.reports) == (2, 2)
    # another year has nothing; submitted reports count when asked for
    assert {r.indicator.code: r.total for r in selectors.indicator_totals(2020)} == {
        "staff-trained": Decimal(0)
    }
    submitted = selectors.indicator_totals(2021, states=(State.SUBMITTED, State.ACCEPTED))
    assert submitted[0].total == Decimal("2437")


def test_the_totals_take_as_many_queries_for_many_reports(
    period, plan, reporter, head, coordinator, trained
):
    numbers = ["4.7.1", "4.7.2", "4.7.3", "4.7.4", "4.7.7", "4.3.3"]  # SMS reports on each
    chosen = list(Measure.objects.filter(plan=plan, number__in=numbers))
    measures = iter(chosen)
    catalogue.indicator_save(
        actor=coordinator,
        code=trained.code,
        name_az=trained.name_az,
        unit=trained.unit,
        breakdown=trained.breakdown,
        measures=chosen,
    )

    def add_rows(n):
        for _ in range(n):
            draft = report(reporter, period, next(measures), values(trained, female="1", male="2"))
            reporting.report_submit(actor=head, report=draft)
            reporting.report_accept(actor=coordinator, report=draft)

    assert_calls_constant({"totals": lambda: selectors.indicator_totals(2021)}, add_rows, ceiling=2)


# The coordinator's catalogue page -------------------------------------------------------


def test_the_coordinator_adds_and_changes_an_indicator(
    client, login, coordinator, training, agencies
):
    login(coordinator)
    assert client.get("/plan/indicators/").status_code == 200
    response = client.post(
        "/plan/indicators/",
        {
            "code": "victims-consulted",
            "name_az": "Məsləhət verilmiş şəxslər",
            "name_en": "Persons advised",
            "name_ru": "",
            "unit": "persons",
            "breakdown": "age",
            "description": "",
            "measures": [training.pk],
            "agencies": [agencies["mlspp"].pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="victims-consulted")
    assert indicator.breakdown == "age" and list(indicator.measures.all()) == [training]
    assert list(indicator.agencies.all()) == [agencies["mlspp"]]
    entry = AuditEntry.objects.get(action="plan.indicator.create")
    assert entry.changes["measures"]["after"] == ["4.7.1"]
    page = client.get("/plan/indicators/?code=victims-consulted").content.decode()
    assert "Change indicator victims-consulted" in page and "Persons advised" in page


def test_the_breakdown_cannot_change_once_reports_hold_numbers(
    client, login, period, training, reporter, coordinator, trained
):
    report(reporter, period, training, values(trained, female="5"))
    with pytest.raises(ValidationError) as refused:
        catalogue.indicator_save(
            actor=coordinator,
            code=trained.code,
            name_az=trained.name_az,
            unit=trained.unit,
            breakdown=Indicator.Breakdown.NONE,
            measures=[training],
        )
    assert "breakdown" in refused.value.message_dict
    trained.refresh_from_db()
    assert trained.breakdown == Indicator.Breakdown.SEX


@pytest.mark.parametrize("who", ["reporter", "head", "analyst"])
def test_others_may_not_manage_the_catalogue(client, login, request, who):
    user = request.getfixturevalue(who)
    login(user)
    assert client.get("/plan/indicators/").status_code == 403
    response = client.post(
        "/plan/indicators/",
        {"code": "x", "name_az": "x", "unit": "persons", "breakdown": "none"},
    )
    assert response.status_code == 403
    assert not Indicator.objects.filter(code="x").exists()
    with pytest.raises(PermissionDenied):
        catalogue.indicator_save(actor=user, code="x", name_az="x", unit="persons")


def test_the_catalogue_page_takes_as_many_queries_for_many_indicators(
    client, login, coordinator, training, agencies
):
    login(coordinator)
    made = iter(range(100))

    def add_rows(n):
        for _ in range(n):
            number = next(made)
            catalogue.indicator_save(
                actor=coordinator,
                code=f"indicator-{number}",
                name_az=f"Göstərici {number}",
                unit=Indicator.Unit.ITEMS,
                measures=[training],
                agencies=[agencies["sms"], agencies["mlspp"]],
            )

    assert_queries_constant(client, "/plan/indicators/", add_rows, ceiling=25)


def test_the_form_speaks_azerbaijani(client, login, period, training, reporter, trained):
    login(reporter)
    client.cookies["ctis_language"] = "az"
    page = client.get(f"/plan/periods/{period.pk}/measures/{training.pk}/report/").content.decode()
    assert "Göstəricilər" in page and "Təlim keçmiş əməkdaşlar" in page
    assert "Qadınlar və qızlar" in page and "(nəfər)" in page


def test_the_measure_page_lists_its_indicators(client, login, training, labour_reporter, sessions):
    login(labour_reporter)
    page = client.get(training.get_absolute_url()).content.decode()
    assert "Trainings held" in page and "SMS" in page
