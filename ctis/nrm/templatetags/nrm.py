"""The NRM's panels on other modules' pages: the person page (screenings, reflection
period, referrals and consent) and the home page's work list, without the cases and core
apps importing the nrm app."""

from django import template
from django.utils import timezone

from ctis.cases.access import Access, person_fields
from ctis.cases.views import identity_is_open
from ctis.nrm.forms import (
    AbroadForm,
    AdmitForm,
    AssistanceClosureForm,
    ConsentForm,
    ProgressForm,
    ServiceForm,
)
from ctis.nrm.models import (
    AbroadCase,
    AssistanceClosure,
    Consent,
    Facility,
    Notification,
    ReferralState,
    SupportPlan,
)
from ctis.nrm.selectors import (
    notifications_for,
    occupancy,
    person_referrals,
    person_screenings,
    person_services,
    person_stays,
    police_unit,
    referrals_for,
    reflection_period,
    reflection_periods_ending,
    support_actions_due,
)

register = template.Library()


@register.inclusion_tag("nrm/_person_screenings.html", takes_context=True)
def person_screenings_panel(context, person, level):
    user = context["request"].user
    holder = person_fields(user, person) is None
    return {
        "person": person,
        "reflection": reflection_period(person),
        # Through a referral an agency sees what it was sent, not other agencies' findings.
        "screenings": list(person_screenings(person)[:20]) if holder else [],
        "holder": holder,
        "may_screen": (
            level == Access.IDENTITY
            and user.has_perm("nrm.screen")
            and person_fields(user, person) is None
        ),
        # Another agency may tell the police unit without a screening, once.
        "may_notify": (
            level == Access.IDENTITY
            and user.has_perm("nrm.screen")
            and holder
            and user.agency_id != police_unit().pk
            and not Notification.objects.filter(person=person).exists()
        ),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("nrm/_person_referrals.html", takes_context=True)
def person_referrals_panel(context, person, level):
    if level != Access.IDENTITY:
        return {"visible": False}
    user = context["request"].user
    holder = person_fields(user, person) is None
    return {
        "visible": True,
        "person": person,
        "referrals": list(person_referrals(user, person)[:50]),
        "consents": list(Consent.objects.filter(person=person)) if holder else [],
        "may_record_consent": holder and user.has_perm("nrm.record_consent"),
        "may_refer": user.has_perm("nrm.refer"),
        "consent_form": ConsentForm(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("nrm/_person_assistance.html", takes_context=True)
def person_assistance_panel(context, person, level):
    """Stays and services: seen, and recorded, by whoever may open the identity."""
    if level != Access.IDENTITY:
        return {"visible": False}
    user = context["request"].user
    may_record = user.has_perm("nrm.record_services")
    facilities = Facility.objects.filter(agency_id=user.agency_id, is_active=True)
    stays, delivered = person_stays(person), person_services(person)
    plans = SupportPlan.objects.filter(person=person)
    assistance_closures = AssistanceClosure.objects.filter(person=person)
    if person_fields(user, person) is not None:
        # Through a referral: the agency's own stays, services, plans and closures only.
        stays = stays.filter(facility__agency_id=user.agency_id)
        delivered = delivered.filter(agency_id=user.agency_id)
        plans = plans.filter(agency_id=user.agency_id)
        assistance_closures = assistance_closures.filter(agency_id=user.agency_id)
    return {
        "visible": True,
        "person": person,
        # Sealed texts (places abroad, situations, plans' objectives) follow the identity:
        # shown once it is opened with a purpose.
        "show_sealed": identity_is_open(context["request"], person),
        "stays": list(stays),
        "services": list(delivered[:100]),
        "may_record": may_record,
        "may_admit": may_record and facilities.exists(),
        "admit_form": AdmitForm(agency_id=user.agency_id),
        "plans": list(plans.select_related("agency").prefetch_related("actions__responsible")),
        "progress_form": ProgressForm(),
        "assistance_closure_form": AssistanceClosureForm(),
        "assistance_closures": list(assistance_closures.select_related("agency")),
        "abroad": list(AbroadCase.objects.filter(person=person).select_related("country", "agency"))
        if person_fields(user, person) is None
        else [],
        "may_record_abroad": (
            user.has_perm("nrm.record_abroad") and person_fields(user, person) is None
        ),
        "abroad_form": AbroadForm(),
        "service_form": ServiceForm(),
        "agency_id": user.agency_id,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("nrm/_work_list.html", takes_context=True)
def nrm_work_list(context):
    """The agency's NRM work on its home page: referrals waiting for an answer, reflection
    periods ending within 7 days, notifications waiting or overdue."""
    user = context["request"].user
    waiting = list(notifications_for(user).filter(received_at__isnull=True)[:50])
    ending = list(reflection_periods_ending(user)[:50]) if user.agency_id else []
    referrals = []
    if user.has_perm("nrm.receive_referrals"):
        referrals = list(
            referrals_for(user).filter(to_agency_id=user.agency_id, state=ReferralState.SENT)[:50]
        )
    facilities = (
        [
            (f, occupancy(f))
            for f in Facility.objects.filter(agency_id=user.agency_id, is_active=True)
        ]
        if user.agency_id
        else []
    )
    return {
        "facilities": facilities,
        "actions_due": list(support_actions_due(user)[:50]) if user.agency_id else [],
        "today": timezone.localdate(),
        "referrals_waiting": referrals,
        "reflection_ending": [(p, reflection_period(p)) for p in ending],
        "may_see": user.has_perm("nrm.view_notifications"),
        "incoming": [n for n in waiting if n.to_agency_id == user.agency_id],
        "outgoing": [n for n in waiting if n.from_agency_id == user.agency_id],
        "now": timezone.now(),
    }
