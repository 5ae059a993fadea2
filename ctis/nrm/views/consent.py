"""Recording and withdrawing consent, posted from the person's page."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases.access import Access, access_person
from ctis.core.formtokens import once
from ctis.core.http import post_and_say
from ctis.nrm import services
from ctis.nrm.forms import (
    ConsentForm,
)
from ctis.nrm.models import (
    Consent,
)


@require_POST
@once
def consent_create(request, pk):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    post_and_say(
        request,
        ConsentForm(request.POST),
        lambda data: services.consent_record(
            actor=request.user, person=person, purpose=data["purpose"], given_on=data["given_on"]
        ),
        _("The consent is recorded."),
    )
    return redirect(person)


@require_POST
def consent_withdraw(request, pk, consent_id):
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    consent = get_object_or_404(Consent, pk=consent_id, person=person)
    post_and_say(
        request,
        None,
        lambda data: services.consent_withdraw(actor=request.user, consent=consent),
        _("The consent is withdrawn."),
    )
    return redirect(person)
