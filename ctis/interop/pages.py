"""The import pages (issue 14): a person with the right to enter persons sends a spreadsheet
to be checked or imported, and follows the worker on the job's page; there they read every
refused row and every row held as a likely duplicate, then import the same file with their
decisions, send a corrected one, or discard it. Nothing is kept until a file is imported
whole (or its valid rows, when asked).

The file holds identities: it is kept sealed with its job (``Job.upload``) while the worker
reads it and while a check's result waits for the user, and deleted when it is imported,
discarded, refused or the job fails; what is left goes with the job after a day. The
result, which quotes the file's cells, is sealed too and shown only to the user who sent
the file (``ctis.interop.access.access_import_job``)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import uploads_in_memory
from ctis.core.tables import too_large
from ctis.interop import imports, selectors, services
from ctis.interop.access import access_import_job

KIND = "persons"  # the one kind the pages import so far


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file (UTF-8) or an Excel workbook; its first row names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    keep_valid = forms.BooleanField(
        label=gettext_lazy("Import the valid rows even if some are refused"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refusal = too_large(upload.size)
        if refusal:
            raise forms.ValidationError(refusal)
        return upload


class DecisionsForm(forms.Form):
    """What the user decided on a checked file: its ticked rows are read from the post."""

    keep_valid = forms.BooleanField(
        label=gettext_lazy("Import the valid rows even if some are refused"), required=False
    )


def _allowed(user) -> None:
    if not user.has_perm(imports.PERMISSIONS[KIND]):
        raise PermissionDenied(_("You may not enter persons."))


def _lines(values: list[str]) -> set[int]:
    return {int(value) for value in values if value.isdigit()}


def _language() -> str:
    language = (get_language() or "")[:2]
    return language if language in imports.LANGUAGES else settings.LANGUAGE_CODE


def _upload_page(request, form: ImportForm):
    return render(
        request,
        "interop/import.html",
        {
            "form": form,
            "columns": imports.KINDS[KIND]().columns,
            "jobs": selectors.import_jobs(request.user),
        },
    )


@uploads_in_memory
@require_http_methods(["GET", "POST"])
@once
def import_persons(request):
    """The upload: "Check the file" or "Import" queue the file for the worker, whose job's
    page the user is taken to. The user's last imports are listed, to come back to."""
    _allowed(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_request(
                actor=request.user,
                kind_code=KIND,
                content=form.cleaned_data["file"].read(),
                commit=request.POST.get("action") == "import",
                keep_valid=form.cleaned_data["keep_valid"],
                language=_language(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("imports:job", pk=job.pk)
    return _upload_page(request, form)


@require_GET
def import_job(request, pk):
    """The import's page: its progress while the worker reads the file (polled with htmx
    every 2 s; reloaded whole when it has finished), then what was entered, or the refused
    and held rows with what the user may do next."""
    job = access_import_job(request.user, pk)
    if request.headers.get("HX-Request"):
        response = render(request, "interop/_import_job.html", {"job": job})
        if job.finished:
            response["HX-Refresh"] = "true"  # the finished page is a page of its own
        return response
    result = selectors.import_result(job)
    if result is not None and result.committed:
        return render(
            request,
            "interop/import_done.html",
            {"job": job, "saved": result.saved, "left_out": len(result.held_lines)},
        )
    if result is not None:
        kept = selectors.import_file_kept(job)
        return render(
            request,
            "interop/import_result.html",
            {
                "job": job,
                "result": result,
                "kept": kept,
                "decisions": DecisionsForm(
                    initial={"keep_valid": job.params.get("keep_valid")}, auto_id="id_decide_%s"
                ),
                "form": ImportForm(initial={"keep_valid": job.params.get("keep_valid")}),
                "columns": imports.KINDS[KIND]().columns,
            },
        )
    return render(request, "interop/import_job.html", {"job": job})


@require_POST
@once
def import_job_import(request, pk):
    """Import the checked file with the user's decisions, without choosing it again."""
    job = access_import_job(request.user, pk)
    decisions = DecisionsForm(request.POST)
    decisions.is_valid()
    try:
        again = services.import_again(
            actor=request.user,
            job=job,
            keep_valid=decisions.cleaned_data.get("keep_valid", False),
            enter_anyway=_lines(request.POST.getlist("enter_anyway")),
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("imports:job", pk=job.pk)
    return redirect("imports:job", pk=again.pk)


@require_POST
def import_job_discard(request, pk):
    """Delete the checked file: nothing is imported from it."""
    job = access_import_job(request.user, pk)
    services.import_discard(actor=request.user, job=job)
    messages.success(request, _("The file was deleted; nothing was imported from it."))
    return redirect("imports:persons")


def import_template(request, kind: str):
    """The kind's empty workbook, headers in the page's language."""
    if kind not in imports.KINDS or not request.user.has_perm(imports.PERMISSIONS[kind]):
        raise PermissionDenied(_("You may not import these records."))
    response = HttpResponse(
        imports.template_workbook(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ctis-{kind}-{get_language() or "az"}.xlsx"'
    )
    return response
