"""What each audit action code means, in words an auditor reads.

Each app names its actions here (or with :func:`describe` from its ``AppConfig.ready``);
the log stores the code, the pages show the words. A code without words is shown as is.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "core.countries.load": _("Country list loaded"),
    "accounts.agency.create": _("Agency added"),
    "accounts.agency.update": _("Agency changed"),
    "accounts.login": _("Logged in"),
    "accounts.login.failed": _("Log-in refused: wrong password"),
    "accounts.login.failed_code": _("Log-in refused: wrong code"),
    "accounts.login.locked": _("Account locked after failed attempts"),
    "accounts.user.create": _("User created"),
    "accounts.user.update": _("User changed"),
    "accounts.user.reset_password": _("Password reset"),
    "accounts.user.reset_two_factor": _("Two-factor authentication reset"),
    "accounts.user.begin_two_factor": _("Two-factor enrolment started"),
    "accounts.user.enrol_two_factor": _("Two-factor authentication set up"),
    "accounts.user.unlock": _("Account unlocked"),
    "plan.plan.create": _("Plan created"),
    "plan.plan.load": _("Plan loaded"),
    "plan.plan.update": _("Plan changed"),
    "plan.plan.copy_structure": _("Plan sections copied"),
    "plan.section.create": _("Section added"),
    "plan.section.update": _("Section changed"),
    "plan.measure.create": _("Measure added"),
    "plan.measure.update": _("Measure changed"),
    "plan.measure.assign_agency": _("Agency assigned to a measure"),
    "plan.measure.unassign_agency": _("Agency removed from a measure"),
    "plan.period.open": _("Reporting period opened"),
    "plan.period.set_status": _("Reporting period opened or closed"),
    "plan.report.create": _("Report drafted"),
    "plan.report.update": _("Report edited"),
    "plan.report.attach": _("File attached to a report"),
    "plan.report.detach": _("File removed from a report"),
    "plan.report.submit": _("Report submitted"),
    "plan.report.return": _("Report returned for correction"),
    "plan.report.accept": _("Report accepted"),
    "core.keys.rotate": _("Identity data re-encrypted under a new key"),
    "cases.articles.load": _("Criminal Code articles loaded"),
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
    "nrm.assistance.close": _("Assistance case closed"),
    "nrm.case.close": _("Assistance case closed"),
    "nrm.abroad.record": _("Citizen harmed abroad recorded"),
    "nrm.indicator.active": _("Indicator taken out of use or back"),
    "nrm.allowance_rate.set": _("Allowance rate set"),
    "nrm.abroad.close": _("Case of a citizen harmed abroad closed"),
    "cases.article.create": _("Criminal Code article added"),
    "cases.article.update": _("Criminal Code article changed"),
    "cases.person.create": _("Person entered"),
    "cases.person.update": _("Person changed"),
    "cases.person.identity_view": _("Identity opened"),
    "cases.person.name_search": _("Persons searched by name"),
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
    "cases.break_glass.open": _("Emergency access opened"),
    "cases.break_glass.review": _("Emergency access reviewed"),
    "cases.demo.generate": _("Demonstration persons generated"),
}


def describe(code: str, label: Promise) -> None:
    ACTION_LABELS[code] = label


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
