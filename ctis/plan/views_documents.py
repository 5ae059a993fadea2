"""Downloads of the plan's documents: an agency's yearly report and the consolidated one.

``?lang=en`` or ``?lang=ru`` chooses the document's language; Azerbaijani otherwise.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency
from ctis.plan import documents
from ctis.plan.access import access_agency_document, access_consolidated_document
from ctis.plan.models import ReportingPeriod


def _format(fmt: str) -> str:
    if fmt not in documents.CONTENT_TYPES:
        raise Http404(_("There is no such document format."))
    return fmt


def _language(request) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in documents.LANGUAGES else settings.LANGUAGE_CODE


def _attachment(content: bytes, *, fmt: str, stem: str, language: str) -> HttpResponse:
    suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[fmt])
    disposition = content_disposition_header(True, f"{stem}{suffix}.{fmt}")
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


def consolidated_report(request, pk: int, fmt: str):
    fmt = _format(fmt)
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk)
    access_consolidated_document(request.user)
    language = _language(request)
    content = documents.consolidated_report_file(period=period, fmt=fmt, language=language)
    return _attachment(content, fmt=fmt, stem=f"ctis-{period.year}-consolidated", language=language)
