"""The hotline's writes: contacts, callers and their flags, consent and its override, the
tip to the police unit, the link to a person. One module a section; the names are here."""

from ctis.hotline.services.callers import (
    caller_lookup_count,
    caller_lookup_record,
    flag_lift,
    flag_set,
)
from ctis.hotline.services.contacts import (
    ContactInput,
    caller_for,
    contact_follow_up_done,
    contact_person_link,
    contact_record,
)
from ctis.hotline.services.tips import consent_override, contact_notify_police
from ctis.hotline.services.topics import topic_save, topics_load_reference

__all__ = [
    "ContactInput",
    "caller_for",
    "caller_lookup_count",
    "caller_lookup_record",
    "consent_override",
    "contact_follow_up_done",
    "contact_notify_police",
    "contact_person_link",
    "contact_record",
    "flag_lift",
    "flag_set",
    "topic_save",
    "topics_load_reference",
]
