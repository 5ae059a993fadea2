from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.cases.access import Access, access_person, person_access, person_fields
from ctis.cases.choices import PersonPart
from ctis.cases.views import identity_is_open
from ctis.nrm import selectors, services
from ctis.nrm.forms import (
    AbroadForm,
    AdmitForm,
    AllowanceRateForm,
    ClosureForm,
    ConsentForm,
    DecisionForm,
    DeclineForm,
    FacilityForm,
    IndicatorForm,
    IndicatorSetForm,
    ProgressForm,
    ReferralForm,
    ScreeningForm,
    ServiceForm,
    SupportPlanForm,
)
from ctis.nrm.models import (
    AbroadCase,
    AllowanceRate,
    Consent,
    ConsentPurpose,
    Indicator,
    IndicatorSet,
    Notification,
    Referral,
    Screening,
    Stay,
    SupportAction,
)
from ctis.nrm.referral_fields import allowed_fields


def screening_create(request, pk):
    if not request.user.has_perm("nrm.screen"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    sets = [s for s in selectors.indicator_sets() if s.indicator_count]
    chosen = request.POST.get("set") or request.GET.get("set")
    indicator_set = next((s for s in sets if s.code == chosen), None)
    if indicator_set is None:
        return render(request, "nrm/screening_choose.html", {"person": person, "sets": sets})
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
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The screening is recorded."))
            return redirect("nrm:screening_detail", screening.pk)
    return render(
        request,
        "nrm/screening_form.html",
        {"person": person, "form": form, "indicator_set": indicator_set},
    )


def screening_detail(request, pk):
    screening = get_object_or_404(
        Screening.objects.select_related("indicator_set", "agency", "screened_by"), pk=pk
    )
    person, level = access_person(request.user, screening.person_id)
    if level == Access.IDENTITY and person_fields(request.user, person) is not None:
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
            "show_notes": level == Access.IDENTITY and identity_is_open(request, person),
        },
    )


def _notification(request, pk) -> Notification:
    """The notification if the user's agency sent or received it, else 403."""
    notification = (
        Notification.objects.select_related("person", "from_agency", "to_agency", "screening")
        .filter(pk=pk)
        .first()
    )
    mine = (
        notification is not None
        and request.user.has_perm("nrm.view_notifications")
        and (request.user.agency_id in (notification.from_agency_id, notification.to_agency_id))
    )
    if notification is None or not mine:
        raise PermissionDenied(_("There is no such notification, or you may not see it."))
    return notification


