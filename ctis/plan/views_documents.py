"""Downloads of plan documents (DOCX and PDF)."""

from django.http import HttpResponse


def agency_report(request, pk: int, code: str, fmt: str):
    return HttpResponse("TODO", status=501)


def consolidated_report(request, pk: int, fmt: str):
    return HttpResponse("TODO", status=501)
