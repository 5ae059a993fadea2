"""Pages of the unified database: thin — parse, pass the gate, call a service, render."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.accounts.models import Agency
from ctis.cases import selectors, services
from ctis.cases.access import (
    Access,
    access_person,
    identity_persons,
    person_by_code,
    require_person_change,
)
from ctis.cases.forms import (
    BreakGlassForm,
    ChildForm,
    EraseForm,
    EventForm,
    IdentityOpenForm,
    PersonFilterForm,
    PersonForm,
    ReviewForm,
    VersionForm,
    VictimForm,
)
from ctis.cases.identity import ENTRY_PURPOSE, session_window
from ctis.cases.models import (
    BreakGlassGrant,
    DuplicateDecision,
    Person,
    TraffickingEvent,
)
from ctis.cases.redacted import person_view
from ctis.core import crypto
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.paginator import CappedPaginator

PERSONS_PER_PAGE = 50
# What the person list may carry in its query string: filters that identify nobody.
FILTERS = ("status", "year", "form", "country", "sex", "age_group", "agency", "sort")
# The person list counts at most this many rows: past it, it says "more than" and pages
# through these first ones (counting a million rows costs more than showing a page).
PERSONS_COUNT_LIMIT = 10_000


def _require(request, *permissions: str) -> None:
    if not any(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied(_("You do not have permission to see this page."))


def _person_by_code(request, form, field: str) -> Person | None:
    """The person a form names by code, through the gate; else the field says why."""
    person = person_by_code(request.user, form.cleaned_data[field])
    if person is None:
        form.add_error(field, _("No person with this code that you may open."))
    return person


def _for_change(request, pk, *, opened: bool = False, sealed: bool = False) -> Person:
    """The person a change page works on: the whole record's identity and the right to
    edit, and (``opened``) the identity open with a purpose."""
    access = access_person(
        request.user, pk, level=Access.IDENTITY, window=session_window(request), sealed=sealed
    )
    require_person_change(request.user, access)
    if opened and not access.identity_open:
        raise PermissionDenied(_("Open the person's identity, with a purpose, before changing it."))
    return access.person


# Lists and search -----------------------------------------------------------------------


SEARCHES = "ctis_person_searches"
SEARCHES_KEPT = 10


def _search_store(request, query: str) -> str:
    """Keep a search in the session, sealed, under a fresh token: the result page is
    reached by the token, so the name or number searched is in no URL, Referer header or
    access log (issue 10)."""
    token = secrets.token_urlsafe(8)
    searches = request.session.get(SEARCHES, {})
    searches[token] = {"q": crypto.encrypt(query), "counted": False}
    request.session[SEARCHES] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


def _search_run(request, token: str) -> tuple[str, selectors.SearchResult | None]:
    """The search a token stands for, counted against the user's limit and audited the
    first time its result is shown (the browser's back button shows it again, uncounted)."""
    searches = request.session.get(SEARCHES, {})
    stored = searches.get(token)
    if stored is None:
        messages.info(request, _("That search has expired: search again."))
        return "", None
    query = crypto.decrypt(stored["q"])
    if not stored["counted"]:
        try:
            services.person_probe_count(actor=request.user, kind="search")
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return query, None
        stored["counted"] = True
        request.session.modified = True
        services.person_probe_restricted_record(
            actor=request.user,
            kind="search",
            withheld=selectors.search_withheld(request.user, query),
        )
    results = selectors.search(request.user, query)
    if results.by_name:
        services.person_name_search_record(actor=request.user, results=len(results.persons))
    return query, results


def person_list(request):
    _require(request, "cases.view_deidentified", "cases.view_identities", "cases.edit_records")
    agencies = (
        Agency.objects.filter(Exists(Person.objects.filter(owner_agency_id=OuterRef("pk"))))
        if request.user.has_perm("cases.view_deidentified")
        else Agency.objects.none()
    )
    if request.method == "POST":
        # The form posts; a search goes on by a token, the filters in the query string.
        form = PersonFilterForm(request.POST, agencies=agencies)
        if not form.is_valid():
            return render(request, "cases/person_list.html", {"form": form, "page": None})
        query = form.cleaned_data["q"].strip()
        if query:
            params = {"s": _search_store(request, query)}
        else:
            params = {k: v for k, v in request.POST.items() if k in FILTERS and v}
        return redirect(reverse("cases:person_list") + "?" + urlencode(params))
    if "q" in request.GET:
        # An old link with the searched value: not honoured, and not echoed back.
        rest = {k: v for k, v in request.GET.items() if k != "q"}
        return redirect(reverse("cases:person_list") + ("?" + urlencode(rest) if rest else ""))
    if request.GET.get("s"):
        query, results = _search_run(request, request.GET["s"])
        form = PersonFilterForm({"q": query}, agencies=agencies)
        return render(
            request,
            "cases/person_list.html",
            {
                "form": form,
                "results": results,
                "query": query,
                "searched": True,
                "may_search_names": selectors.may_search_names(request.user),
            },
        )
    form = PersonFilterForm(request.GET or None, agencies=agencies)
    filters = selectors.PersonFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PersonFilters(
            status=data["status"],
            year=data["year"],
            form=data["form"],
            country=data["country"],
            sex=data["sex"],
            age_group=data["age_group"],
            agency=data["agency"],
            sort=data["sort"] or "recent",
        )
    persons = selectors.person_list(request.user, filters)
    page = CappedPaginator(persons, PERSONS_PER_PAGE, limit=PERSONS_COUNT_LIMIT).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/person_list.html",
        {
            "form": form,
            "page": page,
            "may_search_names": selectors.may_search_names(request.user),
            "may_create": request.user.has_perm("cases.create_person"),
        },
    )


