"""The statistics pages: the dashboard (headline figures and the report's charts over a
range of years), the annual report asked for and fetched, and its narrative blocks."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctis.core import bounds
from ctis.core.forms import add_service_errors
from ctis.core.models import Job
from ctis.stats import report, series_chart, services
from ctis.stats.access import (
    access_report,
    access_report_job,
    access_report_texts,
    access_statistics,
)
from ctis.stats.models import REPORT_JOB_KIND, ReportLanguage, ReportSection, ReportText

EARLIEST = 2000


def _latest() -> int:
    return timezone.localdate().year


def _year(value: str | None, default: int) -> int:
    """A year from a parameter; ValueError when it is not one the statistics can hold."""
    if value is None or value == "":
        return default
    year = int(value)
    if not EARLIEST <= year <= _latest():
        raise ValueError(value)
    return year


def _range(request) -> tuple[int, int]:
    latest = _latest()
    try:
        last = _year(request.GET.get("to"), latest)
        first = _year(request.GET.get("from"), max(series_chart.FIRST_YEAR, EARLIEST))
        if first > last:
            raise ValueError(first)
    except ValueError:
        messages.error(
            request,
            _(
                "The years must be between %(earliest)s and %(latest)s, the first no later "
                "than the last; the whole range is shown."
            )
            % {"earliest": EARLIEST, "latest": latest},
        )
        return series_chart.FIRST_YEAR, latest
    return first, last


@require_GET
def dashboard(request):
    access_statistics(request.user)
    first, last = _range(request)
    language = get_language() or settings.LANGUAGE_CODE
    language = language if language in report.LANGUAGES else settings.LANGUAGE_CODE
    by_year = series_chart.YearFigures()
    doc = report.report_data(last, language=language, first_year=first, by_year=by_year)
    now = by_year(last)
    jobs = (
        Job.objects.defer("content")
        .filter(requested_by=request.user, kind=REPORT_JOB_KIND)
        .order_by("-created_at")[:5]
    )
    return render(
        request,
        "stats/dashboard.html",
        {
            "first": first,
            "last": last,
            "years": list(range(_latest(), EARLIEST - 1, -1)),
            "figures": now,
            "charts": doc.charts,
            "records_from": series_chart.records_from(),
            "jobs": jobs,
            "languages": ReportLanguage.choices,
        },
    )


@require_POST
def report_request(request):
    access_report(request.user)
    try:
        year = _year(request.POST.get("year"), _latest() - 1)
    except ValueError:
        messages.error(
            request,
            _("Choose a year between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST, "latest": _latest()},
        )
        return redirect("stats:dashboard")
    fmt = request.POST.get("format", "")
    if fmt not in report.CONTENT_TYPES:
        raise Http404(_("There is no such document format."))
    wanted = request.POST.get("lang", "")
    language = wanted if wanted in report.LANGUAGES else settings.LANGUAGE_CODE
    job = services.report_request(actor=request.user, year=year, fmt=fmt, language=language)
    return redirect("stats:report_job", pk=job.pk)


@require_GET
def report_job(request, pk):
    """The page of an annual report being made: its progress, then its download."""
    job = access_report_job(request.user, pk)
    context = {"job": job, "format": job.params.get("format", "").upper()}
    if request.headers.get("HX-Request"):
        return render(request, "stats/_report_job.html", context)
    return render(request, "stats/report_job.html", context)


@require_GET
def report_job_download(request, pk):
    job = access_report_job(request.user, pk)
    if job.state != Job.State.DONE:
        raise Http404(_("The document is not ready yet."))
    content = Job.objects.values_list("content", flat=True).get(pk=job.pk)
    services.report_fetch(actor=request.user, job=job)
    response = HttpResponse(bytes(content), content_type=job.content_type)
    disposition = content_disposition_header(True, job.file_name)
    assert disposition is not None
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response


class ReportTextForm(forms.Form):
    section = forms.ChoiceField(choices=ReportSection.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        max_length=bounds.NARRATIVE,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


@require_http_methods(["GET", "POST"])
def report_texts(request, year: int):
    """The narrative blocks of the ``year`` report in one language, a form per section."""
    access_report_texts(request.user)
    if not EARLIEST <= year <= _latest() + 1:
        raise Http404(_("There is no report for that year."))
    wanted = (request.POST if request.method == "POST" else request.GET).get("lang", "")
    language = wanted if wanted in report.LANGUAGES else settings.LANGUAGE_CODE
    held = {row.section: row for row in ReportText.objects.filter(year=year, language=language)}
    posted = None
    if request.method == "POST":
        section = request.POST.get("section", "")
        posted = ReportTextForm(request.POST, auto_id=f"id_{section}_%s")
        if posted.is_valid():
            data = posted.cleaned_data
            try:
                services.report_text_save(
                    actor=request.user,
                    year=year,
                    section=data["section"],
                    language=language,
                    text=data["text"],
                    version=data["version"],
                )
            except ValidationError as error:
                add_service_errors(posted, error)
            else:
                messages.success(
                    request,
                    _("The text of “%(section)s” was saved.")
                    % {"section": ReportSection(data["section"]).label},
                )
                return redirect(f"{request.path}?lang={language}#section-{data['section']}")
    blocks = []
    for code in ReportSection:
        row = held.get(code)
        if posted is not None and posted.data.get("section") == code:
            form = posted
        else:
            form = ReportTextForm(
                initial={
                    "section": code,
                    "version": row.version if row else None,
                    "text": row.text if row else "",
                },
                auto_id=f"id_{code}_%s",
            )
        blocks.append({"code": code, "label": code.label, "form": form, "row": row})
    return render(
        request,
        "stats/report_texts.html",
        {"year": year, "language": language, "languages": ReportLanguage.choices, "blocks": blocks},
    )
