"""The referral mechanism's alerts (``ctis.inbox``): a notification received by the police
unit, and overdue after 24 hours; a referral received, accepted or declined; and, from the
periodic reminders, a reflection period ending within 7 days and a support-plan action
overdue. Subjects name the person by code only. Recipients are those whom the pages'
gates let open the record: the notification (``nrm.views.notifications``), the referral
(``nrm.access.may_see_referral``), the person (``cases.access.decide``), the action
(``nrm.views.assistance.support_action_detail``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import User
from ctis.accounts.selectors import users_holding
from ctis.cases.access import decide
from ctis.cases.models import Person
from ctis.inbox import kinds
from ctis.inbox.kinds import Kind, Reminder, subject
from ctis.inbox.services import alert_send
from ctis.nrm.access import may_see_referral
from ctis.nrm.models import (
    Notification,
    Progress,
    Referral,
    ReferralState,
    SupportAction,
)
from ctis.nrm.selectors import NOT_A_VICTIM, REFLECTION_ALERT_DAYS, REFLECTION_DAYS

NOTIFICATION_RECEIVED = "nrm.notification_received"
NOTIFICATION_OVERDUE = "nrm.notification_overdue"
REFERRAL_RECEIVED = "nrm.referral_received"
REFERRAL_ACCEPTED = "nrm.referral_accepted"
REFERRAL_DECLINED = "nrm.referral_declined"
REFLECTION_ENDING = "nrm.reflection_ending"
ACTION_OVERDUE = "nrm.support_action_overdue"

KINDS = [
    Kind(
        NOTIFICATION_RECEIVED,
        _("A presumed victim notified to the police unit"),
        _("The police unit's staff who take notifications up"),
        order=20,
        held_by=("nrm.decide_status",),
    ),
    Kind(
        NOTIFICATION_OVERDUE,
        _("A notification not taken up within 24 hours"),
        _("The police unit's staff who take notifications up"),
        order=21,
        held_by=("nrm.decide_status",),
    ),
    Kind(
        REFERRAL_RECEIVED,
        _("A referral received"),
        _("The receiving agency's staff who answer referrals"),
        order=30,
        held_by=("nrm.receive_referrals",),
    ),
    Kind(
        REFERRAL_ACCEPTED,
        _("A referral accepted"),
        _("Whoever sent the referral"),
        order=31,
        held_by=("nrm.refer",),
    ),
    Kind(
        REFERRAL_DECLINED,
        _("A referral declined"),
        _("Whoever sent the referral"),
        order=32,
        held_by=("nrm.refer",),
    ),
    Kind(
        REFLECTION_ENDING,
        _("A reflection period ending within 7 days"),
        _("Staff who may open the person's identity"),
        order=40,
        held_by=("cases.view_identities", "cases.edit_records", "nrm.receive_referrals"),
    ),
    Kind(
        ACTION_OVERDUE,
        _("A support-plan action overdue"),
        _("The responsible agency's and the plan's agency's staff who record services"),
        order=41,
        held_by=("nrm.record_services",),
    ),
]


def notification_handlers(agency_id: int) -> list[User]:
    """The agency's staff who take notifications up and see their page."""
    return [
        user
        for user in users_holding("nrm.decide_status", agency_ids=[agency_id])
        if user.has_perm("nrm.view_notifications")
    ]


def notification_sent(*, notification: Notification, actor: User) -> None:
    alert_send(
        kind=NOTIFICATION_RECEIVED,
        recipients=notification_handlers(notification.to_agency_id),
        subject=subject(
            _("Presumed victim %(code)s notified by %(agency)s"),
            code=notification.person.code,
            agency=lambda: notification.from_agency.short_name,
        ),
        link=notification.get_absolute_url(),
        actor=actor,
    )


def referral_sent(*, referral: Referral, actor: User) -> None:
    alert_send(
        kind=REFERRAL_RECEIVED,
        recipients=users_holding("nrm.receive_referrals", agency_ids=[referral.to_agency_id]),
        subject=subject(
            _("Referral of %(code)s received from %(agency)s"),
            code=referral.person.code,
            agency=lambda: referral.from_agency.short_name,
        ),
        link=referral.get_absolute_url(),
        actor=actor,
    )


