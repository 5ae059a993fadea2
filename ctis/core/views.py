from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render


def login_not_required_set_language(view):
    return login_not_required(view)


def home(request):
    """Each user starts where their work is."""
    user = request.user
    if user.has_perm("plan.review_report") or user.has_perm("plan.draft_report"):
        return redirect("plan:home")
    return render(request, "core/home.html")
