"""Pages of screening: choosing a set, recording a screening, reading one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctis.cases.access import Access, access_person
from ctis.cases.identity import session_window
from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.nrm import selectors, services
from ctis.nrm.forms import (
    ScreeningForm,
)
from ctis.nrm.models import (
    Screening,
)


@once
def screening_create(request, pk):
    if not request.user.has_perm("nrm.screen"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    person = access_person(request.user, pk, level=Access.IDENTITY).person
    offered = selectors.indicator_sets_offered(person)
    chosen = request.POST.get("set") or request.GET.get("set")
    # Any ready set may be asked for; one that does not fit the person's age is refused by
    # the service with a message, not silently swapped for the choice page.
    indicator_set = next(
        (s for s in selectors.indicator_sets() if s.code == chosen and s.indicator_count), None
    )
    if indicator_set is None:
        return render(request, "nrm/screening_choose.html", {"person": person, "offered": offered})
    form = ScreeningForm(request.POST or None, indicator_set=indicator_set)
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.screening_record(
                actor=request.user,
                person=person,
                indicator_set=indicator_set,
                codes=[i.code for i in form.cleaned_data["indicators"]],
                screened_on=form.cleaned_data["screened_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The screening is recorded."))
            return redirect("nrm:screening_detail", screening.pk)
    return render(
        request,
        "nrm/screening_form.html",
        {"person": person, "form": form, "indicator_set": indicator_set},
    )


def screening_detail(request, pk):
    screening = (
        Screening.objects.select_related("indicator_set", "agency", "screened_by")
        .filter(pk=pk)
        .first()
    )
    if screening is None:
        # Refused as one the user may not see: the answer tells nothing of what exists.
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    access = access_person(request.user, screening.person_id, window=session_window(request))
    person = access.person
    if access.limited:
        # Through a referral an agency sees what it was sent, not others' findings.
        raise PermissionDenied(_("There is no such person, or you may not see the record."))
    return render(
        request,
        "nrm/screening_detail.html",
        {
            "screening": screening,
            "person": person,
            "observed": screening.observed.all(),
            "explanation": screening.explanation_lines(),
            # Sealed text, like the identity: shown once the identity is opened with a purpose.
            "show_notes": access.identity_open,
        },
    )
