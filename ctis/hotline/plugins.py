"""How ctis.hotline plugs into the pages and roles it shares (``ctis.core.registry``)."""

from ctis.accounts.roles import Role, grant
from ctis.core import registry

PERMISSIONS = (
    "record_contact",  # record a call or message
    "view_contacts",  # the agency's contacts
    "view_all_contacts",  # every agency's contacts (none by default; monitoring may grant it)
    "view_callers",  # a caller's identifiers, earlier contacts and flags
    "flag_callers",  # set and lift flags on a caller
    "notify_police",  # a tip or a presumed victim to the special police unit
    "override_consent",  # pass details on without consent (imminent danger), in writing
    "link_person",  # link a contact to a person of the unified database
    "manage_topics",  # add and rename topics
)


def register() -> None:
    registry.declare("hotline", *PERMISSIONS)
    operator = (
        "hotline.record_contact",
        "hotline.view_contacts",
        "hotline.view_callers",
        "hotline.flag_callers",
        "hotline.notify_police",
        "hotline.link_person",
    )
    grant(Role.HOTLINE_OPERATOR, *operator)
    grant(
        Role.HOTLINE_SUPERVISOR, *operator, "hotline.override_consent", "hotline.view_all_contacts"
    )
    # The police unit's investigators read the contacts of their agency's hotline and link
    # them to the persons they hold; callers' identifiers stay with the hotline.
    grant(Role.POLICE_INVESTIGATOR, "hotline.view_contacts", "hotline.link_person")
    grant(Role.POLICE_SUPERVISOR, "hotline.view_contacts", "hotline.link_person")
    grant(Role.SYSTEM_ADMINISTRATOR, "hotline.manage_topics")
    # A tip creates the person the police unit is told of (never seen by the operator).
    grant(Role.HOTLINE_OPERATOR, "cases.create_person")
    grant(Role.HOTLINE_SUPERVISOR, "cases.create_person")
