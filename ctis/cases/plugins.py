"""How the unified database plugs into the pages it shares (``ctis.core.registry``): its
permissions and who holds them (``ctis.cases.access`` says how each opens records), the
module bar, and the audit log's words."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions, describe_changes, describe_purposes
from ctis.cases import choices
from ctis.cases.choices import AccessPurpose
from ctis.core import registry

AUDIT_ACTIONS = {
    "cases.articles.load": _("Criminal Code articles loaded"),
    "cases.article.create": _("Criminal Code article added"),
    "cases.article.update": _("Criminal Code article changed"),
    "cases.person.create": _("Person entered"),
    "cases.person.update": _("Person changed"),
    "cases.person.identity_view": _("Identity opened"),
    "cases.person.name_search": _("Persons searched by name"),
    "cases.search.restricted": _("Search asked for parts of records not shown to the user"),
    "cases.duplicates.restricted": _(
        "Duplicate check asked for parts of records not shown to the user"
    ),
    "cases.probe.limited": _("Searches and duplicate checks refused after the limit"),
    "cases.person.duplicate_decision": _("Possible duplicate decided"),
    "cases.person.erase": _("Person erased (retention)"),
    "cases.victim.create": _("Victim profile created"),
    "cases.victim.update": _("Victim profile changed"),
    "cases.event.create": _("Trafficking event added"),
    "cases.event.delete": _("Trafficking event removed"),
    "cases.child.link": _("Child of a victim recorded"),
    "cases.case.create": _("Criminal case registered"),
    "cases.case.update": _("Criminal case changed"),
    "cases.participant.add": _("Person linked to a criminal case"),
    "cases.participant.remove": _("Person unlinked from a criminal case"),
    "cases.prosecution.create": _("Prosecution recorded"),
    "cases.prosecution.update": _("Prosecution changed"),
    "cases.participant.wanted": _("Wanted status changed"),
    "cases.crime.create": _("Crime recorded"),
    "cases.crime.update": _("Crime changed"),
    "cases.crime.delete": _("Crime removed"),
    "cases.group.create": _("Criminal group recorded"),
    "cases.group.update": _("Criminal group changed"),
    "cases.group.case_link": _("Criminal group tied to a case"),
    "cases.group.member_add": _("Member added to a criminal group"),
    "cases.group.member_remove": _("Member removed from a criminal group"),
    "cases.break_glass.open": _("Emergency access opened"),
    "cases.break_glass.review": _("Emergency access reviewed"),
    "cases.demo.generate": _("Demonstration persons generated"),
}

# Whose fields each action's changes name, where it records a part of a person or a case on
# the person or the case (the history on their pages reads them in words).
CHANGED_MODELS = {
    "cases.victim.create": "cases.victimprofile",
    "cases.victim.update": "cases.victimprofile",
    "cases.event.create": "cases.traffickingevent",
    "cases.event.delete": "cases.traffickingevent",
    "cases.child.link": "cases.childofvictim",
    "cases.participant.add": "cases.caseparticipant",
    "cases.participant.remove": "cases.caseparticipant",
    "cases.participant.wanted": "cases.caseparticipant",
    "cases.crime.create": "cases.crime",
    "cases.crime.update": "cases.crime",
    "cases.crime.delete": "cases.crime",
    "cases.group.create": "cases.criminalgroup",
    "cases.group.update": "cases.criminalgroup",
    "cases.group.case_link": "cases.criminalgroup",
    "cases.group.member_add": "cases.criminalgroup",
    "cases.group.member_remove": "cases.criminalgroup",
    "cases.prosecution.create": "cases.prosecution",
    "cases.prosecution.update": "cases.prosecution",
    "cases.person.duplicate_decision": "cases.duplicatedecision",
    "cases.break_glass.open": "cases.breakglassgrant",
    "cases.break_glass.review": "cases.breakglassgrant",
}
# Fields that hold a list of codes, and the codes' words.
CHANGED_VALUES: dict[str, Iterable[tuple[Any, Any]]] = {
    "cases.person.languages": choices.LANGUAGES,
    "cases.victimprofile.forms": choices.ExploitationForm.choices,
    "cases.victimprofile.labour_sector": choices.LabourSector.choices,
    "cases.victimprofile.sexual_kinds": choices.SexualExploitationKind.choices,
    "cases.victimprofile.control_methods": choices.ControlMethod.choices,
    "cases.caseparticipant.perpetrator_roles": choices.PerpetratorRole.choices,
    "cases.childofvictim.measures": choices.ChildMeasure.choices,
}
# Fields without a label of their own, and what entries record beside fields.
CHANGED_LABELS = {
    "cases.caseparticipant.person": _("person"),
    "cases.caseparticipant.on": _("since"),
    "cases.crime.crime": _("crime number"),
    "cases.criminalgroup.group": _("group number"),
    "cases.criminalgroup.person": _("member"),
    "cases.childofvictim.child": _("child"),
    "cases.duplicatedecision.decision": _("decision"),
    "cases.duplicatedecision.candidates": _("likely duplicates"),
    "cases.breakglassgrant.grant": _("grant number"),
    "cases.breakglassgrant.expires_at": _("expires at"),
    "cases.breakglassgrant.note": _("review note"),
}


def _articles_alone(user) -> bool:
    # Who sees the database finds the articles from it; the administrator, who keeps the
    # list, gets an entry of its own.
    return user.has_perm("cases.manage_articles") and not user.has_perm("cases.view_deidentified")


def register() -> None:
    registry.declare(
        "cases",
        "view_identities",
        "view_deidentified",
        "edit_records",
        "create_person",
        "break_glass",
        "review_break_glass",
        "view_identity_log",
        "manage_articles",
        "erase_records",
    )
    grant(
        Role.POLICE_INVESTIGATOR,
        "cases.view_identities",
        "cases.edit_records",
        "cases.create_person",
    )
    grant(
        Role.POLICE_SUPERVISOR,
        "cases.view_identities",
        "cases.edit_records",
        "cases.create_person",
        "cases.break_glass",
        "cases.view_identity_log",
    )
    grant(Role.SERVICE_PROVIDER, "cases.edit_records", "cases.create_person")
    grant(Role.COORDINATOR, "cases.view_deidentified")
    grant(Role.ANALYST, "cases.view_deidentified")
    grant(
        Role.AUDITOR,
        "cases.view_deidentified",
        "cases.view_identity_log",
        "cases.review_break_glass",
    )
    # The administrator runs the retention procedure, so finds records by code (never names).
    grant(
        Role.SYSTEM_ADMINISTRATOR,
        "cases.manage_articles",
        "cases.erase_records",
        "cases.view_deidentified",
    )

    registry.navigation.register(
        registry.NavEntry(
            "persons",
            _("Unified database"),
            "cases:person_list",
            20,
            active="/cases/",
            visible=registry.any_perm(
                "cases.view_deidentified", "cases.view_identities", "cases.edit_records"
            ),
        )
    )
    registry.navigation.register(
        registry.NavEntry(
            "articles",
            _("Criminal Code articles"),
            "cases:article_list",
            25,
            visible=_articles_alone,
            active="/cases/articles/",
        )
    )
    registry.navigation.register(
        registry.NavEntry(
            "break-glass",
            _("Emergency access"),
            "cases:break_glass_list",
            30,
            visible=registry.any_perm("cases.review_break_glass", "cases.break_glass"),
            active="/break-glass/",
        )
    )
    describe_actions(AUDIT_ACTIONS)
    describe_changes(models=CHANGED_MODELS, values=CHANGED_VALUES, labels=CHANGED_LABELS)
    describe_purposes(dict(AccessPurpose.choices))
