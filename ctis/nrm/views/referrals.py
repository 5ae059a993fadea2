"""Pages of referrals: sending one, the list, and each referral's steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctis.cases.access import Access, access_person
from ctis.cases.choices import PersonPart
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.nrm import selectors, services
from ctis.nrm.forms import (
    DeclineForm,
    ReferralForm,
)
from ctis.nrm.models import (
    ConsentPurpose,
    Referral,
)
from ctis.nrm.referral_fields import allowed_fields


@once
def referral_create(request, pk):
    if not request.user.has_perm("nrm.refer"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    access = access_person(request.user, pk, level=Access.IDENTITY)
    person = access.person
    agencies = selectors.receiving_agencies(exclude=request.user.agency_id)
    chosen = request.POST.get("to") or request.GET.get("to")
    to_agency = next((a for a in agencies if str(a.pk) == chosen), None)
    if to_agency is None:
        return render(request, "nrm/referral_choose.html", {"person": person, "agencies": agencies})
    labels = dict(PersonPart.choices)
    # An agency that sees the person through a referral refers on no more than it got.
    offered = [
        (f, labels[f])
        for f in allowed_fields(selectors.agency_function(to_agency))
        if access.sees(f)
    ]
    consent = selectors.active_consent(person, ConsentPurpose.REFERRAL)
    may_override = consent is None and request.user.has_perm("nrm.override_consent")
    form = ReferralForm(request.POST or None, offered=offered, may_override=may_override)
    if request.method == "POST" and form.is_valid():
        data = services.ReferralInput(
            to_agency=to_agency,
            reason=form.cleaned_data["reason"],
            services=form.cleaned_data["services"],
            fields=form.cleaned_data["parts"],
            override=form.cleaned_data.get("override") or "",
            override_note=form.cleaned_data.get("override_note") or "",
        )
        try:
            referral = services.referral_send(actor=request.user, person=person, data=data)
        except ValidationError as error:
            add_service_errors(form, error, renamed={"fields": "parts"})
        else:
            messages.success(request, _("The referral is sent."))
            return redirect(referral)
    return render(
        request,
        "nrm/referral_form.html",
        {"person": person, "form": form, "to_agency": to_agency, "consent": consent},
    )


def _referral(request, pk) -> Referral:
    referral = selectors.referral_seen(request.user, pk, sealed=True)
    if referral is None:
        raise PermissionDenied(_("There is no such referral, or you may not see it."))
    return referral


def referral_list(request):
    if not (request.user.has_perm("nrm.refer") or request.user.has_perm("nrm.receive_referrals")):
        raise PermissionDenied(_("You do not have permission to see this page."))
    return render(
        request,
        "nrm/referral_list.html",
        {"referrals": selectors.referrals_for(request.user)[:200]},
    )


def referral_detail(request, pk):
    referral = _referral(request, pk)
    user = request.user
    steps = services.REFERRAL_STEPS.allowed(referral, user)
    if request.method == "POST":
        try:
            done = services.referral_step(
                actor=user,
                referral=referral,
                step=request.POST.get("step", ""),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Done: the referral is %(state)s.") % {"state": done.get_state_display()}
            )
        return redirect(referral)
    return render(
        request,
        "nrm/referral_detail.html",
        {
            "referral": referral,
            "may_accept": "accept" in steps,
            "may_decline": "decline" in steps,
            "may_complete": "complete" in steps,
            "may_withdraw": "withdraw" in steps,
            # The reason (sealed at rest) is read here, by the two agencies of the referral
            # only: the receiver decides on it before it may see anything of the person, and
            # the page shows the person by code alone. Lists never show it.
            "decline_form": DeclineForm(),
        },
    )