def notification_list(request):
    if not request.user.has_perm("nrm.view_notifications"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    return render(
        request,
        "nrm/notification_list.html",
        {
            "notifications": selectors.notifications_for(request.user)[:200],
            "now": timezone.now(),
        },
    )


def notification_detail(request, pk):
    notification = _notification(request, pk)
    may_decide = (
        request.user.has_perm("nrm.decide_status")
        and request.user.agency_id == notification.to_agency_id
    )
    form = DecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        if not may_decide or form is None:
            raise PermissionDenied(
                _("Only the police unit decides whether a person is a victim of trafficking.")
            )
        if form.is_valid():
            try:
                services.status_decide(
                    actor=request.user,
                    person=notification.person,
                    status=form.cleaned_data["status"],
                    decided_on=form.cleaned_data["decided_on"],
                    basis=form.cleaned_data["basis"],
                    notification=notification,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect(notification.person.get_absolute_url())
    return render(
        request,
        "nrm/notification_detail.html",
        {
            "notification": notification,
            "form": form,
            "may_decide": may_decide,
            "overdue": notification.is_overdue(),
            "decisions": notification.decisions.all(),
        },
    )


@require_POST
def notification_receive(request, pk):
    notification = _notification(request, pk)
    services.notification_receive(actor=request.user, notification=notification)
    messages.success(request, _("You have taken the notification up."))
    return redirect(notification.get_absolute_url())


# Consent -----------------------------------------------------------------------------------


@require_POST
def consent_create(request, pk):
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    _run(
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
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    consent = get_object_or_404(Consent, pk=consent_id, person=person)
    _run(
        request,
        None,
        lambda data: services.consent_withdraw(actor=request.user, consent=consent),
        _("The consent is withdrawn."),
    )
    return redirect(person)


# Referrals ---------------------------------------------------------------------------------


def referral_create(request, pk):
    if not request.user.has_perm("nrm.refer"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    agencies = selectors.receiving_agencies(exclude=request.user.agency_id)
    chosen = request.POST.get("to") or request.GET.get("to")
    to_agency = next((a for a in agencies if str(a.pk) == chosen), None)
    if to_agency is None:
        return render(request, "nrm/referral_choose.html", {"person": person, "agencies": agencies})
    own = person_fields(request.user, person)
    labels = dict(PersonPart.choices)
    offered = [
        (f, labels[f])
        for f in allowed_fields(services.agency_function(to_agency))
        if own is None or f in own
    ]
    consent = services.active_consent(person, ConsentPurpose.REFERRAL)
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
            for field, errors in error.message_dict.items():
                field = "parts" if field == "fields" else field
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The referral is sent."))
            return redirect(referral)
    return render(
        request,
        "nrm/referral_form.html",
        {"person": person, "form": form, "to_agency": to_agency, "consent": consent},
    )


def _referral(request, pk) -> Referral:
    referral = (
        Referral.objects.select_related("person", "from_agency", "to_agency").filter(pk=pk).first()
    )
    if referral is None or request.user.agency_id not in (
        referral.from_agency_id,
        referral.to_agency_id,
    ):
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


# What each step button posts to: (user, referral, POST) -> the referral after the step.
REFERRAL_STEP_SERVICES = {
    "accept": lambda user, referral, post: services.referral_accept(actor=user, referral=referral),
    "decline": lambda user, referral, post: services.referral_decline(
        actor=user, referral=referral, reason=post.get("reason", "")
    ),
    "complete": lambda user, referral, post: services.referral_complete(
        actor=user, referral=referral
    ),
    "withdraw": lambda user, referral, post: services.referral_withdraw(
        actor=user, referral=referral
    ),
}


def referral_detail(request, pk):
    referral = _referral(request, pk)
    user = request.user
    receiver = user.agency_id == referral.to_agency_id and user.has_perm("nrm.receive_referrals")
    sender = user.agency_id == referral.from_agency_id and user.has_perm("nrm.refer")
    steps = {step for (state, step) in services.REFERRAL_STEPS if state == referral.state}
    if request.method == "POST":
        step = request.POST.get("step", "")
        act = REFERRAL_STEP_SERVICES.get(step)
        try:
            if act is None:
                raise ValidationError(_("Unknown step."))
            done = act(user, referral, request.POST)
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
            "may_accept": receiver and "accept" in steps,
            "may_complete": receiver and "complete" in steps,
            "may_withdraw": sender and "withdraw" in steps,
            "show_reason": (
                person_access(user, referral.person) == Access.IDENTITY
                and identity_is_open(request, referral.person)
            ),
            "decline_form": DeclineForm(),
        },
    )


# Shelters, stays, services ---------------------------------------------------------------------


def facility_list(request):
    user = request.user
    if not (user.has_perm("nrm.view_occupancy") or user.has_perm("nrm.manage_facilities")):
        raise PermissionDenied(_("You do not have permission to see this page."))
    rows, ends = selectors.facilities_with_occupancy(user)
    admin = user.has_perm("nrm.manage_facilities")
    rate_form = AllowanceRateForm(request.POST if request.POST.get("rate") else None)
    if request.method == "POST" and request.POST.get("rate"):
        if not admin:
            raise PermissionDenied(_("You do not have permission to do this."))
        if rate_form.is_valid():
            services.allowance_rate_set(actor=user, **rate_form.cleaned_data)
            messages.success(request, _("The allowance rate is saved."))
            return redirect("nrm:facility_list")
        return render(
            request,
            "nrm/facility_list.html",
            {
                "rows": rows,
                "ends": ends,
                "form": FacilityForm(),
                "rate_form": rate_form,
                "rates": AllowanceRate.objects.all(),
            },
        )
    form = FacilityForm(request.POST or None) if admin else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("You do not have permission to do this."))
        if form.is_valid():
            try:
                services.facility_save(actor=user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The shelter or centre is saved."))
                return redirect("nrm:facility_list")
    return render(
        request,
        "nrm/facility_list.html",
        {
            "rows": rows,
            "ends": ends,
            "form": form,
            "rate_form": rate_form if admin else None,
            "rates": AllowanceRate.objects.all(),
        },
    )


@require_POST
def stay_admit(request, pk):
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    form = AdmitForm(request.POST, agency_id=request.user.agency_id)
    _run(
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


@require_POST
def stay_discharge(request, pk, stay_id):
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    stay = get_object_or_404(Stay.objects.select_related("facility"), pk=stay_id, person=person)
    _run(
        request,
        None,
        lambda data: services.stay_discharge(actor=request.user, stay=stay),
        _("The person is discharged."),
    )
    return redirect(person)


@require_POST
def service_create(request, pk):
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    form = ServiceForm(request.POST)
    _run(
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
            ),
        ),
        _("The service is recorded."),
    )
    return redirect(person)


def _run(request, form, action, done: str) -> None:
    """Validate a small form posted from the person page, act, and say what happened (the
    page is redisplayed by the redirect, with the messages)."""
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
        return
    try:
        action(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


def support_plan_create(request, pk):
    if not request.user.has_perm("nrm.record_services"):
        raise PermissionDenied(_("You do not have permission to see this page."))
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
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
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The support plan is saved."))
            return redirect(person)
    return render(request, "nrm/support_plan_form.html", {"person": person, "form": form})


@require_POST
def support_action_progress(request, pk, action_id):
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    action = get_object_or_404(
        SupportAction.objects.select_related("plan"), pk=action_id, plan__person=person
    )
    form = ProgressForm(request.POST)
    _run(
        request,
        form,
        lambda data: services.support_action_progress(
            actor=request.user, action=action, progress=data["progress"], note=data["note"]
        ),
        _("The progress is recorded."),
    )
    return redirect(person)


@require_POST
def case_close(request, pk):
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    form = ClosureForm(request.POST)
    _run(
        request,
        form,
        lambda data: services.case_close(
            actor=request.user,
            person=person,
            reason=data["reason"],
            closed_on=data["closed_on"],
            note=data["note"],
        ),
        _("The case is closed."),
    )
    # Closing completes the agency's referrals: the person may now be closed to it.
    if person_access(request.user, person) < Access.IDENTITY:
        return redirect("core:home")
    return redirect(person)


@require_POST
def abroad_create(request, pk):
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    form = AbroadForm(request.POST)
    _run(
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
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    case = get_object_or_404(AbroadCase, pk=case_id, person=person)
    status = request.POST.get("status", "")
    _run(
        request,
        None,
        lambda data: services.abroad_case_close(actor=request.user, case=case, status=status),
        _("The case is closed."),
    )
    return redirect(person)


# Indicator sets (administrators) -------------------------------------------------------------


def _require_indicator_admin(request) -> None:
    if not request.user.has_perm("nrm.manage_indicators"):
        raise PermissionDenied(_("You do not have permission to see this page."))


def _import_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def indicator_set_list(request):
    _require_indicator_admin(request)
    form = IndicatorSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if IndicatorSet.objects.filter(code=form.cleaned_data["code"]).exists():
            form.add_error("code", _("A set with this code exists; open it to change it."))
        else:
            try:
                services.indicator_sets_import(
                    actor=request.user,
                    data={"sets": [{**form.cleaned_data, "national": True, "indicators": []}]},
                )
            except ValidationError as error:
                _import_errors(form, error)
            else:
                messages.success(request, _("The indicator set is added."))
                return redirect("nrm:indicator_set_detail", form.cleaned_data["code"])
    return render(
        request,
        "nrm/indicator_set_list.html",
        {"sets": selectors.indicator_sets(active_only=False), "form": form},
    )


def indicator_set_detail(request, code):
    _require_indicator_admin(request)
    indicator_set = get_object_or_404(IndicatorSet, code=code)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and request.POST.get("toggle"):
        indicator = get_object_or_404(
            Indicator, pk=request.POST["toggle"], indicator_set=indicator_set
        )
        services.indicator_active_set(
            actor=request.user, indicator=indicator, active=not indicator.is_active
        )
        return redirect("nrm:indicator_set_detail", code)
    if request.method == "POST" and form.is_valid():
        row = {name: getattr(indicator_set, name) for name in services.SET_FIELDS}
        row.update(
            code=indicator_set.code, national=indicator_set.national, indicators=[form.cleaned_data]
        )
        try:
            services.indicator_sets_import(actor=request.user, data={"sets": [row]})
        except ValidationError as error:
            _import_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("nrm:indicator_set_detail", code)
    return render(
        request,
        "nrm/indicator_set_detail.html",
        {
            "indicator_set": indicator_set,
            "indicators": Indicator.objects.filter(indicator_set=indicator_set),
            "form": form,
        },
    )


@require_POST
def notification_create(request, pk):
    """Tell the police unit of a presumed victim without a screening (e.g. met by an NGO
    whose staff do not screen)."""
    person, _level = access_person(request.user, pk, level=Access.IDENTITY)
    _run(
        request,
        None,
        lambda data: services.notification_send(actor=request.user, person=person),
        _("The police unit is notified."),
    )
    return redirect(person)
