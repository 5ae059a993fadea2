"""The statistics pages: the exports that leave the system (made and downloaded at once;
each one is audited by ``ctis.stats.services.export_make``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ctis.core.forms import add_service_errors
from ctis.stats import services
from ctis.stats.exports import ExportRefused, Spec
from ctis.stats.forms import ExportForm


def exports(request):
    """Choose an export and download it."""
    if not request.user.has_perm("stats.export_statistics"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    form = ExportForm(request.POST or None, initial={"language": "en"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        first = data["tip_year"] if data["kind"] == "tip" else data["year"]
        spec = Spec(
            kind=data["kind"],
            first=first,
            last=(data.get("to") or first) if data["kind"] != "tip" else first,
            tip_year=data.get("tip_year") if data["kind"] == "tip" else None,
            k=data["k"],
            language=data["language"],
        )
        try:
            made = services.export_make(actor=request.user, spec=spec)
        except ValidationError as error:
            add_service_errors(form, error, renamed={"first": "year", "last": "to", "kind": "kind"})
        except ExportRefused as error:
            form.add_error(
                None,
                _("The file was not made: %(reason)s") % {"reason": str(error)},
            )
        else:
            response = HttpResponse(made.content, content_type=made.content_type)
            response["Content-Disposition"] = f'attachment; filename="{made.file_name}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "stats/exports.html", {"form": form})