def referral_answered(*, referral: Referral, actor: User) -> None:
    """Tell the sender: the person who sent it while they may still see it, else the
    sending agency's staff who refer."""
    if referral.state not in (ReferralState.ACCEPTED, ReferralState.DECLINED):
        return
    sender = referral.sent_by
    if sender is not None and sender.is_active and may_see_referral(sender, referral):
        recipients = [sender]
    else:
        recipients = list(users_holding("nrm.refer", agency_ids=[referral.from_agency_id]))
    accepted = referral.state == ReferralState.ACCEPTED
    alert_send(
        kind=REFERRAL_ACCEPTED if accepted else REFERRAL_DECLINED,
        recipients=recipients,
        subject=subject(
            _("Referral of %(code)s accepted by %(agency)s")
            if accepted
            else _("Referral of %(code)s declined by %(agency)s"),
            code=referral.person.code,
            agency=lambda: referral.to_agency.short_name,
        ),
        link=referral.get_absolute_url(),
        actor=actor,
    )


# --- reminders ----------------------------------------------------------------------


def notification_reminders(now: datetime.datetime) -> Iterator[Reminder]:
    overdue = Notification.objects.filter(received_at__isnull=True, due_at__lt=now).select_related(
        "person"
    )
    for notification in overdue.only("id", "to_agency_id", "person__code", "due_at"):
        yield Reminder(
            kind=NOTIFICATION_OVERDUE,
            key=f"notification:{notification.pk}:24h",
            recipients=partial(notification_handlers, notification.to_agency_id),
            subject=subject(
                _("Notification of %(code)s not taken up within 24 hours"),
                code=notification.person.code,
            ),
            link=notification.get_absolute_url(),
        )


def _may_open_identity(person: Person) -> list[User]:
    """Who may open the person's identity: among the staff of the agencies that hold it,
    entered it, were notified of it or had it referred, those the decision lets in."""
    agencies = {person.owner_agency_id, person.created_by_agency_id}
    agencies |= set(
        Notification.objects.filter(person=person).values_list("to_agency_id", flat=True)
    )
    agencies |= set(
        Referral.objects.filter(person=person, state=ReferralState.ACCEPTED).values_list(
            "to_agency_id", flat=True
        )
    )
    candidates = users_holding(
        "cases.view_identities", "cases.edit_records", "nrm.receive_referrals", agency_ids=agencies
    )
    return [user for user in candidates if decide(user, person).identity]


def reflection_reminders(now: datetime.datetime) -> Iterator[Reminder]:
    today = timezone.localdate(now)
    first = today - datetime.timedelta(days=REFLECTION_DAYS - 1)
    last = first + datetime.timedelta(days=REFLECTION_ALERT_DAYS)
    persons = (
        Person.objects.filter(identified_on__gte=first, identified_on__lte=last)
        .exclude(victim_status=NOT_A_VICTIM)
        .only("id", "code", "identified_on", "owner_agency_id", "created_by_agency_id")
    )
    for person in persons:
        assert person.identified_on is not None  # filtered above
        ends = person.identified_on + datetime.timedelta(days=REFLECTION_DAYS - 1)
        yield Reminder(
            kind=REFLECTION_ENDING,
            key=f"person:{person.pk}:reflection:{ends.isoformat()}",
            recipients=partial(_may_open_identity, person),
            subject=subject(
                _("Reflection period of %(code)s ends on %(ends)s"),
                code=person.code,
                ends=ends.isoformat(),
            ),
            link=person.get_absolute_url(),
        )


def action_reminders(now: datetime.datetime) -> Iterator[Reminder]:
    today = timezone.localdate(now)
    actions = (
        SupportAction.objects.filter(
            due_on__lt=today, progress__in=[Progress.NOT_STARTED, Progress.IN_PROGRESS]
        )
        .select_related("plan__person")
        .only("id", "due_on", "responsible_id", "plan__agency_id", "plan__person__code")
    )
    for action in actions:
        recipients = users_holding(
            "nrm.record_services", agency_ids=[action.responsible_id, action.plan.agency_id]
        )
        yield Reminder(
            kind=ACTION_OVERDUE,
            key=f"action:{action.pk}:due:{action.due_on.isoformat()}",
            recipients=recipients,
            subject=subject(
                _("Support-plan action for %(code)s overdue since %(due)s"),
                code=action.plan.person.code,
                due=action.due_on.isoformat(),
            ),
            link=action.get_absolute_url(),
        )


def register() -> None:
    kinds.declare(*KINDS)
    kinds.register_reminder("nrm.notification_overdue", notification_reminders)
    kinds.register_reminder("nrm.reflection_ending", reflection_reminders)
    kinds.register_reminder("nrm.support_action_overdue", action_reminders)
