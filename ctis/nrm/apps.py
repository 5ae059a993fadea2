from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NrmConfig(AppConfig):
    name = "ctis.nrm"
    label = "nrm"
    verbose_name = _("National Referral Mechanism")

    def ready(self) -> None:
        from ctis.accounts.roles import Role, grant

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

        from ctis.nrm import access

        access.register()
