"""The alert centre's pages: the list, opening an alert, marking all read, the settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.inbox import selectors, services

ALERTS_PER_PAGE = 25


def alert_list(request):
    page = Paginator(selectors.alerts_for(request.user), ALERTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "inbox/alert_list.html", {"page": page, "alerts": page.object_list})


@require_POST
def alert_open(request, pk):
    """Mark the alert read and go to the record it is about."""
    alert = services.alert_open(user=request.user, alert_id=pk)
    if alert is None:
        raise Http404(_("There is no such alert."))
    if not url_has_allowed_host_and_scheme(alert.link, allowed_hosts=None):
        return redirect("inbox:alert_list")
    return redirect(alert.link)


@require_POST
def alert_read_all(request):
    count = services.alerts_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All alerts are marked as read."))
    return redirect("inbox:alert_list")


def alert_settings(request):
    rows = selectors.settings_for(request.user)
    if request.method == "POST":
        choices = {
            row.kind.code: (
                request.POST.get(f"{row.kind.code}:in_app") == "on",
                request.POST.get(f"{row.kind.code}:email") == "on",
            )
            for row in rows
        }
        services.preferences_save(actor=request.user, choices=choices)
        messages.success(request, _("Your alert settings are saved."))
        return redirect("inbox:alert_settings")
    return render(
        request,
        "inbox/alert_settings.html",
        {"rows": rows, "has_email": bool(request.user.email)},
    )
