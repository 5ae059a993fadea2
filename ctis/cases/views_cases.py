"""Pages of criminal cases and prosecutions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases import selectors, services
from ctis.cases.access import SEALED_FIELDS, Access, access_case, case_summary_shown
from ctis.cases.choices import CaseStatus, ParticipantRole
from ctis.cases.forms import (
    ArticleForm,
    CaseForm,
    GroupLinkForm,
    ParticipantForm,
    PersonPickForm,
    ProsecutionForm,
    VersionForm,
)
from ctis.cases.identity import session_window
from ctis.cases.models import CaseParticipant, CriminalCodeArticle, Prosecution
from ctis.cases.services.justice import case_statuses_offered
from ctis.cases.views import _person_by_code, _require, _search_run, _search_store
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import query_int

COURTS = [
    "Bakı Ağır Cinayətlər Məhkəməsi",
    "Gəncə Ağır Cinayətlər Məhkəməsi",
    "Sumqayıt Ağır Cinayətlər Məhkəməsi",
    "Şirvan Ağır Cinayətlər Məhkəməsi",
    "Şəki Ağır Cinayətlər Məhkəməsi",
    "Lənkəran Ağır Cinayətlər Məhkəməsi",
    "Naxçıvan Muxtar Respublikasının Ağır Cinayətlər Məhkəməsi",
]


def case_list(request):
    _require(request, "cases.view_deidentified", "cases.view_identities")
    status = request.GET.get("status", "")
    year = query_int(request, "year", low=1900, high=2100)
    article = request.GET.get("article", "")
    query = request.GET.get("q", "").strip()
    cases = selectors.case_list(
        request.user,
        status=status if status in CaseStatus.values else "",
        year=year,
        article=article,
        query=query,
    )
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "statuses": CaseStatus.choices,
            "status": status,
            "year": year,
            "article": article,
            "query": query,
            "articles": CriminalCodeArticle.objects.all(),
            "years": range(timezone.localdate().year, 2004, -1),
            "may_create": request.user.has_perm("cases.edit_records")
            and request.user.has_perm("cases.view_identities"),
        },
    )


@once
def case_create(request):
    _require(request, "cases.view_identities")
    _require(request, "cases.edit_records")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Criminal case %(number)s registered.") % {"number": case.number}
            )
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form})


def case_detail(request, pk):
    case, level = access_case(request.user, pk)
    # The persons by code only: their sealed columns are neither read nor decrypted here.
    participants = list(
        selectors.with_wanted_history(
            case.participants.select_related("person").defer(
                *(f"person__{name}" for name in SEALED_FIELDS)
            )
        )
    )
    prosecutions = list(
        case.prosecutions.select_related("accused").defer(
            *(f"accused__{name}" for name in SEALED_FIELDS)
        )
    )
    shown = case_summary_shown(request.user, case, window=session_window(request))
    may_change = level == Access.IDENTITY and request.user.has_perm("cases.edit_records")
    link_form = None
    if may_change:
        others = selectors.groups_to_link(case)
        link_form = GroupLinkForm(groups=others) if others.exists() else None
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "level": level,
            # Read (and decrypted) only when shown.
            "summary_shown": shown,
            "summary": case.summary if shown else None,
            "articles": case.articles.all(),
            "victims": [p for p in participants if p.role == "Victim"],
            "perpetrators": [p for p in participants if p.role == "Perpetrator"],
            "prosecutions": prosecutions,
            "crimes": selectors.case_crimes(case),
            "groups": selectors.case_groups(case),
            "link_form": link_form,
            "may_change": may_change,
        },
    )


def case_edit(request, pk):
    case, _level = access_case(request.user, pk, for_change=True)
    shown = case_summary_shown(request.user, case, window=session_window(request))
    initial = {
        "number": case.number,
        "registered_on": case.registered_on,
        "registering_agency": case.registering_agency_id,
        "articles": list(case.articles.values_list("pk", flat=True)),
        "status": case.status,
        "solved": case.solved,
        "criminal_group": case.criminal_group,
    }
    form = CaseForm(request.POST or None, initial=initial, group_text=case.criminal_group)
    if shown:
        form.initial["summary"] = case.summary
    else:  # not read, so not offered: the summary is kept as it is
        del form.fields["summary"]
    # The statuses the case's course allows from where it stands (and its own).
    offered = case_statuses_offered(case, request.user)
    form.fields["status"].choices = [c for c in CaseStatus.choices if c[0] in offered]
    version_form = VersionForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.case_update(
                actor=request.user,
                case=case,
                version=version_form.cleaned_data["version"],
                data=form.to_input(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(case)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "version_form": version_form, "case": case, "summary_kept": not shown},
    )


def _person_pick(request) -> tuple[PersonPickForm, list | None, HttpResponse | None]:
    """The search step of a form that links a person (issue 11): the person search of the
    person list, by code or by name in any spelling. The query posts, is sealed in the
    session under a token (never in a URL, ADR 0011), and is counted and audited as a
    search; the candidates are the found persons the user may link, by code."""
    if request.method == "POST" and "find" in request.POST:
        pick = PersonPickForm(request.POST)
        if pick.is_valid():
            params = {"s": _search_store(request, pick.cleaned_data["q"].strip())}
            if request.POST.get("role") in ParticipantRole.values:
                params["role"] = request.POST["role"]
            return pick, None, redirect(request.path + "?" + urlencode(params))
        return pick, None, None
    if request.GET.get("s"):
        query, results = _search_run(request, request.GET["s"])
        pick = PersonPickForm(initial={"q": query})
        found = selectors.linkable(request.user, results.persons) if results else None
        return pick, found, None
    return PersonPickForm(), None, None


@once
def participant_create(request, pk):
    case, _level = access_case(request.user, pk, for_change=True)
    pick, candidates, searched = _person_pick(request)
    if searched is not None:
        return searched
    role = request.GET.get("role", "Victim")
    bound = request.method == "POST" and "find" not in request.POST
    form = ParticipantForm(
        request.POST if bound else None,
        initial={"role": role, "person": request.GET.get("person", "")},
    )
    if bound and form.is_valid():
        person = _person_by_code(request, form, "person")
        if person is not None:
            data = form.cleaned_data
            try:
                services.participant_add(
                    actor=request.user,
                    case=case,
                    person=person,
                    role=data["role"],
                    perpetrator_roles=data["perpetrator_roles"],
                    group_member=data["group_member"],
                    wanted=data["wanted"],
                    caught_on=data["caught_on"],
                    extradition=data["extradition"],
                    wanted_on=data["wanted_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(code)s linked to the case.") % {"code": person.code})
                if "another" in request.POST:
                    return redirect("cases:participant_create", pk=case.pk)
                return redirect(case)
    return render(
        request,
        "cases/case_part_form.html",
        {
            "form": form,
            "case": case,
            "pick": pick,
            "candidates": candidates,
            "role": role if role in ParticipantRole.values else "Victim",
            "pick_url": reverse("cases:participant_create", args=[case.pk]),
            "title": _("Link a person to case %(number)s") % {"number": case.number},
        },
    )


@require_POST
def participant_remove(request, pk, participant_id):
    case, _level = access_case(request.user, pk, for_change=True)
    participant = (
        CaseParticipant.objects.filter(pk=participant_id, case=case)
        .select_related("person")
        .first()
    )
    if participant is not None:
        try:
            services.participant_remove(actor=request.user, participant=participant)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Unlinked."))
    return redirect(case)


@once
def prosecution_create(request, pk):
    case, _level = access_case(request.user, pk, for_change=True)
    existing = None
    accused_code = request.GET.get("accused", "")
    if accused_code:
        existing = Prosecution.objects.filter(case=case, accused__code=accused_code).first()
    initial = {"accused": accused_code}
    if existing is not None:
        initial.update({name: getattr(existing, name) for name in services.PROSECUTION_FIELDS})
    form = ProsecutionForm(request.POST or None, initial=initial)
    version_form = VersionForm(
        request.POST or None, initial={"version": existing.version if existing else 0}
    )
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        accused = _person_by_code(request, form, "accused")
        if accused is not None:
            try:
                services.prosecution_save(
                    actor=request.user,
                    case=case,
                    accused=accused,
                    data=form.to_input(),
                    version=version_form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Prosecution of %(code)s saved.") % {"code": accused.code}
                )
                return redirect(case)
    return render(
        request,
        "cases/case_part_form.html",
        {
            "form": form,
            "version_form": version_form,
            "case": case,
            "courts": COURTS,
            "title": _("Prosecution in case %(number)s") % {"number": case.number},
        },
    )


@once
def article_list(request):
    _require(request, "cases.manage_articles")
    code = request.GET.get("code", "")
    article = CriminalCodeArticle.objects.filter(code=code).first() if code else None
    initial = {"is_active": True}
    if article is not None:
        initial = {name: getattr(article, name) for name in ArticleForm.base_fields}
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.article_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Article %(code)s saved.") % {"code": saved.code})
            return redirect("cases:article_list")
    return render(
        request,
        "cases/article_list.html",
        {"articles": CriminalCodeArticle.objects.all(), "form": form, "editing": article},
    )
