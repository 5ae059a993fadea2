from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ctis.core.registry import start_page


def home(request):
    """Each user starts where their work is: an app's start page, else the home page with
    what the apps put on it (``ctis.core.registry``)."""
    url_name = start_page(request.user)
    if url_name is not None:
        return redirect(url_name)
    return render(request, "core/home.html")


FAVICON = Path(__file__).resolve().parent.parent / "static" / "ctis" / "favicon.ico"


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links (the pages link the SVG)."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
