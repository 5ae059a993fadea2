"""The agency's and the consolidated yearly report: content, languages, access, queries."""

import datetime
import io
import itertools
import re

import pytest
from docx import Document
from pypdf import PdfReader

from ctis.core.documents import CONTENT_TYPES, LANGUAGES
from ctis.core.models import Job
from ctis.plan import documents
from ctis.plan.models import ImplementationStatus, Measure, MeasureReport
from ctis.plan.services import reporting
from ctis.plan.services.reporting import FigureInput
from tests.queries import assert_calls_constant

DOCX = CONTENT_TYPES["docx"]
NARRATIVE = "Maarifləndirici vərəqələr əcnəbilər arasında paylanmışdır."
TODAY = datetime.date(2022, 2, 1)


@pytest.fixture
def sms(agencies):
    return agencies["sms"]


def draft(period, reporter, number, narrative=NARRATIVE, status="implemented", figures=()):
    return reporting.report_create(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number=number),
        agency=reporter.agency,
        status=status,
        narrative=narrative,
        figures=[FigureInput(*f) for f in figures],
    )


@pytest.fixture
def accepted(period, reporter, head, coordinator):
    report = draft(period, reporter, "4.2.1", figures=[("paylanmış vərəqələr", "12000", "ədəd")])
    reporting.report_submit(actor=head, report=report)
    return reporting.report_accept(actor=coordinator, report=report)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def as_text(content: bytes, fmt: str) -> str:
    return docx_text(content) if fmt == "docx" else pdf_text(content)


# --- the agency's report ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_agency_report_names_the_plan_agency_and_year_then_each_measure(
    period, sms, reporter, accepted, fmt
):
    draft(period, reporter, "4.1.6", narrative="Qanunvericilik təklifləri hazırlanmışdır.")

    content = documents.agency_report_file(period=period, agency=sms, fmt=fmt)

    text = as_text(content, fmt)
    assert "Milli Fəaliyyət Planı”nda nəzərdə tutulan tədbirlərin" in text
    assert f"{sms.name_az} tərəfindən 2021-ci il ərzində icrası barədə" in text
    assert NARRATIVE in text
    assert "paylanmış vərəqələr: 12 000 ədəd" in text.replace("\xa0", " ")
    assert "İcra vəziyyəti:" in text and "İcra edilib" in text
    assert "Qəbul edilib" in text and "Layihə" in text
    # The plan's order: 4.1.6 before 4.2.1, each headed by its number and its title.
    assert text.index("4.1.6-cı yarımbənd üzrə (") < text.index("4.2.1-ci yarımbənd üzrə (İnsan")


def test_agency_report_for_readers_outside_the_agency_leaves_out_drafts(
    period, sms, reporter, accepted
):
    draft(period, reporter, "4.1.6", narrative="Hələ təqdim edilməmiş layihə.")

    doc = documents.agency_document(period, sms, received_only=True)

    assert len(doc.blocks) == 1
    assert doc.blocks[0].heading.startswith("4.2.1-ci yarımbənd üzrə")


def test_agency_report_without_reports_says_so(period, sms):
    text = docx_text(documents.agency_report_file(period=period, agency=sms, fmt="docx"))
    assert "Bu dövr üzrə Planın tədbirlərinə dair hesabat yoxdur." in text


def test_control_characters_pasted_into_a_narrative_do_not_break_the_docx(period, sms, reporter):
    draft(period, reporter, "4.2.1", narrative="Word-dən köçürülmüş\x01 mətn.\x0bİkinci sətir.")
    text = docx_text(documents.agency_report_file(period=period, agency=sms, fmt="docx"))
    assert "Word-dən köçürülmüş mətn.\nİkinci sətir." in text


@pytest.mark.parametrize(
    ("language", "heading", "measure", "status"),
    [
        ("en", "report on the implementation in 2021", "Measure 4.2.1 (", "Implemented"),
        ("ru", "Информация об исполнении в 2021 году", "По подпункту 4.2.1 (", "Выполнено"),
    ],
)
def test_agency_report_headings_follow_the_language(
    period, sms, accepted, language, heading, measure, status
):
    text = docx_text(
        documents.agency_report_file(period=period, agency=sms, fmt="docx", language=language)
    )
    assert heading in text
    assert getattr(sms, f"name_{language}") in text
    assert measure in text and status in text
    assert "yarımbənd üzrə" not in text
    # What the agency wrote stays as written.
    assert NARRATIVE in text


