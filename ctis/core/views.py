from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from ctis.core.registry import start_page


def login_not_required_set_language(view):
    return login_not_required(view)


def home(request):
    """Each user starts where their work is: an app's start page, else the home page with
    what the apps put on it (``ctis.core.registry``)."""
    url_name = start_page(request.user)
    if url_name is not None:
        return redirect(url_name)
    return render(request, "core/home.html")
