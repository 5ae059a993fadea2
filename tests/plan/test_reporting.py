"""The reporting cycle's services: every step, every refusal, nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ctis.audit.models import AuditEntry
from ctis.core.errors import InvalidTransition
from ctis.core.locking import StaleVersion
from ctis.plan.models import Measure, MeasureReport, ReportAttachment, ReportEvent, ReportingPeriod
from ctis.plan.services import reporting
from ctis.plan.services.reporting import FigureInput

State = MeasureReport.State


@pytest.fixture
def measure(plan):
    return Measure.objects.get(plan=plan, number="4.2.1")  # the State Migration Service executes it


def draft(actor, period, measure, **kwargs):
    values = {
        "status": "implemented",
        "narrative": "Vərəqələr paylanıb.",
        "figures": [FigureInput("staff trained", "348", "")],
    } | kwargs
    return reporting.report_create(
        actor=actor, period=period, measure=measure, agency=actor.agency, **values
    )


def test_whole_cycle_is_dated_audited_and_locks_on_acceptance(
    period, measure, reporter, head, coordinator
):
    # given a draft
    report = draft(reporter, period, measure)
    assert report.state == State.DRAFT
    assert [str(f) for f in report.figures.all()] == ["staff trained: 348.00"]
    # when the head submits, the coordinator returns, the reporter corrects, the head resubmits
    report = reporting.report_submit(actor=head, report=report)
    assert report.state == State.SUBMITTED and report.first_submitted_at is not None
    report = reporting.report_return(actor=coordinator, report=report, comment="Add dates.")
    assert report.state == State.RETURNED and report.review_comment == "Add dates."
    report = reporting.report_update(
        actor=reporter,
        report=report,
        expected_version=report.version,
        status="implemented",
        narrative="Vərəqələr 12 mart 2021-ci ildə paylanıb.",
        figures=[],
    )
    report = reporting.report_submit(actor=head, report=report)
    report = reporting.report_accept(actor=coordinator, report=report)
    # then every step is dated and audited
    assert report.state == State.ACCEPTED
    assert list(report.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "return",
        "update",
        "submit",
        "accept",
    ]
    actions = list(
        AuditEntry.objects.filter(object_id=str(report.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "plan.report.create",
        "plan.report.submit",
        "plan.report.return",
        "plan.report.update",
        "plan.report.submit",
        "plan.report.accept",
    ]
    returned = AuditEntry.objects.get(object_id=str(report.pk), action="plan.report.return")
    assert returned.changes["state"] == {"before": "submitted", "after": "returned"}
    # and nobody edits an accepted report
    with pytest.raises(InvalidTransition):
        reporting.report_update(
            actor=reporter,
            report=report,
            expected_version=report.version,
            status="implemented",
            narrative="changed",
            figures=[],
        )
    with pytest.raises(InvalidTransition):
        reporting.report_return(actor=coordinator, report=report, comment="again")
    report.refresh_from_db()
    assert report.narrative == "Vərəqələr 12 mart 2021-ci ildə paylanıb."


def test_reporter_cannot_submit_or_accept(period, measure, reporter, coordinator):
    report = draft(reporter, period, measure)
    with pytest.raises(PermissionDenied):
        reporting.report_submit(actor=reporter, report=report)
    reporting.report_submit(actor=_head(report), report=report)
    with pytest.raises(PermissionDenied):
        reporting.report_accept(actor=reporter, report=report)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def _head(report):
    from ctis.accounts.services import user_create

    return user_create(
        actor=None,
        username="another-head",
        password="correct-horse-battery-9",
        roles=["agency_head"],
        agency=report.agency,
    )


def test_coordinator_cannot_draft_or_submit_for_an_agency(period, measure, coordinator, agencies):
    with pytest.raises(PermissionDenied):
        reporting.report_create(
            actor=coordinator,
            period=period,
            measure=measure,
            agency=agencies["sms"],
            status="implemented",
            narrative="x",
        )
    assert not MeasureReport.objects.exists()


def test_head_of_another_agency_cannot_submit(period, measure, reporter, labour_head):
    report = draft(reporter, period, measure)
    with pytest.raises(PermissionDenied):
        reporting.report_submit(actor=labour_head, report=report)
    report.refresh_from_db()
    assert report.state == State.DRAFT


def test_second_report_for_same_measure_agency_period_is_refused(period, measure, reporter):
    draft(reporter, period, measure)
    with pytest.raises(ValidationError, match="already has a report"):
        draft(reporter, period, measure)
    assert MeasureReport.objects.count() == 1


def test_report_for_closed_period_is_refused(period, measure, reporter, coordinator):
    reporting.period_set_status(actor=coordinator, period=period, status="closed")
    period.refresh_from_db()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="closed"):
        draft(reporter, period, measure)
    assert not MeasureReport.objects.exists()
    assert AuditEntry.objects.count() == before


def test_agency_that_does_not_execute_the_measure_cannot_report(period, plan, make_user):
    reporter = make_user("culture-rep", "culture", "agency_reporter")
    measure = Measure.objects.get(plan=plan, number="4.1.1")  # Cabinet of Ministers only
    with pytest.raises(ValidationError, match="not an executing body"):
        draft(reporter, period, measure)


def test_bad_figure_saves_nothing(period, measure, reporter):
    with pytest.raises(ValidationError) as error:
        draft(reporter, period, measure, figures=[FigureInput("trained", "three hundred")])
    assert "not a number" in str(error.value.message_dict["figures"])
    assert not MeasureReport.objects.exists()


def test_narrative_required_unless_nothing_to_report(period, measure, reporter):
    with pytest.raises(ValidationError) as error:
        draft(reporter, period, measure, narrative="  ")
    assert "narrative" in error.value.message_dict
    report = draft(reporter, period, measure, status="nothing_to_report", narrative="")
    assert report.status == "nothing_to_report"


def test_stale_save_is_refused(period, measure, reporter, make_user):
    colleague = make_user("sms-rep-2", "sms", "agency_reporter")
    report = draft(reporter, period, measure)
    seen_version = report.version
    reporting.report_update(
        actor=colleague,
        report=report,
        expected_version=seen_version,
        status="in_progress",
        narrative="Colleague's text.",
        figures=[],
    )
    with pytest.raises(StaleVersion):
        reporting.report_update(
            actor=reporter,
            report=report,
            expected_version=seen_version,
            status="implemented",
            narrative="My text.",
            figures=[],
        )
    report.refresh_from_db()
    assert report.narrative == "Colleague's text."


def test_return_needs_a_comment(period, measure, reporter, head, coordinator):
    report = reporting.report_submit(actor=head, report=draft(reporter, period, measure))
    with pytest.raises(ValidationError):
        reporting.report_return(actor=coordinator, report=report, comment=" ")
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert not ReportEvent.objects.filter(action="return").exists()


def test_period_year_must_lie_in_the_plan(plan, coordinator, period):
    with pytest.raises(ValidationError, match="outside"):
        reporting.period_open(
            actor=coordinator, plan=plan, year=2030, due_date=datetime.date(2031, 1, 15)
        )
    with pytest.raises(ValidationError, match="already exists"):
        reporting.period_open(
            actor=coordinator, plan=plan, year=2021, due_date=datetime.date(2022, 1, 15)
        )
    assert ReportingPeriod.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.exe", b"MZ\x90\x00", "not an accepted type"),
        ("report.pdf", b"this is not a pdf", "does not contain what its name says"),
    ],
)
def test_wrong_type_attachment_is_refused(period, measure, reporter, name, content, message):
    report = draft(reporter, period, measure)
    with pytest.raises(ValidationError, match=message):
        reporting.report_attach(
            actor=reporter, report=report, upload=SimpleUploadedFile(name, content)
        )
    assert not ReportAttachment.objects.exists()


def test_oversize_attachment_is_refused(period, measure, reporter, settings):
    settings.CTIS_ATTACHMENT_MAX_BYTES = 1024
    report = draft(reporter, period, measure)
    with pytest.raises(ValidationError, match="larger than"):
        reporting.report_attach(
            actor=reporter,
            report=report,
            upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000),
        )
    assert not ReportAttachment.objects.exists()


def test_pdf_attachment_is_stored_and_audited(period, measure, reporter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = draft(reporter, period, measure)
    attachment = reporting.report_attach(
        actor=reporter, report=report, upload=SimpleUploadedFile("hesabat.pdf", b"%PDF-1.4 x")
    )
    assert attachment.original_name == "hesabat.pdf"
    assert "hesabat" not in attachment.file.name  # stored names reveal nothing
    assert AuditEntry.objects.filter(action="plan.report.attach", object_id=str(report.pk)).exists()


def test_coordinator_assigns_an_agency_to_a_generic_entry(
    plan, period, coordinator, agencies, make_user
):
    measure = Measure.objects.get(plan=plan, number="4.2.4")  # "digər aidiyyəti dövlət orqanları"
    reporter = make_user("tourism-rep", "tourism", "agency_reporter")
    with pytest.raises(ValidationError):
        draft(reporter, period, measure)
    reporting.measure_assign_agency(
        actor=coordinator,
        measure=measure,
        agency=agencies["tourism"],
        for_entry="digər aidiyyəti dövlət orqanları",
    )
    assert draft(reporter, period, measure).agency == agencies["tourism"]


def test_a_save_at_a_version_before_a_step_is_refused_naming_who_took_it(
    period, measure, reporter, head, coordinator
):
    report = draft(reporter, period, measure)
    opened = report.version
    reporting.report_submit(actor=head, report=report)
    reporting.report_return(actor=coordinator, report=report, comment="Add the regions.")
    with pytest.raises(StaleVersion) as refused:
        reporting.report_update(
            actor=reporter,
            report=report,
            expected_version=opened,
            status="implemented",
            narrative="Late.",
            figures=[],
        )
    assert head.username in refused.value.messages[0]
    assert coordinator.username in refused.value.messages[0]
    report.refresh_from_db()
    assert report.narrative == "Vərəqələr paylanıb."


def test_a_submission_at_an_old_version_is_refused_naming_who_saved(
    period, measure, reporter, head
):
    report = draft(reporter, period, measure)
    opened = report.version
    reporting.report_update(
        actor=reporter,
        report=report,
        expected_version=opened,
        status="implemented",
        narrative="Changed.",
        figures=[],
    )
    with pytest.raises(StaleVersion) as refused:
        reporting.report_submit(actor=head, report=report, version=opened)
    assert reporter.username in refused.value.messages[0]
    assert MeasureReport.objects.get(pk=report.pk).state == State.DRAFT