# --- the consolidated report ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_consolidated_report_has_totals_chart_and_every_executing_body(period, accepted, fmt):
    content = documents.consolidated_report_file(period=period, fmt=fmt, today=TODAY)

    text = as_text(content, fmt)
    assert "2021-ci il ərzində icrası barədə ümumiləşdirilmiş hesabat" in text
    assert "Tərtib edilib: 1 fevral 2022" in text
    assert "Daxili İşlər Nazirliyi" in text and "Hesabat daxil olmayıb" in text
    assert NARRATIVE in text
    assert "Qurumlar üzrə hesabatların tamlığı" in text
    if fmt == "docx":
        assert "İcra edilib | 1" in text and "İcra olunur | 0" in text and "Cəmi | 1" in text
        assert len(Document(io.BytesIO(content)).inline_shapes) == 1  # the chart
    else:
        assert "İcra edilib 1 İcra olunur 0" in text and "Cəmi 1" in text
        compact = text.replace(" ", "")
        assert "DMX1/20·5%" in compact  # the chart, drawn inline


def test_consolidated_report_leaves_out_unsubmitted_drafts(period, reporter):
    draft(period, reporter, "4.2.1", narrative="Hələ təqdim edilməmiş layihə.")
    doc = documents.consolidated_document(period, today=TODAY)
    text = docx_text(documents.consolidated_docx(doc))
    assert "Hələ təqdim edilməmiş layihə." not in text
    assert doc.status_total == 0


def test_consolidated_report_headings_follow_the_language(period, accepted):
    english = docx_text(
        documents.consolidated_report_file(period=period, fmt="docx", language="en", today=TODAY)
    )
    russian = docx_text(
        documents.consolidated_report_file(period=period, fmt="docx", language="ru", today=TODAY)
    )
    assert "Consolidated report on the implementation of the plan in 2021" in english
    assert "No report received" in english and "Implemented | 1" in english
    assert "Сводный отчёт об исполнении Плана за 2021 год" in russian
    assert "Отчёт не поступил" in russian and "Выполнено | 1" in russian
    assert NARRATIVE in english and NARRATIVE in russian


def test_every_language_has_every_heading_and_status():
    for language in LANGUAGES:
        text = documents.labels(language)
        assert set(text) == set(documents.SOURCE), language
        for status in ImplementationStatus.values:
            assert text[f"status.{status}"], (language, status)
        for state in MeasureReport.State.values:
            assert text[f"state.{state}"], (language, state)


# --- queries ----------------------------------------------------------------------------


def test_document_queries_do_not_grow_with_reports(period, sms, reporter, head):
    numbers = iter(["4.2.1", "4.1.6", "4.2.4", "4.2.9", "4.3.3", "4.7.1"])

    def add_reports(count):
        for number in itertools.islice(numbers, count):
            report = draft(period, reporter, number, figures=[("a", "1", ""), ("b", "2", "")])
            reporting.report_submit(actor=head, report=report)

    reads = {
        "agency": lambda: documents.agency_report_file(period=period, agency=sms, fmt="docx"),
        "consolidated": lambda: documents.consolidated_report_file(
            period=period, fmt="docx", today=TODAY
        ),
    }
    assert_calls_constant(reads, add_reports, ceiling={"agency": 4, "consolidated": 12})
    assert period.reports.filter(state=MeasureReport.State.SUBMITTED).count() == 6


# --- over HTTP --------------------------------------------------------------------------


def agency_url(period, code="sms", fmt="pdf", lang=""):
    return f"/plan/periods/{period.pk}/agencies/{code}/report.{fmt}" + (
        f"?lang={lang}" if lang else ""
    )


def consolidated_url(period, fmt="pdf", lang=""):
    return f"/plan/periods/{period.pk}/consolidated.{fmt}" + (f"?lang={lang}" if lang else "")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_agency_staff_download_their_report(client, login, period, reporter, fmt):
    draft(period, reporter, "4.2.1")
    login(reporter)

    response = client.get(agency_url(period, fmt=fmt))

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="ctis-2021-sms.{fmt}"'
    assert NARRATIVE in as_text(response.content, fmt)


