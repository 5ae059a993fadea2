"""Downloads of the plan's documents: an agency's yearly report and the consolidated one.

``lang=en`` or ``lang=ru`` chooses the document's language; Azerbaijani otherwise.

An agency's report is small (one agency's measures) and is made in the request. The
consolidated report covers every agency and measure of the year (273 reports for the
2020–2024 plan: over a hundred pages of PDF), so it is asked for with a POST and made by
``ctis worker``; the user follows it on its page and downloads it from there.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ctis.accounts.models import Agency
from ctis.core.documents import CONTENT_TYPES, LANGUAGES, file_name
from ctis.core.models import Job
from ctis.plan import documents, services
from ctis.plan.access import (
    access_agency_document,
    access_consolidated_document,
    access_document_job,
)
from ctis.plan.models import ReportingPeriod


def _format(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("There is no such document format."))
    return fmt


def _language(request) -> str:
    wanted = (request.POST if request.method == "POST" else request.GET).get("lang", "")
    return wanted if wanted in LANGUAGES else settings.LANGUAGE_CODE


def _attachment(content: bytes, *, fmt: str, stem: str, language: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = content_disposition_header(True, file_name(stem, fmt=fmt, language=language))
    assert disposition is not None  # only None for an inline response without a file name
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response


def agency_report(request, pk: int, code: str, fmt: str):
    fmt = _format(fmt)
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk)
    agency = get_object_or_404(Agency, code=code)
    with_drafts = access_agency_document(request.user, agency)
    language = _language(request)
    content = documents.agency_report_file(
        period=period, agency=agency, fmt=fmt, language=language, received_only=not with_drafts
    )
    return _attachment(
        content, fmt=fmt, stem=f"ctis-{period.year}-{agency.code}", language=language
    )


@require_POST
def consolidated_report(request, pk: int, fmt: str):
    fmt = _format(fmt)
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk)
    access_consolidated_document(request.user)
    job = services.document_request(
        actor=request.user, period=period, fmt=fmt, language=_language(request)
    )
    return redirect("plan:document_job", pk=job.pk)


def _job_context(job: Job) -> dict:
    period = ReportingPeriod.objects.filter(pk=job.params.get("period")).first()
    return {"job": job, "period": period, "format": job.params.get("format", "").upper()}


@require_GET
def document_job(request, pk):
    """The page of a consolidated report being made: its progress, then its download."""
    job = access_document_job(request.user, pk)
    context = _job_context(job)
    if request.headers.get("HX-Request"):
        return render(request, "plan/_document_job.html", context)
    return render(request, "plan/document_job.html", context)


@require_GET
def document_job_download(request, pk):
    job = access_document_job(request.user, pk)
    if job.state != Job.State.DONE:
        raise Http404(_("The document is not ready yet."))
    content = Job.objects.values_list("content", flat=True).get(pk=job.pk)
    services.document_fetch(actor=request.user, job=job)
    response = HttpResponse(bytes(content), content_type=job.content_type)
    disposition = content_disposition_header(True, job.file_name)
    assert disposition is not None
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response
