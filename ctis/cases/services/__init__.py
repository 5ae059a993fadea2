"""Writes to the unified database, one module per section: ``persons``, ``victims``
(profiles, events, children), ``justice`` (criminal cases, participants, prosecutions),
``identity`` (opening identities, break-the-glass, name searches, duplicates, erasure) and
``articles`` (the Criminal Code), ``crimes`` (crime episodes, criminal groups, the wanted
history). Each runs in one transaction, validates before it saves,
and writes its audit entry in the same transaction; identity values never reach the audit
log (only the names of the fields that changed).

The names below are re-exported so that ``from ctis.cases import services`` and
``services.person_create(...)`` read as before. The services' inputs are in
``ctis.cases.inputs``, the search keys in ``ctis.cases.keys``.
"""

from ctis.cases.inputs import (
    VICTIM_INPUT_FIELDS,
    CaseInput,
    ContactInput,
    CrimeInput,
    DocumentInput,
    EventInput,
    GroupInput,
    PersonInput,
    ProsecutionInput,
    VictimInput,
)
from ctis.cases.services.articles import (
    ARTICLE_EDIT_FIELDS,
    ARTICLE_FIELDS,
    REFERENCE_ARTICLES,
    article_save,
    articles_load_reference,
)
from ctis.cases.services.crimes import (
    CRIME_FIELDS,
    GROUP_FIELDS,
    crime_remove,
    crime_save,
    group_case_link,
    group_create,
    group_member_add,
    group_member_remove,
    group_update,
    participant_wanted_set,
    wanted_history_add,
)
from ctis.cases.services.identity import (
    BREAK_GLASS_HOURS,
    break_glass_open,
    break_glass_review,
    duplicate_decision_record,
    identity_open,
    person_erase,
    person_name_search_record,
    person_probe_count,
    person_probe_restricted_record,
)
from ctis.cases.services.justice import (
    CASE_FIELDS,
    PROSECUTION_FIELDS,
    case_create,
    case_update,
    participant_add,
    participant_remove,
    prosecution_save,
)
from ctis.cases.services.persons import (
    IDENTITY_FIELDS,
    PLAIN_FIELDS,
    NewPerson,
    code_numbers_take,
    person_create,
    person_update,
    persons_create_many,
)
from ctis.cases.services.victims import (
    VICTIM_FIELDS,
    child_link,
    event_add,
    event_remove,
    victim_profile_save,
)

__all__ = [
    "NewPerson",
    "persons_create_many",
    "ARTICLE_EDIT_FIELDS",
    "ARTICLE_FIELDS",
    "BREAK_GLASS_HOURS",
    "CASE_FIELDS",
    "CRIME_FIELDS",
    "CaseInput",
    "ContactInput",
    "CrimeInput",
    "DocumentInput",
    "EventInput",
    "GROUP_FIELDS",
    "GroupInput",
    "IDENTITY_FIELDS",
    "PLAIN_FIELDS",
    "PROSECUTION_FIELDS",
    "PersonInput",
    "ProsecutionInput",
    "REFERENCE_ARTICLES",
    "VICTIM_FIELDS",
    "VICTIM_INPUT_FIELDS",
    "VictimInput",
    "article_save",
    "articles_load_reference",
    "break_glass_open",
    "break_glass_review",
    "case_create",
    "case_update",
    "child_link",
    "code_numbers_take",
    "crime_remove",
    "crime_save",
    "duplicate_decision_record",
    "event_add",
    "event_remove",
    "group_case_link",
    "group_create",
    "group_member_add",
    "group_member_remove",
    "group_update",
    "identity_open",
    "participant_add",
    "participant_remove",
    "participant_wanted_set",
    "person_create",
    "person_erase",
    "person_name_search_record",
    "person_probe_count",
    "person_probe_restricted_record",
    "person_update",
    "prosecution_save",
    "victim_profile_save",
    "wanted_history_add",
]
