from django.conf import settings


def layout(request):
    user = getattr(request, "user", None)
    plan_nav_current = None
    if user and user.is_authenticated and request.path.startswith("/plan/"):
        from ctis.plan.selectors import current_plan

        plan_nav_current = current_plan()
    return {
        "plan_nav_current": plan_nav_current,
        "ctis_demo": settings.DEMO,
        "ctis_title": settings.CTIS_TITLE,
        "current_agency": getattr(user, "agency", None) if user and user.is_authenticated else None,
    }
