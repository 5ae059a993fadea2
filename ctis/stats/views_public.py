"""The public statistics page (no log-in): the yearly totals as they were published, small
counts hidden (ctis.stats.disclosure). It reads only stored publications, never records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ctis.stats import selectors_public
from ctis.stats.public import PLAIN, page_tables


@login_not_required
@require_GET
def public(request):
    releases = []
    for publication in selectors_public.latest_publications():
        releases.append(
            {
                "publication": publication,
                "tables": page_tables(publication.shown),
                "plain": [(label, publication.shown.get(key, "")) for key, label in PLAIN],
            }
        )
    response = render(
        request,
        "stats/public.html",
        {
            "releases": releases,
            "threshold": releases[0]["publication"].threshold if releases else 5,
        },
    )
    response["Referrer-Policy"] = "same-origin"
    return response
