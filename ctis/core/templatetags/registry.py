"""Template tags that show what the apps registered (``ctis.core.registry``)."""

from django import template

from ctis.core import registry

register = template.Library()

REGISTRIES = {
    "home": registry.home_items,
    "person": registry.person_panels,
    "agency": registry.agency_panels,
    "header": registry.header_items,
    "measure": registry.measure_panels,
    "dashboard": registry.dashboard_panels,
}


@register.simple_tag(takes_context=True)
def panels(context, name: str, obj=None):
    """``{% panels "person" access %}``: the registered panels of a page, in order."""
    return registry.render_panels(REGISTRIES[name], context["request"], obj)


@register.simple_tag(takes_context=True)
def nav_links(context):
    """``{% nav_links as links %}``: the module bar's entries for this user."""
    return registry.nav_links(context["request"])
