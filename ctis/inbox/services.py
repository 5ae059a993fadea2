"""Writes of the alert centre: sending alerts (inside the write that caused them),
delivering their e-mail after the commit, reading them, the users' settings, and the
periodic reminders.

``alert_send`` runs in the transaction of the service that emits it, so an alert exists
exactly when the change it tells of does. Its e-mail goes after the commit, through
``deliver_email(alert_id)`` (one function, which a task queue may run instead); a failed
send is logged by the alert's id and marked, and never undoes the write.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.inbox import kinds
from ctis.inbox.models import Alert, EmailState, Preference, ReminderSent

logger = logging.getLogger(__name__)


def alert_send(
    *,
    kind: str,
    recipients: Iterable[User],
    subject: dict[str, str],
    link: str,
    actor: User | None = None,
) -> list[Alert]:
    """One alert per recipient (the actor, who knows, excepted), as each one's settings
    for the kind say: in the centre, by e-mail (to those with an address), both or
    neither. Call it inside the emitting service's transaction."""
    declared = kinds.get(kind)
    if not link:
        raise ValueError("An alert links to the record it is about.")
    people: dict[int, User] = {}
    for user in recipients:
        if user.is_active and (actor is None or user.pk != actor.pk):
            people.setdefault(user.pk, user)
    if not people:
        return []
    chosen = {
        user_id: (in_app, email)
        for user_id, in_app, email in Preference.objects.filter(
            kind=kind, user_id__in=list(people)
        ).values_list("user_id", "in_app", "email")
    }
    alerts = []
    for user_id, user in people.items():
        in_app, email = chosen.get(user_id, (declared.in_app, declared.email))
        email = email and bool(user.email)
        if not in_app and not email:
            continue
        alerts.append(
            Alert(
                recipient=user,
                kind=kind,
                subject=subject,
                link=link,
                in_app=in_app,
                email_state=EmailState.PENDING if email else EmailState.NONE,
            )
        )
    Alert.objects.bulk_create(alerts)
    for alert in alerts:
        if alert.email_state == EmailState.PENDING:
            transaction.on_commit(partial(_queue_email, alert.pk), robust=True)
    return alerts


def _queue_email(alert_id) -> None:
    """After the commit: the e-mail goes to the queue, and ``ctis worker`` sends it."""
    from ctis.inbox.tasks import send_alert_email  # the task module imports this one

    send_alert_email.enqueue(str(alert_id))  # task arguments are JSON


def absolute_url(path: str) -> str:
    return settings.CTIS_SITE_URL.rstrip("/") + path


def deliver_email(message_id) -> bool:
    """Send the e-mail of one alert, once: its subject and a link, in the recipient's
    language (the one they last chose on the site, else the site's). A failure is logged
    without the address or any text, and the alert marked; it returns False."""
    claimed = Alert.objects.filter(pk=message_id, email_state=EmailState.PENDING).update(
        email_state=EmailState.SENDING
    )
    if not claimed:
        return False
    alert = Alert.objects.select_related("recipient").get(pk=message_id)
    user = alert.recipient
    language = user.language or settings.LANGUAGE_CODE
    try:
        if not user.email or not user.is_active:
            raise ValueError("no address")
        with translation.override(language):
            text = alert.text_in(language)
            body = render_to_string(
                "inbox/email.txt", {"subject": text, "url": absolute_url(alert.link)}
            )
            send_mail(
                subject=_("ctis: %(subject)s") % {"subject": text},
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
    except Exception as error:  # any backend's failure: the write stands, the alert says so
        logger.warning("Alert %s: e-mail not sent (%s)", alert.pk, type(error).__name__)
        Alert.objects.filter(pk=alert.pk).update(email_state=EmailState.FAILED)
        return False
    Alert.objects.filter(pk=alert.pk).update(email_state=EmailState.SENT, emailed_at=timezone.now())
    return True


def _own(user: User):
    return Alert.objects.filter(recipient=user, in_app=True)


@transaction.atomic
def alert_open(*, user: User, alert_id) -> Alert | None:
    """Mark one of the user's own alerts read (once) and return it; None when it is not
    theirs, or does not exist (the same answer)."""
    alert = _own(user).select_for_update().filter(pk=alert_id).first()
    if alert is not None and alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert


@transaction.atomic
def alerts_mark_all_read(*, user: User) -> int:
    return _own(user).filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, actor: User, choices: dict[str, tuple[bool, bool]]) -> None:
    """The user's own settings: for each kind, (in the centre, by e-mail)."""
    unknown = [code for code in choices if code not in {k.code for k in kinds.all_kinds()}]
    if unknown:
        raise ValidationError(_("Unknown kind of alert."))
    stored = {
        p.kind: p
        for p in Preference.objects.select_for_update().filter(user=actor, kind__in=choices)
    }
    changes = {}
    for code, (in_app, email) in choices.items():
        kind = kinds.get(code)
        row = stored.get(code)
        before = (row.in_app, row.email) if row else (kind.in_app, kind.email)
        if before == (in_app, email):
            continue
        if row is None:
            row = Preference(user=actor, kind=code, in_app=in_app, email=email)
        row.in_app, row.email = in_app, email
        row.full_clean(validate_unique=False)
        row.save()
        changes[code] = {"before": list(before), "after": [in_app, email]}
    if changes:
        audit_record(actor=actor, action="inbox.preferences.save", obj=actor, changes=changes)


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Every registered reminder due at ``now``, each sent once (``ReminderSent`` keeps
    the key): running it again sends nothing new. Returns how many reminders went out.
    Run by ``ctis reminders`` (and the worker's schedule), never by a page."""
    now = now or timezone.now()
    sent = 0
    for _name, source in kinds.reminder_sources():
        for reminder in source(now):
            if _remind(reminder, now):
                sent += 1
    if sent:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="inbox.reminders.send",
                object_type="inbox.remindersent",
                changes={"sent": {"before": None, "after": sent}},
            )
    return sent


@transaction.atomic
def _remind(reminder: kinds.Reminder, now: datetime.datetime) -> bool:
    if ReminderSent.objects.filter(kind=reminder.kind, key=reminder.key).exists():
        return False
    record = ReminderSent(kind=reminder.kind, key=reminder.key, sent_at=now)
    try:
        with transaction.atomic():  # a twin run at the same moment loses here
            record.save()
    except IntegrityError:
        return False
    recipients = reminder.recipients
    alerts = alert_send(
        kind=reminder.kind,
        recipients=recipients() if callable(recipients) else recipients,
        subject=reminder.subject,
        link=reminder.link,
    )
    record.recipients = len(alerts)
    record.save(update_fields=["recipients"])
    return True