# Entry with the duplicate check -------------------------------------------------------


def _duplicates_check(request, form, data, candidates: list) -> bool:
    """Fill ``candidates`` with the persons the one entered may be; False when the user is
    past the limit of searches and checks (the form then carries the refusal)."""
    try:
        services.person_probe_count(actor=request.user, kind="duplicates")
    except ValidationError as refusal:
        add_service_errors(form, refusal)
        return False
    services.person_probe_restricted_record(
        actor=request.user,
        kind="duplicates",
        withheld=selectors.duplicates_withheld(request.user, data),
    )
    candidates.extend(selectors.person_duplicates(request.user, data))
    return True


@once
def person_create(request):
    _require(request, "cases.create_person")
    # Entering a victim's child from the parent's page: the parent comes along, so the
    # child can be linked right after it is saved.
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    parent = None
    if parent_id:
        parent = access_person(request.user, parent_id, level=Access.IDENTITY).person
    initial = {"role": "child"} if parent else {}
    form = PersonForm(request.POST or None, initial=initial)
    candidates: list[selectors.Candidate] = []
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        decision = request.POST.get("duplicates")
        checked = decision is not None or _duplicates_check(request, form, data, candidates)
        if not checked:
            pass  # over the limit: nothing is saved unchecked, the form says why
        elif candidates:
            messages.warning(
                request,
                _(
                    "This person may already be in the database. Compare, "
                    "then link to the existing person or continue."
                ),
            )
        else:
            # The candidates the form showed, as far as the user may open them.
            seen = list(
                identity_persons(request.user).filter(pk__in=request.POST.getlist("candidate"))
            )
            chosen_id = request.POST.get("chosen")
            # "Same person" names the record it chose (its button's value): a link.
            if chosen_id:
                chosen = next((p for p in seen if str(p.pk) == chosen_id), None)
                if chosen is None:
                    raise PermissionDenied(_("You may not open that record."))
                services.duplicate_decision_record(
                    actor=request.user,
                    decision=DuplicateDecision.Decision.LINKED,
                    candidates=seen,
                    chosen=chosen,
                )
                messages.success(
                    request, _("Nothing new was entered; this is the existing record.")
                )
                return redirect(chosen)
            role = form.cleaned_data["role"]
            try:
                person = services.person_create(
                    actor=request.user,
                    data=data,
                    prefix=PersonForm.ROLE_PREFIX[role],
                    victim=services.VictimInput() if role == "victim" else None,
                    duplicates_seen=seen,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # Who entered the person has just typed the identity: it stays open.
                session_window(request).open(person, ENTRY_PURPOSE)
                messages.success(request, _("Person %(code)s entered.") % {"code": person.code})
                if parent is not None:
                    return redirect(
                        reverse("cases:child_create", args=[parent.pk])
                        + "?"
                        + urlencode({"child": person.code})
                    )
                return redirect(person)
    return render(
        request,
        "cases/person_form.html",
        {
            "form": form,
            "candidates": candidates,
            "creating": True,
            "parent": parent,
        },
    )


# The person's page ----------------------------------------------------------------------


def person_detail(request, pk):
    try:
        access = access_person(request.user, pk, window=session_window(request))
    except PermissionDenied:
        # A police supervisor is offered emergency access to a record outside their scope;
        # the page shows its code only.
        outside = Person.objects.filter(pk=pk).only("id", "code").first()
        if outside is None or not request.user.has_perm("cases.break_glass"):
            raise
        return render(
            request,
            "cases/break_glass.html",
            {"person": outside, "form": BreakGlassForm()},
            status=403,
        )
    return render(
        request,
        "cases/person_detail.html",
        {
            "access": access,
            "person": access.person,
            "view": person_view(access),
            "open_form": IdentityOpenForm(),
            "may_erase": request.user.has_perm("cases.erase_records"),
        },
    )


@require_POST
@once
def person_identity_open(request, pk):
    form = IdentityOpenForm(request.POST)
    if not form.is_valid():
        access_person(request.user, pk, level=Access.IDENTITY)  # refuses who may not open it
        messages.error(request, _("Choose why you open this person's identity."))
        return redirect("cases:person_detail", pk=pk)
    try:
        access = access_person(
            request.user,
            pk,
            form.cleaned_data["purpose"],
            note=form.cleaned_data["note"],
            window=session_window(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:person_detail", pk=pk)
    return redirect(access.person)


@require_POST
def person_identity_close(request, pk):
    access = access_person(request.user, pk)
    session_window(request).close(access.person)
    return redirect(access.person)


def person_edit(request, pk):
    person = _for_change(request, pk, opened=True, sealed=True)
    version_form = VersionForm(request.POST or None, initial={"version": person.version})
    form = PersonForm(request.POST or None, creating=False, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                version=version_form.cleaned_data["version"],
                data=form.to_input(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(person)
    return render(
        request,
        "cases/person_form.html",
        {
            "form": form,
            "version_form": version_form,
            "person": person,
            "creating": False,
        },
    )


def victim_edit(request, pk):
    person = _for_change(request, pk, opened=True)
    victim = getattr(person, "victim", None)
    initial = (
        VictimForm.initial_for(victim)
        if victim is not None
        else {"status_decided_by": request.user.agency_id}
    )
    version_form = VersionForm(request.POST or None, initial={"version": person.version})
    form = VictimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.victim_profile_save(
                actor=request.user,
                person=person,
                data=form.to_input(),
                version=version_form.cleaned_data["version"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "forms" in error.error_dict:
                error.error_dict["exploitation"] = error.error_dict.pop("forms")
            add_service_errors(form, error)
        else:
            messages.success(request, _("Victim profile saved."))
            return redirect(person)
    return render(
        request,
        "cases/victim_form.html",
        {"form": form, "version_form": version_form, "person": person},
    )


@once
def event_create(request, pk):
    person = _for_change(request, pk)
    victim = getattr(person, "victim", None)
    if victim is None:
        messages.error(request, _("Record the victim profile first."))
        return redirect(person)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_add(actor=request.user, victim=victim, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Trafficking event added."))
            if "another" in request.POST:
                return redirect("cases:event_create", pk=person.pk)
            return redirect(person)
    return render(request, "cases/event_form.html", {"form": form, "person": person})


@require_POST
def event_delete(request, pk, event_id):
    person = _for_change(request, pk)
    event = get_object_or_404(TraffickingEvent, pk=event_id, victim__person=person)
    services.event_remove(actor=request.user, event=event)
    messages.success(request, _("Trafficking event removed."))
    return redirect(person)


@once
def child_create(request, pk):
    person = _for_change(request, pk)
    form = ChildForm(request.POST or None, initial={"child": request.GET.get("child", "")})
    if request.method == "POST" and form.is_valid():
        child = _person_by_code(request, form, "child")
        if child is not None:
            try:
                services.child_link(
                    actor=request.user,
                    parent=person,
                    child=child,
                    measures=form.cleaned_data["measures"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Child recorded."))
                return redirect(person)
    return render(
        request,
        "cases/simple_form.html",
        {"form": form, "person": person, "title": _("Child of %(code)s") % {"code": person.code}},
    )


# Break-the-glass and retention -----------------------------------------------------------


@require_POST
@once
def break_glass_open(request, pk):
    _require(request, "cases.break_glass")
    person = get_object_or_404(Person, pk=pk)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            services.break_glass_open(
                actor=request.user, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.warning(
                request, _("Emergency access granted for four hours. It will be reviewed.")
            )
            return redirect(person)
    return render(request, "cases/break_glass.html", {"person": person, "form": form}, status=400)


def break_glass_list(request):
    _require(request, "cases.review_break_glass", "cases.break_glass")
    # The reasons are sealed: read here only, by the reviewers (supervisors, auditors) and
    # by the holders of the grants for their own (ADR 0008, "Free text beside identities").
    grants = BreakGlassGrant.objects.with_sealed().select_related("person", "user", "reviewed_by")
    if not request.user.has_perm("cases.review_break_glass"):
        grants = grants.filter(user=request.user)
    pending = request.GET.get("all") != "1"
    if pending:
        grants = grants.filter(reviewed_at__isnull=True)
    page = Paginator(grants, PERSONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/break_glass_list.html",
        {
            "page": page,
            "pending": pending,
            "review_form": ReviewForm(),
            "may_review": request.user.has_perm("cases.review_break_glass"),
        },
    )


@require_POST
def break_glass_review(request, grant_id):
    _require(request, "cases.review_break_glass")
    grant = get_object_or_404(BreakGlassGrant, pk=grant_id)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.break_glass_review(
            actor=request.user, grant=grant, note=form.cleaned_data.get("note", "")
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Review recorded."))
    return redirect("cases:break_glass_list")


def person_erase(request, pk):
    _require(request, "cases.erase_records")
    person = get_object_or_404(Person, pk=pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(
                actor=request.user, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record was erased; the audit log keeps the reason."))
            return redirect("cases:person_list")
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "person": person,
            "danger": True,
            "title": _("Erase %(code)s") % {"code": person.code},
        },
    )
