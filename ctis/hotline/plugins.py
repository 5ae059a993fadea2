"""How ctis.hotline plugs into the pages and roles it shares (``ctis.core.registry``)."""

from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions
from ctis.core import registry

PERMISSIONS = (
    "record_contact",  # record a call or message
    "view_contacts",  # the agency's contacts
    "view_all_contacts",  # every agency's contacts
    "view_callers",  # a caller's identifiers, earlier contacts and flags
    "flag_callers",  # set and lift flags on a caller
    "notify_police",  # a tip or a presumed victim to the special police unit
    "override_consent",  # pass details on without consent (imminent danger), in writing
    "link_person",  # link a contact to a person of the unified database
    "manage_topics",  # add and rename topics
)

AUDIT_ACTIONS = {
    "hotline.contact.create": _("Hotline contact recorded"),
    "hotline.caller.lookup": _("Caller's earlier contacts looked up"),
    "hotline.caller.lookup_limited": _("Caller look-ups refused: too many"),
    "hotline.contact.follow_up": _("Hotline follow-up done"),
    "hotline.contact.link": _("Hotline contact linked to a person"),
    "hotline.contact.notify": _("Hotline contact notified to the police unit"),
    "hotline.caller.flag": _("Hotline caller flagged"),
    "hotline.caller.unflag": _("Hotline caller's flag lifted"),
    "hotline.consent.override": _("Caller's details passed on without consent"),
    "hotline.topic.save": _("Hotline topic saved"),
    "hotline.topics.load": _("Hotline topics loaded"),
}


def register() -> None:
    from ctis.hotline import panels

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
    # The supervisor oversees every hotline (an NGO may run one too) and signs overrides.
    grant(
        Role.HOTLINE_SUPERVISOR,
        *operator,
        "hotline.override_consent",
        "hotline.view_all_contacts",
    )
    # The police unit's investigators read the contacts of their agency's hotline and link
    # them to the persons they hold; callers' identifiers stay with the hotline.
    grant(Role.POLICE_INVESTIGATOR, "hotline.view_contacts", "hotline.link_person")
    grant(Role.POLICE_SUPERVISOR, "hotline.view_contacts", "hotline.link_person")
    grant(Role.SYSTEM_ADMINISTRATOR, "hotline.manage_topics")

    registry.navigation.register(
        registry.NavEntry(
            "hotline",
            _("Hotline"),
            "hotline:contact_list",
            15,
            active="/hotline/",
            visible=registry.any_perm(
                "hotline.view_contacts", "hotline.view_all_contacts", "hotline.manage_topics"
            ),
        )
    )
    registry.home_items.register(
        registry.Panel("hotline-follow-ups", "hotline/_follow_ups.html", 5, panels.follow_ups)
    )
    registry.person_panels.register(
        registry.Panel(
            "hotline-contacts", "hotline/_person_contacts.html", 60, panels.person_contacts
        )
    )
    describe_actions(AUDIT_ACTIONS)
