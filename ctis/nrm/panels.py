"""The NRM's panels on pages it does not own, registered in ``ctis.core.registry``: on the
person page (screenings and the reflection period; referrals and consent; shelter and
services), given the access decision; and the agency's work list on the home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from ctis.cases.access import PersonAccess
from ctis.nrm.forms import (
    AbroadForm,
    AdmitForm,
    AssistanceClosureForm,
    ConsentForm,
    NotifyForm,
    ProgressForm,
    ServiceForm,
)
from ctis.nrm.models import (
    AbroadCase,
    AssistanceClosure,
    Consent,
    Facility,
    Notification,
    Progress,
    ReferralState,
    SupportAction,
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
from ctis.nrm.services.abroad import ABROAD_STEPS
from ctis.nrm.services.assistance import ACTION_STEPS
from ctis.nrm.services.consent import CONSENT_STEPS
from ctis.nrm.services.shelters import STAY_STEPS


def screenings_panel(request, access: PersonAccess) -> dict:
    user, person = access.user, access.person
    return {
        "person": person,
        "reflection": reflection_period(person),
        # Through a referral an agency sees what it was sent, not other agencies' findings.
        "screenings": list(person_screenings(person)[:20]) if access.whole else [],
        "holder": access.whole,
        "may_screen": access.whole and user.has_perm("nrm.screen"),
        # Another agency may tell the police unit without a screening, once.
        "may_notify": (
            access.whole
            and user.has_perm("nrm.screen")
            and user.agency_id != police_unit().pk
            and not Notification.objects.filter(person=person).exists()
        ),
        "notify_form": NotifyForm(),
    }


def referrals_panel(request, access: PersonAccess) -> dict | None:
    if not access.identity:
        return None
    user, person = access.user, access.person
    consents = list(Consent.objects.filter(person=person)) if access.whole else []
    return {
        "person": person,
        "referrals": list(person_referrals(user, person, whole=access.whole)[:50]),
        "consents": consents,
        "withdrawable": CONSENT_STEPS.allowing(consents, user, "withdraw"),
        "may_record_consent": access.whole and user.has_perm("nrm.record_consent"),
        "may_refer": user.has_perm("nrm.refer"),
        "consent_form": ConsentForm(),
    }


def assistance_panel(request, access: PersonAccess) -> dict | None:
    """Stays and services: seen, and recorded, by whoever may open the identity."""
    if not access.identity:
        return None
    user, person = access.user, access.person
    agency_id: Any = user.agency_id
    may_record = user.has_perm("nrm.record_services")
    facilities = Facility.objects.filter(agency_id=agency_id, is_active=True)
    stays, delivered = person_stays(person), person_services(person)
    plans = SupportPlan.objects.filter(person=person)
    abroad = AbroadCase.objects.filter(person=person).select_related("country", "agency")
    if access.identity_open:
        # Sealed texts (places abroad, situations, plans' objectives) follow the identity:
        # read with the rows once it is opened with a purpose, else never read.
        plans, abroad, stays = plans.with_sealed(), abroad.with_sealed(), stays.with_sealed()
    assistance_closures = AssistanceClosure.objects.filter(person=person)
    if not access.whole:
        # Through a referral: the agency's own stays, services, plans and closures only.
        stays = stays.filter(facility__agency_id=agency_id)
        delivered = delivered.filter(agency_id=agency_id)
        # A plan of another agency shows the actions this agency is responsible for.
        plans = plans.filter(Q(agency_id=agency_id) | Q(actions__responsible_id=agency_id))
        assistance_closures = assistance_closures.filter(agency_id=agency_id)
    stay_list = list(stays)
    actions = SupportAction.objects.select_related("responsible")
    if access.identity_open:
        actions = actions.with_sealed()
        # Why a service was given unasked, shown then (a SealedQuerySet).
        delivered = delivered.with_sealed()  # type: ignore[attr-defined]
    plan_list = list(
        plans.distinct().select_related("agency").prefetch_related(Prefetch("actions", actions))
    )
    for plan in plan_list:
        own = access.whole or plan.agency_id == agency_id
        plan.shown_actions = [  # type: ignore[attr-defined]
            a for a in plan.actions.all() if own or a.responsible_id == agency_id
        ]
        plan.shows_objectives = own and access.identity_open  # type: ignore[attr-defined]
    shown_actions = [action for plan in plan_list for action in plan.shown_actions]  # type: ignore[attr-defined]
    abroad_list = list(abroad) if access.whole else []
    return {
        "person": person,
        "show_sealed": access.identity_open,
        "stays": stay_list,
        "dischargeable": STAY_STEPS.allowing(stay_list, user, "discharge"),
        "services": list(delivered[:100]),
        "may_record": may_record,
        "may_admit": may_record and facilities.exists(),
        "admit_form": AdmitForm(agency_id=user.agency_id),
        "plans": plan_list,
        # Actions whose progress this user may report now (done and cancelled are final).
        "reportable_actions": ACTION_STEPS.allowing(shown_actions, user, Progress.DONE),
        # Actions with a page this user may open: their agency's, or their plan's.
        "action_pages": {
            a.pk for a in shown_actions if agency_id in (a.responsible_id, a.plan.agency_id)
        },
        "progress_form": ProgressForm(),
        "assistance_closure_form": AssistanceClosureForm(),
        "assistance_closures": list(assistance_closures.select_related("agency")),
        "abroad": abroad_list,
        "closable_abroad": ABROAD_STEPS.allowing(abroad_list, user, "closed"),
        "may_record_abroad": user.has_perm("nrm.record_abroad") and access.whole,
        "abroad_form": AbroadForm(),
        "service_form": ServiceForm(),
        "agency_id": user.agency_id,
    }


def work_list(request) -> dict:
    """The agency's NRM work on its home page: referrals waiting for an answer, reflection
    periods ending within 7 days, notifications waiting or overdue, places taken."""
    user = request.user
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
