"""The administrator's pages for agencies' systems (ADR 0020): the clients, registering
one with the roles it acts in, issuing a token (shown once, on the page that issued it),
revoking a token or the client. The same services as ``ctis api``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ctis.accounts.models import Agency
from ctis.accounts.roles import Role
from ctis.core.confirm import confirm_page, confirmed
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.interop import services
from ctis.interop.models import ApiClient, ApiToken

PERMISSION = "interop.manage_clients"


def _require(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(_("Only a system administrator manages API clients."))


class ClientForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"), queryset=Agency.objects.filter(is_active=True)
    )
    name = forms.CharField(label=gettext_lazy("System"), max_length=200)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles it acts in"),
        choices=[(role.value, role.label) for role in services.CLIENT_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
    contact = forms.CharField(
        label=gettext_lazy("technical contact"), max_length=200, required=False
    )


class TokenForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Days it lasts"),
        min_value=1,
        max_value=services.TOKEN_DAYS_MAX,
        initial=services.TOKEN_DAYS,
    )


def client_list(request):
    _require(request)
    clients = ApiClient.objects.select_related("agency").order_by("agency__code", "name")
    return render(request, "interop/client_list.html", {"clients": clients})


@require_http_methods(["GET", "POST"])
@once
def client_create(request):
    _require(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_register(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Client registered; issue its first token."))
            return redirect("api_clients:detail", pk=client.pk)
    return render(request, "interop/client_form.html", {"form": form})


def _detail(request, client: ApiClient, *, issued=None, token_form=None):
    tokens = ApiToken.objects.filter(client=client).order_by("-issued_at")
    return render(
        request,
        "interop/client_detail.html",
        {
            "client": client,
            "roles": [
                str(Role(code).label) for code in client.user.role_codes if code in Role.values
            ],
            "tokens": tokens,
            "issued": issued,
            "token_form": token_form or TokenForm(),
        },
    )


def client_detail(request, pk: int):
    _require(request)
    return _detail(request, get_object_or_404(ApiClient.objects.select_related("agency"), pk=pk))


@require_POST
def token_issue(request, pk: int):
    """Issue a token and show it on the answer to this post, the only time it is shown (no
    redirect: it is kept nowhere to show it from). A second click issues a second token;
    the page lists both, and the one nobody saw can be revoked."""
    _require(request)
    client = get_object_or_404(ApiClient.objects.select_related("agency"), pk=pk)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _detail(request, client, token_form=form)
    try:
        issued = services.token_issue(
            actor=request.user, client=client, days=form.cleaned_data["days"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, client, token_form=form)
    # Shown on this page only: it is stored as a hash, and no page shows it again.
    return _detail(request, client, issued=issued)


@require_POST
def token_revoke(request, pk: int, prefix: str):
    _require(request)
    token = get_object_or_404(ApiToken, client_id=pk, prefix=prefix)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(prefix)s revoked.") % {"prefix": prefix})
    return redirect("api_clients:detail", pk=pk)


@require_POST
def client_revoke(request, pk: int):
    _require(request)
    client = get_object_or_404(ApiClient, pk=pk)
    if not confirmed(request):
        return confirm_page(
            request,
            title=_("Revoke the client"),
            what=_(
                "%(name)s can no longer call the API: all its tokens end and its account is "
                "closed. Its records and its audit trail are kept."
            )
            % {"name": client.name},
            undone=_(
                "This cannot be undone: to connect the system again, register it anew and "
                "give it a new token."
            ),
            button=_("Revoke the client"),
            back=reverse("api_clients:detail", args=[client.pk]),
        )
    services.client_revoke(actor=request.user, client=client)
    messages.success(request, _("Client revoked; its tokens no longer open the API."))
    return redirect("api_clients:detail", pk=pk)
