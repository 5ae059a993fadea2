from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SESSION_VERIFIED = "ctis_two_factor_verified"


class TwoFactorMiddleware:
    """Hold users who must use two-factor authentication on the enrolment page until they do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self.allowed(request):
            if user.has_totp and not request.session.get(SESSION_VERIFIED):
                logout(request)
                return redirect("accounts:login")
            if not user.has_totp and user.two_factor_required():
                return redirect("accounts:two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def allowed(request) -> bool:
        open_paths = [
            reverse("accounts:two_factor_setup"),
            reverse("accounts:logout"),
            reverse("set_language"),
        ]
        return request.path in open_paths or request.path.startswith("/static/")