def test_agency_head_downloads_in_english(client, login, period, reporter, head):
    draft(period, reporter, "4.2.1")
    login(head)

    response = client.get(agency_url(period, fmt="docx", lang="en"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ctis-2021-sms-en.docx"'
    assert "Measure 4.2.1 (" in docx_text(response.content)


def test_coordinator_downloads_an_agency_report_without_its_drafts(
    client, login, period, coordinator, reporter, accepted
):
    draft(period, reporter, "4.1.6", narrative="Hələ təqdim edilməmiş layihə.")
    login(coordinator)

    response = client.get(agency_url(period, fmt="docx"))

    assert response.status_code == 200
    text = docx_text(response.content)
    assert NARRATIVE in text
    assert "Hələ təqdim edilməmiş layihə." not in text


def test_coordinator_asks_for_the_consolidated_report(client, login, period, coordinator):
    # It is made by the worker (tests/plan/test_document_jobs.py); the request only asks.
    login(coordinator)
    for fmt in ["docx", "pdf"]:
        response = client.post(consolidated_url(period, fmt=fmt), {"lang": "ru"})
        assert response.status_code == 302
        job = Job.objects.get(params__format=fmt)
        assert response["Location"] == f"/plan/documents/{job.pk}/"
        assert job.params == {"period": period.pk, "format": fmt, "language": "ru"}


def test_the_consolidated_report_is_never_made_in_a_get(client, login, period, coordinator):
    login(coordinator)
    assert client.get(consolidated_url(period, fmt="pdf")).status_code == 405
    assert not Job.objects.exists()


def test_analyst_asks_for_the_consolidated_report(client, login, period, analyst):
    login(analyst)
    response = client.post(consolidated_url(period, fmt="docx"))
    assert response.status_code == 302
    assert Job.objects.get().requested_by == analyst


def test_reporter_of_another_agency_is_refused(client, login, period, labour_reporter):
    login(labour_reporter)
    assert client.get(agency_url(period, fmt="docx")).status_code == 403


@pytest.mark.parametrize("agency", ["sms", "mia-ctd"])
def test_user_without_plan_roles_is_refused_both_documents(
    client, login, period, make_user, settings, agency
):
    settings.CTIS_2FA_REQUIRED_ROLES = []  # the refusal, not the second factor, is under test
    login(make_user("operator", agency, "hotline_operator"))
    assert client.get(agency_url(period, fmt="docx")).status_code == 403
    assert client.post(consolidated_url(period, fmt="docx")).status_code == 403
    assert not Job.objects.exists()


def test_agency_staff_are_refused_the_consolidated_report(client, login, period, reporter, head):
    for user in [reporter, head]:
        login(user)
        assert client.post(consolidated_url(period, fmt="pdf")).status_code == 403
        client.logout()
    assert not Job.objects.exists()


def test_unknown_format_agency_or_period_is_not_found(client, login, period, coordinator):
    login(coordinator)
    assert client.get(agency_url(period, fmt="odt")).status_code == 404
    assert client.post(consolidated_url(period, fmt="xlsx")).status_code == 404
    assert client.get(agency_url(period, code="no-such-agency")).status_code == 404
    assert client.post(f"/plan/periods/{period.pk + 100}/consolidated.pdf").status_code == 404


def test_anonymous_is_sent_to_log_in(client, period):
    response = client.post(consolidated_url(period))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_an_agency_with_a_long_name_gets_its_docx(period, agencies, language):
    """Core properties hold 255 characters; the longest agency names make longer titles."""
    from ctis.accounts.models import Agency

    agency = max(Agency.objects.all(), key=lambda a: len(a.name_az) + len(a.name_ru or ""))
    content = documents.agency_report_file(
        period=period, agency=agency, fmt="docx", language=language
    )
    title = Document(io.BytesIO(content)).core_properties.title
    assert 0 < len(title) <= 255
    doc = documents.agency_document(period, agency, language=language)
    assert doc.title in docx_text(content)  # the page carries the whole title
