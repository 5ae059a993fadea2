"""The register of international recommendations: read from the TIP 2013 chapter, tied to
plan measures, with a yearly status from the measures' accepted reports."""

from __future__ import annotations

import io

import pytest
from docx import Document

from ctis.audit.models import AuditEntry
from ctis.plan import documents
from ctis.plan.models import Measure
from ctis.plan.services import reporting
from ctis.stats.models import Recommendation
from ctis.stats.recommendations import ADDRESSED, NO_REPORT, UNDER_WAY, parse, statuses
from ctis.stats.services import (
    REFERENCE_RECOMMENDATIONS,
    recommendation_measures_set,
    recommendations_load_reference,
)

pytestmark = pytest.mark.django_db


def test_the_chapter_s_recommendations_are_read_from_its_text():
    text = (REFERENCE_RECOMMENDATIONS.parent / "tip-2013-azerbaijan.txt").read_text()
    found = parse(text)
    assert len(found) == 14
    assert found[0].startswith("Ölkə daxilində məcburi əməyə cəlb edilmiş xarici vətəndaş")
    assert found[6] == "Məhkəmə prosesi zamanı qurbanların müdafiəsini gücləndirmək."
    assert found[-1].endswith("maarifləndirilməsi səylərini davam etdirmək.")


def test_loaded_once_with_the_measures_that_answer_them(plan):
    assert recommendations_load_reference() == 14
    assert recommendations_load_reference() == 0
    first = Recommendation.objects.get(number=1)
    assert sorted(first.measures.values_list("number", flat=True)) == ["4.1.3", "4.3.5"]
    assert AuditEntry.objects.filter(action="stats.recommendations.load").count() == 1


def _report(period, reporter, head, coordinator, number, status, accept=True):
    report = reporting.report_create(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number=number),
        agency=reporter.agency,
        status=status,
        narrative="Görülən işlər.",
    )
    reporting.report_submit(actor=head, report=report)
    if accept:
        reporting.report_accept(actor=coordinator, report=report)


@pytest.fixture
def linked(plan, coordinator):
    recommendations_load_reference()
    recommendation = Recommendation.objects.get(number=13)
    measure = Measure.objects.get(plan=plan, number="4.2.1")
    recommendation_measures_set(
        actor=coordinator, recommendation=recommendation, measures=[measure]
    )
    return recommendation


def test_a_status_follows_from_the_accepted_reports_of_the_year(
    linked, period, reporter, head, coordinator
):
    by_number = {s.recommendation.number: s for s in statuses(period.year)}
    assert by_number[13].status == NO_REPORT
    _report(period, reporter, head, coordinator, "4.2.1", "implemented")
    assert {s.recommendation.number: s for s in statuses(period.year)}[13].status == ADDRESSED
    assert {s.recommendation.number: s for s in statuses(period.year + 1)}[13].status == NO_REPORT
    entry = AuditEntry.objects.get(action="stats.recommendation.measures")
    assert entry.changes["measures"]["after"] == ["4.2.1"]


def test_a_submitted_report_not_yet_accepted_does_not_count(
    linked, period, reporter, head, coordinator
):
    _report(period, reporter, head, coordinator, "4.2.1", "in_progress", accept=False)
    assert {s.recommendation.number: s for s in statuses(period.year)}[13].status == NO_REPORT


def test_the_register_is_in_the_consolidated_report(linked, period, reporter, head, coordinator):
    _report(period, reporter, head, coordinator, "4.2.1", "in_progress")
    assert {s.recommendation.number: s for s in statuses(period.year)}[13].status == UNDER_WAY
    doc = documents.consolidated_document(period, language="az")
    assert doc.extra and doc.extra[0]["heading"]
    data = documents.consolidated_docx(doc)
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(data)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Məhkəmə prosesi zamanı qurbanların müdafiəsini gücləndirmək." in text


def test_the_pages(client, login, linked, coordinator, analyst, investigator, period):
    login(analyst)
    page = client.get("/stats/recommendations/")
    assert page.status_code == 200 and "Məhkəmə prosesi" in page.content.decode()
    assert client.get(f"/stats/recommendations/{linked.pk}/").status_code == 403
    assert client.get("/stats/recommendations/?year=abc").status_code == 200
    client.logout()
    login(coordinator)
    bad = client.post(f"/stats/recommendations/{linked.pk}/", {"measures": "4.2.1, 9.9.9"})
    assert bad.status_code == 200 and "9.9.9" in bad.content.decode()
    assert list(linked.measures.values_list("number", flat=True)) == ["4.2.1"]
    done = client.post(f"/stats/recommendations/{linked.pk}/", {"measures": "4.8.3; 4.8.2"})
    assert done.status_code == 302
    assert sorted(linked.measures.values_list("number", flat=True)) == ["4.8.2", "4.8.3"]
    client.logout()
    login(investigator)
    assert client.get("/stats/recommendations/").status_code == 403
