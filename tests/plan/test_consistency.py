"""Plan reports keep their figures and texts within bounds (issues 10, 11), and a period
expects reports only for the measures due in its year (issue 11)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from ctis.core import bounds
from ctis.plan import selectors
from ctis.plan.models import Measure, MeasureBody, MeasureReport, ReportFigure
from ctis.plan.services import reporting
from ctis.plan.services.reporting import FigureInput, period_open

MEGABYTE = "ə" * 1_100_000


@pytest.fixture
def measure(plan):
    return Measure.objects.get(plan=plan, number="4.2.1")


@pytest.fixture
def draft(period, measure, reporter):
    return reporting.report_create(
        actor=reporter,
        period=period,
        measure=measure,
        agency=reporter.agency,
        status="in_progress",
        narrative="Layihə mətni.",
        figures=[FigureInput(label="staff trained", value="348")],
    )


def _form(draft, **values):
    data = {
        "status": "implemented",
        "narrative": "Görülən işlər.",
        "version": draft.version,
        "figure_0_label": "staff trained",
        "figure_0_value": "348",
    }
    data.update(values)
    return data


# Figures ----------------------------------------------------------------------------------


def test_a_negative_figure_is_refused_by_the_service(reporter, draft):
    with pytest.raises(ValidationError) as refused:
        reporting.report_update(
            actor=reporter,
            report=draft,
            expected_version=draft.version,
            status="implemented",
            narrative="Görülən işlər.",
            figures=[FigureInput(label="staff trained", value="-3")],
        )
    assert "cannot be negative" in str(refused.value.message_dict["figures"])
    assert [f.value for f in draft.figures.all()] == [Decimal("348")]


def test_a_negative_figure_is_told_beside_it(client, login, reporter, draft):
    login(reporter)
    response = client.post(f"/plan/reports/{draft.pk}/edit/", _form(draft, figure_0_value="-3"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_figure_0_value_error"' in page and "A figure cannot be negative." in page
    draft.refresh_from_db()
    assert draft.narrative == "Layihə mətni."
    assert [f.value for f in draft.figures.all()] == [Decimal("348")]


def test_the_database_refuses_a_negative_figure(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFigure.objects.create(report=draft, label="x", value=Decimal("-1"))


# The narrative ------------------------------------------------------------------------


def test_a_megabyte_narrative_is_refused_by_the_service(reporter, draft):
    with pytest.raises(ValidationError) as refused:
        reporting.report_update(
            actor=reporter,
            report=draft,
            expected_version=draft.version,
            status="implemented",
            narrative=MEGABYTE,
            figures=[],
        )
    assert "at most 50000 characters" in str(refused.value.message_dict["narrative"])
    draft.refresh_from_db()
    assert draft.narrative == "Layihə mətni."


def test_a_megabyte_narrative_is_told_beside_it(client, login, reporter, draft):
    login(reporter)
    response = client.post(f"/plan/reports/{draft.pk}/edit/", _form(draft, narrative=MEGABYTE))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_narrative_error"' in page and "at most 50000 characters" in page
    draft.refresh_from_db()
    assert draft.narrative == "Layihə mətni."


def test_a_long_narrative_within_the_limit_is_kept(reporter, draft):
    long = "Görülən işlər. " * 3000  # 45,000 characters
    reporting.report_update(
        actor=reporter,
        report=draft,
        expected_version=draft.version,
        status="implemented",
        narrative=long,
        figures=[],
    )
    draft.refresh_from_db()
    assert draft.narrative == long.strip()


def test_the_database_refuses_a_narrative_over_its_limit(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureReport.objects.filter(pk=draft.pk).update(narrative="x" * (bounds.NARRATIVE + 1))


def test_a_return_comment_posted_raw_with_nul_is_refused_with_a_message(
    client, login, head, coordinator, draft
):
    reporting.report_submit(actor=head, report=draft)
    login(coordinator)
    response = client.post(
        f"/plan/reports/{draft.pk}/return/", {"comment": "fix\x00this"}, follow=True
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == MeasureReport.State.SUBMITTED


# A reporting period's due date --------------------------------------------------------


def test_a_period_due_in_the_year_one_is_told_beside_the_date(client, login, coordinator, plan):
    login(coordinator)
    response = client.post("/plan/periods/", {"year": "2023", "due_date": "0001-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_due_date_error"' in page and "Enter a date on or after" in page
    assert not plan.periods.exists()


# Expected reports follow the deadline -------------------------------------------------


@pytest.mark.parametrize("year, expected", [(2020, True), (2021, True), (2022, False)])
def test_a_measure_expects_reports_only_in_the_years_of_its_deadline(
    plan, coordinator, year, expected
):
    period = period_open(
        actor=coordinator, plan=plan, year=year, due_date=datetime.date(year + 1, 1, 15)
    )
    measure = Measure.objects.get(plan=plan, number="4.1.6")  # due 2020–2021
    assert measure.expects_reports_in(year) is expected
    pairs = selectors.expected_pairs(period)
    assert any(m == measure.pk for m, _a in pairs) is expected
    regular = Measure.objects.filter(plan=plan, deadline_regular=True).first()
    assert regular is not None and any(m == regular.pk for m, _a in pairs)


def test_completeness_counts_only_the_measures_due_in_the_year(plan, coordinator, reporter):
    later = period_open(
        actor=coordinator, plan=plan, year=2023, due_date=datetime.date(2024, 1, 15)
    )
    due = Measure.objects.filter(selectors.measures_due_in(2023), plan=plan)
    overview = selectors.period_overview(later)
    assert overview.total.expected == len(selectors.expected_pairs(later))
    every_year = MeasureBody.objects.filter(
        measure__plan=plan, agency__isnull=False, role__in=["executing", "assigned"]
    )
    assert overview.total.expected < every_year.count()
    assert not due.filter(number="4.1.6").exists()
    # The agency's work list and the consolidated report say the same.
    rows = selectors.agency_worklist(reporter.agency, later)
    row = next(r for r in rows if r.measure.number == "4.1.6")
    assert not row.expected and not row.due
    entries = [
        entry
        for section in selectors.consolidated_rows(later)
        for row in section["measures"]
        if row["measure"].number == "4.1.6"
        for entry in row["entries"]
    ]
    assert entries and not any(entry["expected"] for entry in entries)
    assert not any(entry["recommended"] for entry in entries)  # executing bodies, not due


def test_the_home_page_says_a_measure_is_not_due_this_year(
    client, login, plan, coordinator, reporter
):
    period_open(actor=coordinator, plan=plan, year=2023, due_date=datetime.date(2024, 1, 15))
    login(reporter)
    page = client.get("/plan/").content.decode()
    assert "not due this year" in page


# Data already stored ------------------------------------------------------------------


def test_a_migration_refuses_stored_rows_that_break_a_rule_naming_them(draft):
    figure = draft.figures.get()
    with pytest.raises(RuntimeError) as refused:
        bounds.refuse_stored(apps, "plan", [("ReportFigure", "a test rule", Q(pk=figure.pk))])
    assert f"plan.ReportFigure: a test rule (rows {figure.pk})" in str(refused.value)
    bounds.refuse_stored(apps, "plan", [("ReportFigure", "nothing", Q(pk__in=[]))])
