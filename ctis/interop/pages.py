"""The import page (issue 14): a person with the right to enter persons sends a spreadsheet,
reads every refused row, corrects the file and sends it again; nothing is kept until a
file is imported whole (or its valid rows, when asked). The file itself is never stored:
it holds identities, and lives only for the request that reads it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ctis.core.formtokens import once
from ctis.core.tables import TableFileError, limit_bytes, open_table
from ctis.interop import imports

PAGE_ROWS = 5_000  # a larger file is imported with ``ctis import`` (the worker: not yet)


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
        if upload.size > limit_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB; split it into smaller files.")
                % {"mb": limit_bytes() // (1024 * 1024)}
            )
        return upload


def _lines(values: list[str]) -> set[int]:
    return {int(value) for value in values if value.isdigit()}


DONE = "ctis_import_done"  # the session's note of the last import: codes, never identities


@require_http_methods(["GET", "POST"])
@once
def import_persons(request):
    if not request.user.has_perm(imports.PERMISSIONS["persons"]):
        raise PermissionDenied(_("You may not enter persons."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        commit = request.POST.get("action") == "import"
        try:
            result = imports.import_table(
                actor=request.user,
                kind_code="persons",
                table=open_table(form.cleaned_data["file"].read()),
                commit=commit,
                keep_valid=form.cleaned_data["keep_valid"],
                max_rows=PAGE_ROWS,
                enter_anyway=_lines(request.POST.getlist("enter_anyway")),
            )
        except (TableFileError, imports.HeaderError) as refused:
            form.add_error("file", str(refused))
        else:
            if result.committed:
                # Posted, then redirected: a reload or a second click imports nothing more.
                request.session[DONE] = {
                    "saved": result.saved,
                    "left_out": len(result.held_lines),
                }
                messages.success(
                    request,
                    _("Persons imported: %(n)d.") % {"n": len(result.saved)},
                )
                return redirect("imports:done")
    return render(
        request,
        "interop/import.html",
        {
            "form": form,
            "result": result,
            "columns": imports.KINDS["persons"]().columns,
        },
    )


def import_done(request):
    """What the user's last import entered, by code."""
    if not request.user.has_perm(imports.PERMISSIONS["persons"]):
        raise PermissionDenied(_("You may not enter persons."))
    done = request.session.get(DONE)
    if not done:
        return redirect("imports:persons")
    return render(request, "interop/import_done.html", done)


def import_template(request, kind: str):
    """The kind's empty workbook, headers in the page's language."""
    if kind not in imports.KINDS or not request.user.has_perm(imports.PERMISSIONS[kind]):
        raise PermissionDenied(_("You may not enter persons."))
    response = HttpResponse(
        imports.template_workbook(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ctis-{kind}-{get_language() or "az"}.xlsx"'
    )
    return response
