from django.conf import settings


def layout(request):
    user = getattr(request, "user", None)
    return {
        "ctis_demo": settings.DEMO,
        "ctis_title": settings.CTIS_TITLE,
        "current_agency": getattr(user, "agency", None) if user and user.is_authenticated else None,
    }
