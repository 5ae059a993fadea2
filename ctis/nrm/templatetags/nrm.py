"""The person page's screening panel: the unified database's page shows what the NRM knows
of the person without the cases app importing the nrm app."""

from django import template

from ctis.cases.access import Access, person_fields
from ctis.nrm.selectors import person_screenings

register = template.Library()


@register.inclusion_tag("nrm/_person_screenings.html", takes_context=True)
def person_screenings_panel(context, person, level):
    user = context["request"].user
    return {
        "person": person,
        "screenings": list(person_screenings(person)[:20]),
        "may_screen": (level == Access.IDENTITY and user.has_perm("nrm.screen")
                       and person_fields(user, person) is None),
    }


@register.inclusion_tag("nrm/_work_list.html", takes_context=True)
def nrm_work_list(context):
    """The agency's NRM work on its home page: notifications waiting or overdue."""
    from django.utils import timezone

    from ctis.nrm.selectors import notifications_for

    user = context["request"].user
    now = timezone.now()
    waiting = [n for n in notifications_for(user).filter(received_at__isnull=True)[:50]]
    return {
        "may_see": user.has_perm("nrm.view_notifications"),
        "incoming": [n for n in waiting if n.to_agency_id == user.agency_id],
        "outgoing": [n for n in waiting if n.from_agency_id == user.agency_id],
        "now": now,
    }


@register.inclusion_tag("nrm/_person_referrals.html", takes_context=True)
def person_referrals_panel(context, person, level):
    from ctis.nrm.forms import ConsentForm
    from ctis.nrm.models import Consent
    from ctis.nrm.selectors import person_referrals

    user = context["request"].user
    holder = level == Access.IDENTITY and person_fields(user, person) is None
    if level != Access.IDENTITY:
        return {"visible": False}
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
