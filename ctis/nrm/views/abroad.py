"""Citizens harmed abroad, recorded and closed from the person's page."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases.access import Access, access_person
from ctis.core.formtokens import once
from ctis.core.http import post_and_say
from ctis.nrm import services
from ctis.nrm.forms import (
    AbroadForm,
)
from ctis.nrm.models import (
    AbroadCase,
)


@require_POST
@once
def abroad_create(request, pk):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    form = AbroadForm(request.POST)
    post_and_say(
        request,
        form,
        lambda data: services.abroad_case_record(
            actor=request.user,
            person=person,
            country=data["country"],
            situation=data["situation"],
            place=data["place"],
            reported_on=data["reported_on"],
        ),
        _("The case is recorded. Plan the repatriation in a support plan."),
    )
    return redirect(person)


@require_POST
def abroad_close(request, pk, case_id):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    case = get_object_or_404(AbroadCase, pk=case_id, person=person)
    status = request.POST.get("status", "")
    post_and_say(
        request,
        None,
        lambda data: services.abroad_case_close(actor=request.user, case=case, status=status),
        _("The case is closed."),
    )
    return redirect(person)
