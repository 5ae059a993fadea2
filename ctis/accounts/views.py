"""Agency registry and user administration pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.accounts import selectors, services
from ctis.accounts.forms import (
    AgencyFilterForm,
    AgencyForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from ctis.accounts.models import Agency, AgencyKind, User
from ctis.audit.selectors import audit_entries_about
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once

USERS_PER_PAGE = 50


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to see this page."))


# --- agencies -------------------------------------------------------------------------


def agency_list(request):
    form = AgencyFilterForm(request.GET or None)
    selection = form.selection() if form.is_bound else {}
    agencies = selectors.agency_registry(**selection)
    groups: dict[str, list[Agency]] = {}
    for agency in agencies:
        groups.setdefault(agency.kind, []).append(agency)
    labels = dict(AgencyKind.choices)
    return render(
        request,
        "accounts/agency_list.html",
        {
            "form": form,
            "groups": [(labels.get(kind, kind), rows) for kind, rows in groups.items()],
            "count": len(agencies),
            "can_manage": request.user.has_perm("accounts.manage_agencies"),
        },
    )


def agency_detail(request, code: str):
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code)
    can_see_users = request.user.has_perm("accounts.manage_users")
    return render(
        request,
        "accounts/agency_detail.html",
        {
            "agency": agency,
            "children": agency.children.order_by("name_az"),
            "users": selectors.agency_users(agency) if can_see_users else None,
            "can_manage": request.user.has_perm("accounts.manage_agencies"),
        },
    )


@once
def agency_create(request):
    _require(request, "accounts.manage_agencies")
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agency is added to the registry."))
            return redirect(agency)
    return render(request, "accounts/agency_form.html", {"form": form, "agency": None})


def agency_edit(request, code: str):
    _require(request, "accounts.manage_agencies")
    agency = get_object_or_404(Agency, code=code)
    form = AgencyForm(request.POST or None, initial=AgencyForm.initial_for(agency), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_update(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agency is saved."))
            return redirect(agency)
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})


# --- users ----------------------------------------------------------------------------


def user_list(request):
    _require(request, "accounts.manage_users")
    form = UserFilterForm(request.GET or None)
    users = selectors.user_directory(**(form.selection() if form.is_bound else {}))
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"form": form, "page": page})


@once
def user_create(request):
    _require(request, "accounts.manage_users")
    form = UserCreateForm(request.POST or None, initial={"agency": request.GET.get("agency")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("password_confirm")
        try:
            user = services.user_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("User %(username)s is created.") % {"username": user.username}
            )
            return redirect(user)
    return render(request, "accounts/user_form.html", {"form": form, "subject": None})


def _user(pk: int) -> User:
    return get_object_or_404(User.objects.select_related("agency").prefetch_related("roles"), pk=pk)


def _user_detail(request, subject: User, *, password_form=None):
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": subject,
            "entries": audit_entries_about(subject),
            "password_form": password_form or PasswordResetForm(),
        },
    )


def user_detail(request, pk: int):
    _require(request, "accounts.manage_users")
    return _user_detail(request, _user(pk))


def user_edit(request, pk: int):
    _require(request, "accounts.manage_users")
    subject = _user(pk)
    form = UserEditForm(
        request.POST or None,
        initial=UserEditForm.initial_for(subject),
        current_agency=subject.agency,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=subject, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The user is saved."))
            return redirect(subject)
    return render(request, "accounts/user_form.html", {"form": form, "subject": subject})


@require_POST
def user_reset_password(request, pk: int):
    _require(request, "accounts.manage_users")
    subject = _user(pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.user_reset_password(
                actor=request.user, user=subject, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The password is changed. Give it to the user in person."))
            return redirect(subject)
    return _user_detail(request, subject, password_form=form)


@require_POST
def user_reset_two_factor(request, pk: int):
    _require(request, "accounts.manage_users")
    subject = _user(pk)
    services.user_reset_two_factor(actor=request.user, user=subject)
    messages.success(
        request,
        _("Two-factor authentication is reset. The user sets it up again at the next log-in."),
    )
    return redirect(subject)


@require_POST
def user_unlock(request, pk: int):
    _require(request, "accounts.manage_users")
    subject = _user(pk)
    services.user_unlock(actor=request.user, user=subject)
    messages.success(request, _("The account is unlocked."))
    return redirect(subject)
