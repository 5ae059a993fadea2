"""The annual report: its data from a known dataset, its DOCX and PDF with the charts in
them, the LibreOffice check the issue asks for, the series' rule, the narrative blocks,
the pages and the job that makes the file."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import translation
from docx import Document

from ctis.audit.models import AuditEntry
from ctis.core.locking import StaleVersion
from ctis.core.models import Job
from ctis.stats import report, series_chart
from ctis.stats.models import ReportText, SeriesValue
from ctis.stats.services import report_text_save, series_load_reference
from tests.personas import log_in
from tests.stats import builders

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def known(investigator):
    """Four victims of 2020 and one of 2019; two cases of 2020 and one of 2019; the
    historical series the system ships with (seed 000's figures)."""
    v = builders.victim
    v(investigator, exploited_in=("TR",))
    v(investigator, exploited_in=("TR", "AE"))
    v(investigator, sex="Masculine", forms=("ForcedLabour",), exploited_in=("AZ",))
    v(investigator, birth_year=2010, citizenships=("RU",), exploited_in=("TR",))
    v(investigator, identified_on=datetime.date(2019, 4, 1))
    builders.case(investigator)
    builders.case(investigator, articles=("144-2",))
    builders.case(investigator, registered_on=datetime.date(2019, 2, 1))
    series_load_reference()


def _sentences(doc: report.ReportDocument) -> list[str]:
    return [line for section in doc.sections for line in section.sentences]


def test_report_data_writes_the_figures_into_sentences(known):
    doc = report.report_data(2020, language="en", today=datetime.date(2021, 2, 1))
    sentences = _sentences(doc)
    assert "Criminal cases registered in 2020: 2, 1 more than in 2019 (100%)." in sentences
    assert (
        "Victims of trafficking in persons identified: 4 (women: 2, men: 1, children: 1); "
        "citizens of the Republic of Azerbaijan: 3, foreigners: 1."
    ) in sentences
    assert "Victims were exploited abroad in Türkiye (3) and United Arab Emirates (1)." in sentences
    assert "Victims exploited inside the country: 1." in sentences
    assert [section.code for section in doc.sections] == [
        "introduction",
        "methodology",
        "legislation",
        "prevention",
        "cooperation",
        "forced_labour",
        "prosecution",
        "hotline",
        "conclusions",
    ]
    assert len(doc.charts) == 5
    victims = next(table for table in doc.sections[6].tables if table.total)
    assert victims.rows[-1] == ["Victims identified", "4", "1"]


def test_report_is_azerbaijani_by_default(known):
    doc = report.report_data(2020, today=datetime.date(2021, 2, 1))
    sentences = _sentences(doc)
    assert (
        "2020-ci ildə 2 cinayət işi qeydə alınmışdır, bu, 2019-cu illə müqayisədə 1 (100%) çoxdur."
        in sentences
    )
    assert doc.sections[0].heading == "1. Giriş"


def test_the_charges_the_figures_count_are_written_in(known):
    sentences = " ".join(_sentences(report.report_data(2020, language="en")))
    assert "Persons charged: 0 (women: 0, men: 0)." in sentences


def test_series_takes_the_store_before_ctis_records_and_shows_the_difference(known):
    SeriesValue.objects.create(
        indicator="victims_identified",
        year=2019,
        first_year=2019,
        value=3,
        value_text="3",
        source="test",
    )
    built = series_chart.build(["victims_identified"], 2015, 2020)["victims_identified"]
    assert built.records_from == 2019
    points = {point.year: point for point in built.points}
    assert (points[2016].value, points[2016].source) == (70, "store")
    assert (points[2018].value, points[2018].source) == (None, "")
    assert (points[2019].value, points[2019].source, points[2019].store) == (1, "cases", 3)
    assert points[2019].difference == -2
    assert (points[2020].value, points[2020].source, points[2020].store) == (4, "cases", 94)
    assert [point.year for point in built.both] == [2019, 2020]


@override_settings(CTIS_STATS_RECORDS_FROM=2020)
def test_the_first_year_of_records_can_be_set(known):
    built = series_chart.build(["victims_identified"], 2019, 2020)["victims_identified"]
    assert [(p.year, p.source) for p in built.points] == [(2019, ""), (2020, "cases")]


def test_docx_holds_the_sentences_and_the_five_charts(known, coordinator):
    report_text_save(
        actor=coordinator,
        year=2020,
        section="introduction",
        language="en",
        text="The year of the fourth national action plan.",
        version=None,
    )
    content = report.report_file(year=2020, fmt="docx", language="en")
    document = Document(io.BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "The year of the fourth national action plan." in text
    assert "Criminal cases registered in 2020: 2" in text
    images = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 5
    assert all(blob.startswith(PNG) and len(blob) > 1000 for blob in images)


def test_pdf_is_a_pdf(known):
    content = report.report_file(year=2020, fmt="pdf", language="az")
    assert content.startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_opens_the_docx(known, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(report.report_file(year=2020, fmt="docx", language="az"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = (tmp_path / "report.pdf").read_bytes()
    assert converted.startswith(b"%PDF") and len(converted) > 10_000


# --- narrative blocks -------------------------------------------------------------------


def test_a_text_block_is_saved_audited_and_versioned(coordinator):
    row = report_text_save(
        actor=coordinator,
        year=2020,
        section="legislation",
        language="az",
        text=" Qanun. ",
        version=None,
    )
    assert (row.text, row.version, row.updated_by) == ("Qanun.", 1, coordinator)
    row = report_text_save(
        actor=coordinator,
        year=2020,
        section="legislation",
        language="az",
        text="Qanunlar.",
        version=1,
    )
    assert row.version == 2
    actions = list(
        AuditEntry.objects.filter(action__startswith="stats.report_text")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["stats.report_text.create", "stats.report_text.update"]


def test_a_stale_text_block_is_refused(coordinator):
    report_text_save(
        actor=coordinator,
        year=2020,
        section="legislation",
        language="az",
        text="Bir.",
        version=None,
    )
    report_text_save(
        actor=coordinator,
        year=2020,
        section="legislation",
        language="az",
        text="İki.",
        version=1,
    )
    with pytest.raises(StaleVersion):
        report_text_save(
            actor=coordinator,
            year=2020,
            section="legislation",
            language="az",
            text="Üç.",
            version=1,
        )
    with pytest.raises(StaleVersion):  # created by someone else since the form was opened
        report_text_save(
            actor=coordinator,
            year=2020,
            section="legislation",
            language="az",
            text="Dörd.",
            version=None,
        )
    assert ReportText.objects.get().text == "İki."


def test_an_analyst_may_not_write_the_texts(analyst):
    with pytest.raises(PermissionDenied):
        report_text_save(
            actor=analyst,
            year=2020,
            section="legislation",
            language="az",
            text="Yox.",
            version=None,
        )
    assert not ReportText.objects.exists()


def test_the_texts_page_saves_a_block(client, login, coordinator):
    login(coordinator)
    url = "/stats/report/2020/texts/?lang=en"
    assert client.get(url).status_code == 200
    response = client.post(
        "/stats/report/2020/texts/",
        {"lang": "en", "section": "conclusions", "version": "", "text": "To be continued."},
    )
    assert response.status_code == 302
    assert ReportText.objects.get(language="en", section="conclusions").text == "To be continued."
    stale = client.post(
        "/stats/report/2020/texts/",
        {"lang": "en", "section": "conclusions", "version": "", "text": "Again."},
    )
    assert stale.status_code == 200 and "after you opened it" in stale.content.decode()


def test_the_texts_page_is_refused_to_an_analyst(client, login, analyst):
    login(analyst)
    assert client.get("/stats/report/2020/texts/").status_code == 403


# --- the dashboard and the job ----------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "analyst"])
def test_the_dashboard_opens_for_coordinator_and_analyst(client, login, request, known, who):
    login(request.getfixturevalue(who))
    response = client.get("/stats/?from=2015&to=2020")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 5
    assert "Victims identified" in page


def test_the_dashboard_is_refused_to_an_investigator_and_to_anonymous(client, login, investigator):
    anonymous = client.get("/stats/")
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    login(investigator)
    assert client.get("/stats/").status_code == 403


@pytest.mark.parametrize("query", ["from=abc", "from=1900", "from=2020&to=2010", "to=3000"])
def test_a_bad_year_gives_a_message(client, login, analyst, query):
    login(analyst)
    response = client.get(f"/stats/?{query}")
    assert response.status_code == 200
    assert "The years must be between" in response.content.decode()


def test_the_report_is_made_by_the_worker_and_downloaded(client, login, known, analyst):
    login(analyst)
    response = client.post("/stats/report/", {"year": "2020", "format": "docx", "lang": "en"})
    job = Job.objects.get()
    assert response["Location"] == f"/stats/report/jobs/{job.pk}/"
    assert AuditEntry.objects.filter(action="stats.report.request").exists()
    again = client.post("/stats/report/", {"year": "2020", "format": "docx", "lang": "en"})
    assert again["Location"] == response["Location"]
    assert "Waiting for the worker" in client.get(response["Location"]).content.decode()

    call_command("worker", "--batch", "--no-periodic", verbosity=0)

    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.file_name == "ctis-2020-annual-report-en.docx"
    download = client.get(f"/stats/report/jobs/{job.pk}/download/")
    assert download.status_code == 200
    Document(io.BytesIO(download.content))
    assert AuditEntry.objects.filter(action="stats.report.download").exists()


def test_another_users_report_job_is_refused(client, login, known, analyst, coordinator):
    login(analyst)
    client.post("/stats/report/", {"year": "2020", "format": "pdf"})
    job = Job.objects.get()
    other = Client()
    log_in(other, coordinator)
    assert other.get(f"/stats/report/jobs/{job.pk}/").status_code == 403
    assert other.get(f"/stats/report/jobs/{job.pk}/download/").status_code == 403


def test_methodology_counts_the_bodies_that_reported(period, reporter, head):
    from ctis.plan.models import Measure
    from ctis.plan.services import reporting

    report_row = reporting.report_create(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number="4.2.1"),
        agency=reporter.agency,
        status="implemented",
        narrative="Vərəqələr paylanmışdır.",
    )
    reporting.report_submit(actor=head, report=report_row)
    words = {"year": str(period.year), "previous": str(period.year - 1)}
    with translation.override("en"):
        (sentence,) = report.methodology_sentences(period.year, words)
    assert sentence.startswith(
        f"This report was prepared from the reports on {period.year} of 1 central and 0 local "
        "executive bodies and 0 other bodies"
    )


def test_figures_offered_later_are_written_in(known):
    """Crimes, criminal groups and charges are wired in from ``figures.annual`` when other
    modules offer them: the sentences and the series take them as they come."""

    def annual(period):
        figures = series_chart.figures.annual(period)
        year = period.start.year
        figures["justice"]["crimes"] = {
            "recorded": 155 if year == 2020 else 150,
            "documents": 40 if year == 2020 else 31,
        }
        figures["justice"]["charged"] = {"persons": 20, "by_sex": {"female": 17, "male": 3}}
        figures["justice"]["criminal_groups"] = {"neutralised": 3, "members": 7}
        return figures

    doc = report.report_data(2020, language="en", by_year=series_chart.YearFigures(annual))
    sentences = _sentences(doc)
    assert (
        "Crimes recorded in 2020: 155 of trafficking in persons and 40 of illegal actions with "
        "documents, 14 more than in 2019 (7.7%)."
    ) in sentences
    assert "Criminal groups neutralised: 3 (members: 7)." in sentences
    assert "Persons charged: 20 (women: 17, men: 3)." in sentences
    crimes = doc.charts[0]
    assert crimes.table is not None  # 2020: ctis's 155 beside the store's 155
    assert crimes.table.rows == [["2020", "155", "155", "+0"]]
