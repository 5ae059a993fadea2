"""Support plans, progress on their actions, and closing an agency's assistance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases.access import Access, access_person, decide
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import post_and_say
from ctis.nrm import services
from ctis.nrm.forms import (
    AssistanceClosureForm,
    ProgressForm,
    SupportPlanForm,
)
from ctis.nrm.models import (
    Progress,
    SupportAction,
)
from ctis.nrm.services.assistance import ACTION_STEPS


@once
def support_plan_create(request, pk):
    if not request.user.has_perm("nrm.record_services"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    form = SupportPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_create(
                actor=request.user,
                person=person,
                objectives=form.cleaned_data["objectives"],
                actions=form.actions(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The support plan is saved."))
            return redirect(person)
    return render(request, "nrm/support_plan_form.html", {"person": person, "form": form})


@once
def support_action_detail(request, action_id):
    """One action for the agency responsible for it (and the plan's agency): what is to be
    done, the objective it serves and its progress, and the person by code — the person's
    details only as far as the access decision lets the agency see them (a referral)."""
    action = (
        SupportAction.objects.with_sealed()
        .select_related("plan__person", "plan__agency", "responsible")
        .filter(pk=action_id)
        .first()
    )
    user = request.user
    if (
        action is None
        or not user.has_perm("nrm.record_services")
        or user.agency_id not in (action.responsible_id, action.plan.agency_id)
    ):
        # Refused alike whether the action exists or not.
        raise PermissionDenied(_("There is no such action, or it is not your agency's."))
    if request.method == "POST":
        post_and_say(
            request,
            ProgressForm(request.POST),
            lambda data: services.support_action_progress(
                actor=user, action=action, progress=data["progress"], note=data["note"]
            ),
            _("The progress is recorded."),
        )
        return redirect(action)
    person = action.plan.person
    return render(
        request,
        "nrm/support_action_detail.html",
        {
            "action": action,
            "person": person,
            "sees_person": decide(user, person).level >= Access.CODE,
            "may_report": bool(ACTION_STEPS.allowing([action], user, Progress.DONE)),
            "progress_form": ProgressForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@once
def support_action_progress(request, pk, action_id):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    action = get_object_or_404(
        SupportAction.objects.select_related("plan"), pk=action_id, plan__person=person
    )
    form = ProgressForm(request.POST)
    post_and_say(
        request,
        form,
        lambda data: services.support_action_progress(
            actor=request.user, action=action, progress=data["progress"], note=data["note"]
        ),
        _("The progress is recorded."),
    )
    return redirect(person)


@require_POST
def assistance_close(request, pk):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    form = AssistanceClosureForm(request.POST)
    post_and_say(
        request,
        form,
        lambda data: services.assistance_close(
            actor=request.user,
            person=person,
            reason=data["reason"],
            closed_on=data["closed_on"],
            note=data["note"],
        ),
        _("The case is closed."),
    )
    # Closing completes the agency's referrals: the person may now be closed to it.
    if decide(request.user, person).level < Access.IDENTITY:
        return redirect("core:home")
    return redirect(person)
