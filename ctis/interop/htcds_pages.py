"""The HTCDS pages (issue 14): the records a user may see exported as IOM's HTCDS v2.0
workbook, and such a workbook imported, as ``ctis htcds export|import`` does
(``ctis.interop.htcds``: the rights, the audit entries and what a file holds are its).

The exported file is made for the request and answered as the download; it is never kept
on the server. The recipient's password of an export with identities is read from the
form and handed to the archive: it is not stored, logged (``sensitive_post_parameters``)
or written back into the form. An imported workbook lives only for the request that reads
it; after an import the session keeps the new codes (never an identity) for the page that
says what was entered."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ctis.cases.choices import AccessPurpose
from ctis.core.formtokens import once
from ctis.core.tables import too_large
from ctis.interop import htcds

CODES, IDENTITIES = "codes", "identities"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEVEN_ZIP = "application/x-7z-compressed"
DONE = "ctis_htcds_done"  # the session's note of the last HTCDS import: codes only


def _menu(user) -> dict[str, bool]:
    """What the pages' sub-bar offers (``interop/_htcds_subnav.html``)."""
    return {"may_export": htcds.may_export(user), "may_import": htcds.may_import(user)}


def home(request):
    """The menu's entry: the export for who may export, else the import."""
    if htcds.may_export(request.user):
        return redirect("htcds:export")
    if htcds.may_import(request.user):
        return redirect("htcds:import")
    raise PermissionDenied(_("You may not exchange records as HTCDS."))


class ExportForm(forms.Form):
    content = forms.ChoiceField(
        label=gettext_lazy("The file holds"),
        choices=[
            (CODES, gettext_lazy("Codes only: an Excel workbook (.xlsx)")),
            (IDENTITIES, gettext_lazy("Identities too: a 7-Zip archive encrypted with AES-256")),
        ],
        initial=CODES,
        widget=forms.RadioSelect,
    )
    purpose = forms.ChoiceField(
        label=gettext_lazy("Purpose of the export"),
        choices=[("", "—"), *AccessPurpose.choices],
        required=False,
        help_text=gettext_lazy("With identities: each identity is opened for this purpose."),
    )
    note = forms.CharField(
        label=gettext_lazy("Explanation"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Needed for 'Other'; helps the review in every case."),
    )
    password = forms.CharField(
        label=gettext_lazy("The recipient's password"),
        strip=False,
        required=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "At least 12 characters. It opens the archive; give it to the recipient by "
            "another way than the file. It is not kept."
        ),
    )
    password_again = forms.CharField(
        label=gettext_lazy("The password again"),
        strip=False,
        required=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, identities_allowed: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not identities_allowed:
            # Codes only: the choice is not offered (a posted "identities" is still refused
            # by the export, beside the form).
            for name in ("purpose", "note", "password", "password_again"):
                del self.fields[name]
            self.fields["content"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("content") != IDENTITIES or "password" not in self.fields:
            return data
        if not data.get("purpose"):
            self.add_error("purpose", _("Choose the purpose of the export."))
        elif data["purpose"] == AccessPurpose.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Explain the purpose in a few words."))
        password = data.get("password", "")
        try:
            htcds.check_password(password)
        except ValidationError as error:
            self.add_error("password", error)
        else:
            if password != data.get("password_again", ""):
                self.add_error("password_again", _("The two passwords differ."))
        return data


def _download(content: bytes, identities: bool) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    name, kind = (f"htcds-{stamp}.7z", SEVEN_ZIP) if identities else (f"htcds-{stamp}.xlsx", XLSX)
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
def export(request):
    """Choose codes only or identities too, and download the file."""
    if not htcds.may_export(request.user):
        raise PermissionDenied(_("You may not export records of the unified database."))
    allowed = request.user.has_perm("cases.view_identities")
    form = ExportForm(request.POST or None, identities_allowed=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identities = data["content"] == IDENTITIES
        try:
            content = htcds.export_file(
                actor=request.user,
                identities=identities,
                purpose=data.get("purpose") or None,
                password=data.get("password", ""),
                note=data.get("note", ""),
            )
        except htcds.ExportRefused as refused:
            if refused.field == "note":  # the module's words name the command's option
                form.add_error("note", _("Explain the purpose in a few words."))
            else:
                form.add_error(
                    refused.field if refused.field in form.fields else None, str(refused)
                )
        except ValidationError as refused:
            form.add_error("password" if "password" in form.fields else None, refused)
        else:
            return _download(content, identities)
    return render(
        request,
        "interop/htcds_export.html",
        {"form": form, "identities_allowed": allowed, **_menu(request.user)},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HTCDS workbook"),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx) of the HTCDS v2.0 template, as ctis exports it."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refusal = too_large(upload.size)
        if refusal:
            raise forms.ValidationError(refusal)
        return upload


@require_http_methods(["GET", "POST"])
@once
def import_workbook(request):
    """Check the workbook (every refusal listed), or import it: all of it, or nothing."""
    if not htcds.may_import(request.user):
        raise PermissionDenied(_("You may not enter persons."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        commit = request.POST.get("action") == "import"
        try:
            result = htcds.import_workbook(
                actor=request.user, content=form.cleaned_data["file"].read(), commit=commit
            )
        except htcds.HtcdsFileError as refused:
            form.add_error("file", str(refused))
        else:
            if result.committed:
                # Posted, then redirected: a reload or a second click imports nothing more.
                request.session[DONE] = {
                    "persons": sorted(result.saved.items()),
                    "cases": result.cases,
                }
                messages.success(
                    request,
                    _("%(persons)d persons and %(cases)d cases saved.")
                    % {"persons": len(result.saved), "cases": len(result.cases)},
                )
                return redirect("htcds:import_done")
    return render(
        request,
        "interop/htcds_import.html",
        {
            "form": form,
            "result": result,
            "ignored": sorted(result.ignored.items()) if result else [],
            **_menu(request.user),
        },
    )


def import_done(request):
    """What the user's last HTCDS import entered, by code."""
    if not htcds.may_import(request.user):
        raise PermissionDenied(_("You may not enter persons."))
    done = request.session.get(DONE)
    if not done:
        return redirect("htcds:import")
    return render(request, "interop/htcds_import_done.html", {**done, **_menu(request.user)})
