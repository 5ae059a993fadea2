"""Log-in with lockout and TOTP two-factor authentication, and log-out."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ctis.accounts import services
from ctis.accounts.forms import CodeForm, LoginForm
from ctis.accounts.middleware import SESSION_VERIFIED
from ctis.accounts.models import User

SESSION_PENDING = "ctis_pending_user"
SESSION_NEXT = "ctis_next"
BACKEND = "ctis.accounts.backends.RoleBackend"


def _next_url(request) -> str:
    target = request.session.pop(SESSION_NEXT, "") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _complete(request, user: User, *, two_factor: bool):
    next_url = request.session.get(SESSION_NEXT, "")
    login(request, user, backend=BACKEND)
    request.session[SESSION_NEXT] = next_url
    request.session[SESSION_VERIFIED] = two_factor
    services.login_succeeded(user=user, two_factor=two_factor)
    response = redirect(_next_url(request))
    if user.language:  # the language the user chose before, on any browser
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


@login_not_required
def set_language_view(request):
    """Django's ``set_language``, and for a logged-in user the choice kept on the account
    (their e-mails are written in it; their next log-in starts in it)."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        services.user_set_language(user=request.user, language=language)
    return response


@login_not_required
def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request.POST or None)
    if request.method == "GET" and request.GET.get("next"):
        request.session[SESSION_NEXT] = request.GET["next"]
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check_password(request=request, **form.cleaned_data)
        except services.LoginRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if user.has_totp:
                request.session[SESSION_PENDING] = user.pk
                return redirect("accounts:login_code")
            return _complete(request, user, two_factor=False)
    return render(request, "accounts/login.html", {"form": form})


@login_not_required
def login_code_view(request):
    user = User.objects.filter(pk=request.session.get(SESSION_PENDING), is_active=True).first()
    if user is None or not user.has_totp:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_check(user=user, code=form.cleaned_data["code"])
        except services.LoginRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            del request.session[SESSION_PENDING]
            return _complete(request, user, two_factor=True)
    return render(request, "accounts/login_code.html", {"form": form})


def two_factor_setup_view(request):
    user = request.user
    if user.has_totp:
        messages.info(request, _("Two-factor authentication is already set up."))
        return redirect("core:home")
    if not user.totp_secret:
        # A new secret is made on a POST only: looking at the page changes nothing.
        if request.method == "POST":
            services.totp_begin(user=user)
            update_session_auth_hash(request, user)  # keep this session: the secret is in it
            return redirect("accounts:two_factor_setup")
        return render(
            request,
            "accounts/two_factor_setup.html",
            {"begin": True, "required": user.two_factor_required()},
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_confirm(user=user, code=form.cleaned_data["code"])
        except services.LoginRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            user.refresh_from_db()
            update_session_auth_hash(request, user)  # the new factor changed the hash
            request.session[SESSION_VERIFIED] = True
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect("core:home")
    uri = services.totp_provisioning_uri(user)
    qr = segno.make(uri, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": qr,
            "secret": user.totp_secret,
            "required": user.two_factor_required(),
        },
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")
