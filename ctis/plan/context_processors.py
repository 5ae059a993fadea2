"""The plan's part of every page's context: which plan the plan navigation points to."""

from ctis.plan.selectors import current_plan


def navigation(request):
    user = getattr(request, "user", None)
    current = None
    if user and user.is_authenticated and request.path.startswith("/plan/"):
        current = current_plan()
    return {"plan_nav_current": current}
