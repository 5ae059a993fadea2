"""The person page's screening panel: the unified database's page shows what the NRM knows
of the person without the cases app importing the nrm app."""

from django import template

from ctis.cases.access import Access
from ctis.nrm.selectors import person_screenings

register = template.Library()


@register.inclusion_tag("nrm/_person_screenings.html", takes_context=True)
def person_screenings_panel(context, person, level):
    user = context["request"].user
    return {
        "person": person,
        "screenings": list(person_screenings(person)[:20]),
        "may_screen": level == Access.IDENTITY and user.has_perm("nrm.screen"),
    }
