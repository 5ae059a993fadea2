"""Shelters and centres, allowance rates, stays and services delivered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases.access import Access, access_person
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.core.http import post_and_say
from ctis.nrm import selectors, services
from ctis.nrm.forms import (
    AdmitForm,
    AllowanceRateForm,
    DischargeForm,
    FacilityForm,
    ServiceForm,
)
from ctis.nrm.models import (
    AllowanceRate,
    Stay,
)
from ctis.nrm.services.shelters import STAY_STEPS


@once
def facility_list(request):
    user = request.user
    if not (user.has_perm("nrm.view_occupancy") or user.has_perm("nrm.manage_facilities")):
        raise PermissionDenied(_("You do not have permission to see this page."))
    admin = user.has_perm("nrm.manage_facilities")
    if request.method == "POST" and not admin:
        raise PermissionDenied(_("You do not have permission to do this."))
    # The page has two forms; the rate form posts "rate".
    posted_rate = request.method == "POST" and bool(request.POST.get("rate"))
    posted_facility = request.method == "POST" and not posted_rate
    rate_form = AllowanceRateForm(request.POST if posted_rate else None) if admin else None
    form = FacilityForm(request.POST if posted_facility else None) if admin else None
    for posted, this_form, save, done in (
        (posted_rate, rate_form, services.allowance_rate_set, _("The allowance rate is saved.")),
        (posted_facility, form, services.facility_save, _("The shelter or centre is saved.")),
    ):
        if not posted or this_form is None or not this_form.is_valid():
            continue
        try:
            save(actor=user, **this_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(this_form, error)
        else:
            messages.success(request, done)
            return redirect("nrm:facility_list")
    rows, ends = selectors.facilities_with_occupancy(user)
    return render(
        request,
        "nrm/facility_list.html",
        {
            "rows": rows,
            "ends": ends,
            "form": form,
            "rate_form": rate_form,
            "rates": AllowanceRate.objects.all(),
        },
    )


@require_POST
@once
def stay_admit(request, pk):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    form = AdmitForm(request.POST, agency_id=request.user.agency_id)
    post_and_say(
        request,
        form,
        lambda data: services.stay_admit(
            actor=request.user,
            person=person,
            facility=data["facility"],
            admitted_on=data["admitted_on"],
        ),
        _("The person is admitted."),
    )
    return redirect(person)


def stay_discharge(request, pk, stay_id):
    """The discharge page: the day, where the person went, and "I confirm"; a post without
    the box ticked shows the page again and changes nothing."""
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    stay = get_object_or_404(Stay.objects.select_related("facility"), pk=stay_id, person=person)
    if "discharge" not in STAY_STEPS.allowed(stay, request.user):
        if stay.discharged_on is not None:
            messages.error(request, str(STAY_STEPS.refused))
            return redirect(person)
        raise PermissionDenied(_("Only the agency that runs the shelter discharges from it."))
    form = DischargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_discharge(
                actor=request.user,
                stay=stay,
                discharged_on=form.cleaned_data["discharged_on"],
                destination=form.cleaned_data["destination"],
                destination_other=form.cleaned_data["destination_other"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person is discharged."))
            return redirect(person)
    return render(
        request, "nrm/stay_discharge.html", {"person": person, "stay": stay, "form": form}
    )


@require_POST
@once
def service_create(request, pk):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    form = ServiceForm(request.POST)
    post_and_say(
        request,
        form,
        lambda data: services.service_record(
            actor=request.user,
            person=person,
            data=services.ServiceInput(
                kind=data["kind"],
                delivered_on=data["delivered_on"],
                amount=data["amount"],
                certificate_number=data["certificate_number"],
                note=data["note"],
                unrequested_reason=data["unrequested_reason"],
            ),
        ),
        _("The service is recorded."),
    )
    return redirect(person)
