"""How the National Referral Mechanism plugs into the unified database and the pages it
shares (``ctis.core.registry``): its permissions and who holds them, its access rules,
the module bar, the person page's panels, the home page's work list and the audit log's
words."""

from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions
from ctis.core import registry
from ctis.nrm import access, alerts, panels

AUDIT_ACTIONS = {
    "nrm.indicator_sets.load": _("Indicator sets loaded"),
    "nrm.indicator_sets.import": _("Indicator sets imported"),
    "nrm.screening.create": _("Screening recorded"),
    "nrm.notification.send": _("Presumed victim notified to the police unit"),
    "nrm.notification.receive": _("Notification taken up"),
    "nrm.status.decide": _("Victim status decided"),
    "nrm.agencies.load": _("Agencies placed in the referral mechanism"),
    "nrm.consent.record": _("Consent recorded"),
    "nrm.consent.withdraw": _("Consent withdrawn"),
    "nrm.referral.send": _("Referral sent"),
    "nrm.referral.accept": _("Referral accepted"),
    "nrm.referral.decline": _("Referral declined"),
    "nrm.referral.complete": _("Referral completed"),
    "nrm.referral.withdraw": _("Referral withdrawn"),
    "nrm.allowance_rates.load": _("Allowance rates loaded"),
    "nrm.facility.save": _("Shelter or centre saved"),
    "nrm.stay.admit": _("Admitted to a shelter or centre"),
    "nrm.stay.discharge": _("Discharged from a shelter or centre"),
    "nrm.service.record": _("Service recorded"),
    "nrm.support_plan.create": _("Support plan made"),
    "nrm.support_action.progress": _("Support plan action progress"),
    "nrm.case.close": _("Assistance case closed"),  # the code before AssistanceClosure
    "nrm.assistance.close": _("Assistance case closed"),
    "nrm.abroad.record": _("Citizen harmed abroad recorded"),
    "nrm.indicator.active": _("Indicator taken out of use or back"),
    "nrm.allowance_rate.set": _("Allowance rate set"),
    "nrm.abroad.close": _("Case of a citizen harmed abroad closed"),
}


def _nav(key, label, url_name, order, active, *permissions):
    registry.navigation.register(
        registry.NavEntry(
            key, label, url_name, order, active=active, visible=registry.any_perm(*permissions)
        )
    )


def register() -> None:
    registry.declare(
        "nrm",
        "screen",
        "manage_indicators",
        "decide_status",
        "view_notifications",
        "refer",
        "record_consent",
        "receive_referrals",
        "override_consent",
        "record_services",
        "manage_facilities",
        "record_abroad",
        "view_occupancy",
        "view_all_occupancy",
    )

    # Whoever meets a possible victim screens them (on records they may open).
    for role in (
        Role.POLICE_INVESTIGATOR,
        Role.POLICE_SUPERVISOR,
        Role.SERVICE_PROVIDER,
        Role.FRONTLINE_OFFICER,
    ):
        grant(role, "nrm.screen")
    grant(Role.FRONTLINE_OFFICER, "cases.create_person", "cases.edit_records")
    grant(Role.SYSTEM_ADMINISTRATOR, "nrm.manage_indicators")
    # The police unit takes notifications up and decides victim status.
    for role in (Role.POLICE_INVESTIGATOR, Role.POLICE_SUPERVISOR):
        grant(role, "nrm.decide_status")
    # Everyone who works with notifications sees their list (their agency's only).
    for role in (
        Role.POLICE_INVESTIGATOR,
        Role.POLICE_SUPERVISOR,
        Role.SERVICE_PROVIDER,
        Role.FRONTLINE_OFFICER,
    ):
        grant(role, "nrm.view_notifications")

    # Referrals: the holders of a record send; shelters, centres and NGOs receive.
    for role in (
        Role.POLICE_INVESTIGATOR,
        Role.POLICE_SUPERVISOR,
        Role.SERVICE_PROVIDER,
        Role.FRONTLINE_OFFICER,
    ):
        grant(role, "nrm.refer", "nrm.record_consent")
    grant(Role.SERVICE_PROVIDER, "nrm.receive_referrals")
    grant(Role.POLICE_INVESTIGATOR, "nrm.receive_referrals")
    grant(Role.POLICE_SUPERVISOR, "nrm.receive_referrals", "nrm.override_consent")

    # Services, stays: whoever holds the person or had them referred; facilities: the
    # administrator and the heads of the agencies that run them.
    # (Consular and migration officers issue return certificates and documents.)
    for role in (
        Role.POLICE_INVESTIGATOR,
        Role.POLICE_SUPERVISOR,
        Role.SERVICE_PROVIDER,
        Role.FRONTLINE_OFFICER,
    ):
        grant(role, "nrm.record_services")
    grant(Role.SYSTEM_ADMINISTRATOR, "nrm.manage_facilities")
    # Citizens harmed abroad: consular and migration officers, and the police unit.
    for role in (Role.FRONTLINE_OFFICER, Role.POLICE_INVESTIGATOR, Role.POLICE_SUPERVISOR):
        grant(role, "nrm.record_abroad")
    grant(Role.COORDINATOR, "nrm.view_occupancy", "nrm.view_all_occupancy")
    grant(Role.SERVICE_PROVIDER, "nrm.view_occupancy")
    grant(Role.POLICE_SUPERVISOR, "nrm.view_occupancy")

    access.register()

    _nav(
        "referrals",
        _("Referrals"),
        "nrm:referral_list",
        40,
        "/nrm/referrals/",
        "nrm.refer",
        "nrm.receive_referrals",
    )
    _nav(
        "shelters",
        _("Shelters"),
        "nrm:facility_list",
        41,
        "/nrm/shelters/",
        "nrm.view_occupancy",
        "nrm.manage_facilities",
    )
    _nav(
        "indicator-sets",
        _("Indicator sets"),
        "nrm:indicator_set_list",
        42,
        "/nrm/indicator-sets/",
        "nrm.manage_indicators",
    )
    _nav(
        "notifications",
        _("Notifications"),
        "nrm:notification_list",
        43,
        "/nrm/notifications/",
        "nrm.view_notifications",
    )

    for key, template, order, context in (
        ("nrm-screenings", "nrm/_person_screenings.html", 20, panels.screenings_panel),
        ("nrm-referrals", "nrm/_person_referrals.html", 30, panels.referrals_panel),
        ("nrm-assistance", "nrm/_person_assistance.html", 40, panels.assistance_panel),
    ):
        registry.person_panels.register(registry.Panel(key, template, order, context))
    registry.home_items.register(
        registry.Panel("nrm-work", "nrm/_work_list.html", 10, panels.work_list)
    )
    describe_actions(AUDIT_ACTIONS)
    alerts.register()
