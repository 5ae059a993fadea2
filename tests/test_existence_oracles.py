"""A URL of a record the user may not see answers exactly as one of a record that does not
exist, so that the answer tells nothing of what exists (issue 10)."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ctis.plan.models import Measure
from ctis.plan.services import reporting
from tests.factories import MeasureReportFactory, PersonFactory, ScreeningFactory
from tests.nrm.conftest import test_set  # noqa: F401  (fixture)
from tests.nrm.test_screening import PRESUMED
from tests.personas import log_in


def _alike(client, existing: str, missing: str):
    seen, unseen = client.get(existing), client.get(missing)
    assert seen.status_code == unseen.status_code == 403
    assert _main(seen) == _main(unseen)


def _main(response) -> str:
    """The page's own content (the rest carries a fresh CSRF token each time)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_a_screening_of_another_agency_reads_as_missing(officer, hotline_operator, test_set):  # noqa: F811
    person = PersonFactory(actor=officer)
    screening = ScreeningFactory(
        actor=officer, person=person, indicator_set=test_set, codes=PRESUMED
    )
    _alike(
        log_in(Client(), hotline_operator),
        screening.get_absolute_url(),
        screening.get_absolute_url().replace(str(screening.pk), str(uuid.uuid4())),
    )


@pytest.mark.usefixtures("plan")
def test_an_attachment_of_another_agency_reads_as_missing(
    coordinator, reporter, labour_reporter, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from ctis.plan.selectors import current_plan
    from tests.factories import ReportingPeriodFactory

    period = ReportingPeriodFactory(actor=coordinator, plan=current_plan())
    report = MeasureReportFactory(
        actor=reporter, period=period, measure=Measure.objects.get(plan=period.plan, number="4.2.1")
    )
    attachment = reporting.report_attach(
        actor=reporter, report=report, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    )
    other = log_in(Client(), labour_reporter)
    url = f"/plan/attachments/{attachment.pk}/"
    _alike(other, url, f"/plan/attachments/{attachment.pk + 1000}/")
