"""Pages of a criminal case's crime episodes, criminal groups and the wanted status of its
perpetrators (reached from the case's page; changed by whoever may change the case)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases import selectors, services
from ctis.cases.access import access_case
from ctis.cases.choices import ParticipantRole
from ctis.cases.forms import (
    CrimeForm,
    GroupForm,
    GroupLinkForm,
    GroupMemberForm,
    VersionForm,
    WantedForm,
)
from ctis.cases.models import CaseParticipant, Crime, CriminalGroup, GroupMember
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import post_and_say


def _crime_of(case, crime_id) -> Crime:
    crime = Crime.objects.filter(pk=crime_id, case=case).select_related("article").first()
    if crime is None:
        raise Http404
    return crime


def _group_of(case, group_id) -> CriminalGroup:
    group = CriminalGroup.objects.filter(pk=group_id, cases=case).first()
    if group is None:
        raise Http404
    return group


def _perpetrator_of(case, participant_id) -> CaseParticipant:
    part = (
        CaseParticipant.objects.filter(
            pk=participant_id, case=case, role=ParticipantRole.PERPETRATOR
        )
        .select_related("person")
        .only("id", "case", "role", "wanted", "caught_on", "extradition", "person", "person__code")
        .first()
    )
    if part is None:
        raise Http404
    return part


def _item_form(request, case, form, title, version_form=None, history=None):
    return render(
        request,
        "cases/case_item_form.html",
        {
            "form": form,
            "version_form": version_form,
            "case": case,
            "title": title,
            "history": history,
        },
    )


# Crimes --------------------------------------------------------------------------------


@once
def crime_create(request, pk):
    case, _level = access_case(request.user, pk, for_change=True)
    form = CrimeForm(request.POST or None, initial={"registered_on": case.registered_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.crime_save(actor=request.user, case=case, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Crime recorded."))
            return redirect(case)
    return _item_form(
        request, case, form, _("Record a crime in case %(number)s") % {"number": case.number}
    )


def crime_edit(request, pk, crime_id):
    case, _level = access_case(request.user, pk, for_change=True)
    crime = _crime_of(case, crime_id)
    initial = {name: getattr(crime, name) for name in services.CRIME_FIELDS}
    initial["article"] = crime.article_id
    form = CrimeForm(request.POST or None, initial=initial, current=crime.article)
    version_form = VersionForm(request.POST or None, initial={"version": crime.version})
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.crime_save(
                actor=request.user,
                case=case,
                crime=crime,
                data=form.to_input(),
                version=version_form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(case)
    title = _("Crime under article %(article)s in case %(number)s") % {
        "article": crime.article.code,
        "number": case.number,
    }
    return _item_form(request, case, form, title, version_form)


@require_POST
def crime_remove(request, pk, crime_id):
    case, _level = access_case(request.user, pk, for_change=True)
    crime = _crime_of(case, crime_id)
    post_and_say(
        request,
        None,
        lambda _data: services.crime_remove(actor=request.user, crime=crime),
        _("Crime removed."),
    )
    return redirect(case)


# Criminal groups -----------------------------------------------------------------------


@once
def group_create(request, pk):
    case, _level = access_case(request.user, pk, for_change=True)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, case=case, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criminal group recorded; add its members."))
            return redirect("cases:group_edit", pk=case.pk, group_id=group.pk)
    return _item_form(
        request,
        case,
        form,
        _("Record a criminal group in case %(number)s") % {"number": case.number},
    )


def group_edit(request, pk, group_id):
    case, _level = access_case(request.user, pk, for_change=True)
    group = _group_of(case, group_id)
    initial = {name: getattr(group, name) for name in services.GROUP_FIELDS}
    form = GroupForm(request.POST or None, initial=initial)
    version_form = VersionForm(request.POST or None, initial={"version": group.version})
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.group_update(
                actor=request.user,
                case=case,
                group=group,
                data=form.to_input(),
                version=version_form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(case)
    members = list(
        group.memberships.select_related("person").only(
            "id", "group", "person", "created_at", "person__id", "person__code"
        )
    )
    return render(
        request,
        "cases/group_form.html",
        {
            "form": form,
            "version_form": version_form,
            "case": case,
            "group": group,
            "members": members,
            "member_form": GroupMemberForm(case=case, group=group),
            "title": _("Criminal group %(name)s") % {"name": group.name},
        },
    )


@require_POST
def group_member_add(request, pk, group_id):
    case, _level = access_case(request.user, pk, for_change=True)
    group = _group_of(case, group_id)
    form = GroupMemberForm(request.POST, case=case, group=group)
    post_and_say(
        request,
        form,
        lambda data: services.group_member_add(
            actor=request.user, case=case, group=group, participant=data["participant"]
        ),
        _("Member added."),
    )
    return redirect("cases:group_edit", pk=case.pk, group_id=group.pk)


@require_POST
def group_member_remove(request, pk, group_id, member_id):
    case, _level = access_case(request.user, pk, for_change=True)
    group = _group_of(case, group_id)
    member = GroupMember.objects.filter(pk=member_id, group=group).select_related("person").first()
    if member is None:
        raise Http404
    post_and_say(
        request,
        None,
        lambda _data: services.group_member_remove(actor=request.user, case=case, member=member),
        _("Member removed."),
    )
    return redirect("cases:group_edit", pk=case.pk, group_id=group.pk)


@require_POST
def group_link(request, pk):
    case, _level = access_case(request.user, pk, for_change=True)
    form = GroupLinkForm(request.POST, groups=selectors.groups_to_link(case))
    post_and_say(
        request,
        form,
        lambda data: services.group_case_link(actor=request.user, case=case, group=data["group"]),
        _("Criminal group tied to the case."),
    )
    return redirect(case)


# The wanted status ---------------------------------------------------------------------


@once
def participant_wanted(request, pk, participant_id):
    case, _level = access_case(request.user, pk, for_change=True)
    part = _perpetrator_of(case, participant_id)
    form = WantedForm(
        request.POST or None,
        initial={
            "wanted": part.wanted,
            "extradition": part.extradition,
            "on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_wanted_set(
                actor=request.user,
                participant=part,
                wanted=data["wanted"],
                on=data["on"],
                extradition=data["extradition"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Wanted status of %(code)s recorded.") % {"code": part.person.code}
            )
            return redirect(case)
    title = _("Wanted status of %(code)s in case %(number)s") % {
        "code": part.person.code,
        "number": case.number,
    }
    history = list(part.wanted_changes.order_by("on", "recorded_at", "id"))
    return _item_form(request, case, form, title, history=history)
