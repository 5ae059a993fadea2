"""The plan's alerts (``ctis.inbox``): a report submitted (to the coordinator's reviewers),
returned or accepted (to the reporting agency's staff who draft or submit), and, from the
periodic reminders, a reporting period's due date near for agencies with reports missing.
The recipients are those whom ``ctis.plan.access.access_report`` lets open the report."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ctis.accounts.models import User
from ctis.accounts.selectors import users_holding
from ctis.inbox import kinds
from ctis.inbox.kinds import Kind, Reminder, subject
from ctis.inbox.services import alert_send
from ctis.plan.models import MeasureReport, ReportingPeriod
from ctis.plan.selectors import expected_pairs

SUBMITTED = "plan.report_submitted"
RETURNED = "plan.report_returned"
ACCEPTED = "plan.report_accepted"
PERIOD_DUE = "plan.period_due"

# Days before a period's due date at which agencies with reports missing are reminded.
DUE_THRESHOLDS = (14, 3)

KINDS = [
    Kind(
        SUBMITTED,
        _("A report submitted for review"),
        _("The coordinator's reviewers"),
        order=10,
        held_by=("plan.review_report",),
    ),
    Kind(
        RETURNED,
        _("A report returned for correction"),
        _("The reporting agency's reporters and head"),
        order=11,
        held_by=("plan.draft_report", "plan.submit_report"),
    ),
    Kind(
        ACCEPTED,
        _("A report accepted"),
        _("The reporting agency's reporters and head"),
        email=False,
        order=12,
        held_by=("plan.draft_report", "plan.submit_report"),
    ),
    Kind(
        PERIOD_DUE,
        _("A reporting period's due date near, with reports missing"),
        _("The reporters and head of each agency with reports missing"),
        order=13,
        held_by=("plan.draft_report", "plan.submit_report"),
    ),
]

_SUBJECTS = {
    SUBMITTED: _("Report on measure %(measure)s (%(year)s) submitted by %(agency)s"),
    RETURNED: _("Report on measure %(measure)s (%(year)s) returned for correction"),
    ACCEPTED: _("Report on measure %(measure)s (%(year)s) accepted"),
}


def reviewers():
    return [u for u in users_holding("plan.review_report") if u.has_perm("plan.view_all_reports")]


def agency_staff(agency_id: int):
    return users_holding("plan.draft_report", "plan.submit_report", agency_ids=[agency_id])


def report_stepped(*, report: MeasureReport, step: str, actor: User) -> None:
    """Tell who must know that the report was submitted, returned or accepted."""
    kind = {"submit": SUBMITTED, "return": RETURNED, "accept": ACCEPTED}[step]
    recipients = reviewers() if step == "submit" else agency_staff(report.agency_id)
    alert_send(
        kind=kind,
        recipients=recipients,
        subject=subject(
            _SUBJECTS[kind],
            measure=report.measure.number,
            year=report.period.year,
            agency=lambda: report.agency.short_name,
        ),
        link=report.get_absolute_url(),
        actor=actor,
    )


def period_due_reminders(now: datetime.datetime) -> Iterator[Reminder]:
    """For each open period due within 14 days (and again within 3), each agency that has
    not yet submitted all its reports."""
    today = timezone.localdate(now)
    periods = ReportingPeriod.objects.filter(
        status=ReportingPeriod.Status.OPEN,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=max(DUE_THRESHOLDS)),
    )
    for period in periods:
        days_left = (period.due_date - today).days
        threshold = min(t for t in DUE_THRESHOLDS if days_left <= t)
        received = set(
            period.reports.filter(first_submitted_at__isnull=False).values_list(
                "measure_id", "agency_id"
            )
        )
        missing: dict[int, int] = {}
        for pair in set(expected_pairs(period)):
            if pair not in received:
                missing[pair[1]] = missing.get(pair[1], 0) + 1
        for agency_id, count in sorted(missing.items()):
            yield Reminder(
                kind=PERIOD_DUE,
                key=f"period:{period.pk}:agency:{agency_id}:{threshold}d",
                recipients=agency_staff(agency_id),
                subject=subject(
                    ngettext_lazy(
                        "Reporting period %(year)s is due on %(due)s: %(count)s report missing",
                        "Reporting period %(year)s is due on %(due)s: %(count)s reports missing",
                        "count",
                    ),
                    year=period.year,
                    due=period.due_date.isoformat(),
                    count=count,
                ),
                link=period.get_absolute_url(),
            )


def register() -> None:
    kinds.declare(*KINDS)
    kinds.register_reminder("plan.period_due", period_due_reminders)
