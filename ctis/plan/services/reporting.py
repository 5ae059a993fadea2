"""The yearly reporting cycle on plan measures.

A report moves draft → submitted → accepted, or submitted → returned → submitted …;
``REPORT_STEPS`` is the whole table (``ctis.core.states``), and each step has one service
below. Accepted reports are locked. Every step is dated (``ReportEvent``) and audited.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import Agency, User
from ctis.audit.selectors import changes_since
from ctis.audit.services import audit_record, diff, snapshot
from ctis.core import bounds
from ctis.core.errors import InvalidTransition, require_permission
from ctis.core.locking import bump, check_version, refusing_twins
from ctis.core.states import Machine, Step, Who, has_perm
from ctis.plan import alerts
from ctis.plan.models import (
    ActionPlan,
    ImplementationStatus,
    Measure,
    MeasureBody,
    MeasureReport,
    ReportAttachment,
    ReportEvent,
    ReportFigure,
    ReportingPeriod,
)
from ctis.plan.selectors import reportable_agencies
from ctis.plan.services.indicators import (
    IndicatorValueInput,
    clean_indicator_values,
    indicator_values_snapshot,
    replace_indicator_values,
)

State = MeasureReport.State


OWN_AGENCY_ONLY = gettext_lazy("Only the reporting agency's own staff may change its reports.")

# The agency head submits the agency's own reports; the coordinator reviews any agency's.
_own_agency = Who(lambda user, report: user.agency_id == report.agency_id, OWN_AGENCY_ONLY)

REPORT_STEPS = Machine(
    [
        Step(
            "submit",
            frozenset({State.DRAFT, State.RETURNED}),
            State.SUBMITTED,
            gettext_lazy("submitted"),
            has_perm("plan.submit_report") & _own_agency,
        ),
        Step(
            "return",
            frozenset({State.SUBMITTED}),
            State.RETURNED,
            gettext_lazy("returned"),
            has_perm("plan.review_report"),
        ),
        Step(
            "accept",
            frozenset({State.SUBMITTED}),
            State.ACCEPTED,
            gettext_lazy("accepted"),
            has_perm("plan.review_report"),
        ),
    ],
    refused=gettext_lazy("A report that is %(state)s cannot be %(step)s."),
    state_label=lambda report: report.get_state_display().lower(),
)

REPORT_FIELDS = ["state", "status", "narrative", "review_comment"]

# What an attachment may be: extension → (MIME type, leading bytes of such a file).
ALLOWED_ATTACHMENTS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


@dataclass
class FigureInput:
    label: str
    value: str | Decimal
    unit: str = ""


# --- periods --------------------------------------------------------------------------


def _check_year_free(plan: ActionPlan, year: int) -> None:
    if ReportingPeriod.objects.filter(plan=plan, year=year).exists():
        raise ValidationError(
            {"year": _("A reporting period for %(year)d already exists.") % {"year": year}}
        )


@transaction.atomic
def period_open(
    *, actor: User, plan: ActionPlan, year: int, due_date: datetime.date
) -> ReportingPeriod:
    require_permission(actor, "plan.manage_periods")
    if not plan.year_from <= year <= plan.year_to:
        raise ValidationError(
            {
                "year": _("The plan covers %(from)d–%(to)d; %(year)d is outside it.")
                % {"from": plan.year_from, "to": plan.year_to, "year": year}
            }
        )
    if due_date.year < year:
        raise ValidationError(
            {"due_date": _("The due date must come after the start of the reported year.")}
        )
    check = partial(_check_year_free, plan, year)
    check()
    period = ReportingPeriod(plan=plan, year=year, due_date=due_date, opened_by=actor)
    with refusing_twins(check):
        period.full_clean()
        period.save()
    audit_record(
        actor=actor,
        action="plan.period.open",
        obj=period,
        changes=diff({}, snapshot(period, ["year", "due_date", "status"])),
    )
    return period


@transaction.atomic
def period_set_status(*, actor: User, period: ReportingPeriod, status: str) -> ReportingPeriod:
    require_permission(actor, "plan.manage_periods")
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if status not in ReportingPeriod.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    before = snapshot(period, ["status"])
    period.status = status
    period.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="plan.period.set_status",
        obj=period,
        changes=diff(before, snapshot(period, ["status"])),
    )
    return period


# --- drafting -------------------------------------------------------------------------


def _clean_figures(figures: list[FigureInput]) -> list[FigureInput]:
    cleaned, errors = [], []
    for number, figure in enumerate(figures, start=1):
        label, unit = (figure.label or "").strip(), (figure.unit or "").strip()
        raw = (
            str(figure.value).strip().replace(" ", "").replace(",", ".")
            if figure.value is not None
            else ""
        )
        if not label and not raw:
            continue
        if not label:
            errors.append(_("Figure %(n)d: give the indicator's name.") % {"n": number})
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors.append(
                _("Figure %(n)d (%(label)s): “%(value)s” is not a number.")
                % {"n": number, "label": label, "value": raw}
            )
            continue
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            errors.append(
                _("Figure %(n)d (%(label)s): the number is out of range.")
                % {"n": number, "label": label}
            )
            continue
        if value < 0:
            errors.append(
                _("Figure %(n)d (%(label)s): a figure cannot be negative.")
                % {"n": number, "label": label}
            )
            continue
        if "\x00" in label or "\x00" in unit:
            errors.append(_("Figure %(n)d: null characters are not allowed.") % {"n": number})
            continue
        cleaned.append(FigureInput(label=label[:200], value=value, unit=unit[:40]))
    if errors:
        raise ValidationError({"figures": errors})
    return cleaned


def _check_content(status: str, narrative: str) -> None:
    if status not in ImplementationStatus.values:
        raise ValidationError({"status": _("Choose the measure's implementation status.")})
    if status != ImplementationStatus.NOTHING_TO_REPORT and not narrative.strip():
        raise ValidationError(
            {"narrative": _("Describe what was done (or choose “Nothing to report this period”).")}
        )


def _check_same_agency(actor: User, agency_id: int) -> None:
    if actor.agency_id != agency_id:
        raise PermissionDenied(OWN_AGENCY_ONLY)


def _check_period_open(period: ReportingPeriod) -> None:
    if not period.is_open:
        raise ValidationError(
            _("The reporting period %(year)d is closed; reports can no longer be changed.")
            % {"year": period.year}
        )


def _replace_figures(report: MeasureReport, figures: list[FigureInput]) -> None:
    report.figures.all().delete()
    ReportFigure.objects.bulk_create(
        ReportFigure(report=report, label=f.label, value=f.value, unit=f.unit, position=i)
        for i, f in enumerate(figures)
    )


def _figures_snapshot(report: MeasureReport) -> list[str]:
    return [f"{f.label}: {f.value.normalize():f} {f.unit}".strip() for f in report.figures.all()]


def _content_snapshot(report: MeasureReport) -> dict:
    """What the audit log keeps of a report's content: its fields, figures and numbers."""
    content = {**snapshot(report, REPORT_FIELDS), "figures": _figures_snapshot(report)}
    numbers = indicator_values_snapshot(report)
    if numbers:  # a report without catalogue numbers reads in the log as before them
        content["indicators"] = numbers
    return content


def _event(report: MeasureReport, action: str, actor: User, comment: str = "") -> None:
    ReportEvent.objects.create(
        report=report, action=action, actor=actor, at=timezone.now(), comment=comment
    )


def report_create(
    *,
    actor: User,
    period: ReportingPeriod,
    measure: Measure,
    agency: Agency,
    status: str,
    narrative: str = "",
    figures: list[FigureInput] | None = None,
    indicator_values: list[IndicatorValueInput] | None = None,
) -> MeasureReport:
    # Two people drafting the same report at the same moment: the database's unique
    # constraint decides, and the loser gets the same message as the check.
    with refusing_twins(partial(_check_no_report, period, measure, agency)):
        return _report_create(
            actor=actor,
            period=period,
            measure=measure,
            agency=agency,
            status=status,
            narrative=narrative,
            figures=figures or [],
            indicator_values=indicator_values or [],
        )


def _check_no_report(period: ReportingPeriod, measure: Measure, agency: Agency) -> None:
    if MeasureReport.objects.filter(period=period, measure=measure, agency=agency).exists():
        raise ValidationError(
            _(
                "%(agency)s already has a report on measure %(measure)s for %(year)d; open "
                "and edit that one."
            )
            % {"agency": agency.short_name, "measure": measure.number, "year": period.year}
        )


def _report_create(
    *, actor, period, measure, agency, status, narrative, figures, indicator_values
) -> MeasureReport:
    require_permission(actor, "plan.draft_report")
    _check_same_agency(actor, agency.pk)
    _check_period_open(period)
    if measure.plan_id != period.plan_id:
        raise ValidationError(
            _("Measure %(measure)s is not part of this period's plan.")
            % {"measure": measure.number}
        )
    if agency.pk not in reportable_agencies(measure):
        raise ValidationError(
            _("%(agency)s is not an executing body of measure %(measure)s.")
            % {"agency": agency.short_name, "measure": measure.number}
        )
    _check_no_report(period, measure, agency)
    _check_content(status, narrative)
    figures = _clean_figures(figures)
    values = clean_indicator_values(
        measure=measure, agency=agency, report=None, values=indicator_values
    )
    report = MeasureReport(
        period=period,
        measure=measure,
        agency=agency,
        status=status,
        narrative=narrative.strip(),
        created_by=actor,
    )
    report.full_clean()
    report.save()
    _replace_figures(report, figures)
    replace_indicator_values(report, values)
    _event(report, ReportEvent.Action.CREATE, actor)
    audit_record(
        actor=actor,
        action="plan.report.create",
        obj=report,
        changes=diff({}, _content_snapshot(report)),
    )
    return report


def _lock_for_change(*, actor: User, report_id, version: int | None = None) -> MeasureReport:
    """Lock a report that ``actor`` is about to change, or refuse: only the agency's own
    drafters, only while the period is open, only a draft or a returned report, and (given
    the ``version`` the form was opened at) only if nobody saved it since."""
    require_permission(actor, "plan.draft_report")
    report = MeasureReport.objects.select_for_update().select_related("period").get(pk=report_id)
    _check_same_agency(actor, report.agency_id)
    _check_period_open(report.period)
    if not report.is_editable:
        raise InvalidTransition(
            _("This report is %(state)s and can no longer be edited.")
            % {"state": report.get_state_display().lower()}
        )
    check_version(report, version, explain=_stale)
    return report


def _stale(report: MeasureReport, version: int) -> str:
    """Who changed the report since ``version``, and when: its saves and its steps."""
    return changes_since(report, version, label=_("report"), steps=tuple(REPORT_STEPS.steps))


@transaction.atomic
def report_update(
    *,
    actor: User,
    report: MeasureReport,
    expected_version: int,
    status: str,
    narrative: str,
    figures: list[FigureInput],
    indicator_values: list[IndicatorValueInput] | None = None,
) -> MeasureReport:
    """Change a draft or returned report; ``indicator_values`` None leaves its numbers as
    they are, a list replaces them (an empty value removes one)."""
    report = _lock_for_change(actor=actor, report_id=report.pk, version=expected_version)
    _check_content(status, narrative)
    figures = _clean_figures(figures)
    values = (
        clean_indicator_values(
            measure=report.measure, agency=report.agency, report=report, values=indicator_values
        )
        if indicator_values is not None
        else None
    )
    before = _content_snapshot(report)
    report.status = status
    report.narrative = narrative.strip()
    bump(report)
    report.full_clean()
    report.save()
    _replace_figures(report, figures)
    if values is not None:
        replace_indicator_values(report, values)
    changes = diff(before, _content_snapshot(report))
    _event(report, ReportEvent.Action.UPDATE, actor)
    audit_record(actor=actor, action="plan.report.update", obj=report, changes=changes)
    return report


def _check_attachment(upload: UploadedFile) -> tuple[str, str]:
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit_mb = settings.CTIS_ATTACHMENT_MAX_BYTES // (1024 * 1024)
    assert upload.size is not None  # Django measures every uploaded file
    if upload.size > settings.CTIS_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("“%(name)s” is larger than %(limit)d MB.")
                % {"name": name, "limit": limit_mb}
            }
        )
    if extension not in ALLOWED_ATTACHMENTS:
        raise ValidationError(
            {
                "file": _(
                    "“%(name)s” is not an accepted type. Attach PDF, DOCX, "
                    "XLSX, ODT, ODS, JPEG or PNG files."
                )
                % {"name": name}
            }
        )
    content_type, signatures = ALLOWED_ATTACHMENTS[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {
                "file": _("“%(name)s” does not contain what its name says (.%(ext)s).")
                % {"name": name, "ext": extension}
            }
        )
    return content_type, extension


@transaction.atomic
def report_attach(*, actor: User, report: MeasureReport, upload: UploadedFile) -> ReportAttachment:
    report = _lock_for_change(actor=actor, report_id=report.pk)
    content_type, _extension = _check_attachment(upload)
    assert upload.size is not None  # checked by _check_attachment
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = ReportAttachment(
        report=report,
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.full_clean()
    # The file is written before the row; if saving the row fails, remove the file again.
    try:
        attachment.save()
        audit_record(
            actor=actor,
            action="plan.report.attach",
            obj=report,
            changes={
                "attachment": {"before": None, "after": attachment.original_name},
                "sha256": {"before": None, "after": attachment.sha256},
            },
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def report_detach(*, actor: User, attachment: ReportAttachment) -> None:
    report = _lock_for_change(actor=actor, report_id=attachment.report_id)
    name = attachment.original_name
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    audit_record(
        actor=actor,
        action="plan.report.detach",
        obj=report,
        changes={"attachment": {"before": name, "after": None}},
    )


# --- review cycle ---------------------------------------------------------------------


def _begin(*, actor: User, report: MeasureReport, name: str) -> tuple[MeasureReport, dict]:
    """Lock the report and check that ``actor`` may take step ``name`` on it now; state
    not yet changed."""
    report = (
        MeasureReport.objects.select_for_update()
        .select_related("period", "agency", "measure")
        .get(pk=report.pk)
    )
    REPORT_STEPS.check(report, name, actor)
    _check_period_open(report.period)
    return report, snapshot(report, REPORT_FIELDS)


def _finish(
    *, actor: User, report: MeasureReport, before: dict, name: str, comment: str = ""
) -> MeasureReport:
    REPORT_STEPS.advance(report, name)
    bump(report)
    report.full_clean()
    report.save()
    _event(report, name, actor, comment)
    audit_record(
        actor=actor,
        action=f"plan.report.{name}",
        obj=report,
        changes=diff(before, snapshot(report, REPORT_FIELDS)),
    )
    alerts.report_stepped(report=report, step=name, actor=actor)
    return report


@transaction.atomic
def report_submit(
    *, actor: User, report: MeasureReport, version: int | None = None
) -> MeasureReport:
    """The agency head approves the draft and submits it to the coordinator; given the
    ``version`` the head read, only if nobody changed the report since."""
    report, before = _begin(actor=actor, report=report, name="submit")
    check_version(report, version, explain=_stale)
    _check_content(report.status, report.narrative)
    now = timezone.now()
    report.submitted_at = now
    report.submitted_by = actor
    report.first_submitted_at = report.first_submitted_at or now
    return _finish(actor=actor, report=report, before=before, name="submit")


@transaction.atomic
def report_return(*, actor: User, report: MeasureReport, comment: str) -> MeasureReport:
    report, before = _begin(actor=actor, report=report, name="return")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the agency must correct.")})
    bounds.check_text(comment, bounds.NOTE, field="comment")
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.review_comment = comment
    return _finish(actor=actor, report=report, before=before, name="return", comment=comment)


@transaction.atomic
def report_accept(*, actor: User, report: MeasureReport, comment: str = "") -> MeasureReport:
    report, before = _begin(actor=actor, report=report, name="accept")
    bounds.check_text(comment, bounds.NOTE, field="comment")
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.review_comment = (comment or "").strip()
    return _finish(
        actor=actor, report=report, before=before, name="accept", comment=report.review_comment
    )


# --- bodies assigned by the coordinator --------------------------------------------------


@transaction.atomic
def measure_assign_agency(
    *, actor: User, measure: Measure, agency: Agency, for_entry: str = ""
) -> MeasureBody:
    """Make ``agency`` answerable for ``measure`` (e.g. for "digər aidiyyəti dövlət orqanları")."""
    require_permission(actor, "plan.assign_bodies")
    if measure.bodies.filter(agency=agency).exists():
        raise ValidationError(
            {
                "agency": _("%(agency)s is already a body of measure %(measure)s.")
                % {"agency": agency.short_name, "measure": measure.number}
            }
        )
    position = measure.bodies.filter(role=MeasureBody.Role.ASSIGNED).count()
    body = MeasureBody(
        measure=measure,
        role=MeasureBody.Role.ASSIGNED,
        position=position,
        name_as_written=for_entry or agency.name_az,
        agency=agency,
    )
    body.full_clean()
    body.save()
    audit_record(
        actor=actor,
        action="plan.measure.assign_agency",
        obj=measure,
        changes={
            "assigned": {"before": None, "after": agency.code},
            "for_entry": {"before": None, "after": for_entry},
        },
    )
    return body


@transaction.atomic
def measure_unassign_agency(*, actor: User, body: MeasureBody) -> None:
    require_permission(actor, "plan.assign_bodies")
    if body.role != MeasureBody.Role.ASSIGNED:
        raise ValidationError(
            _(
                "Only bodies assigned by the coordinator can be removed here; "
                "edit the measure to change the plan's own bodies."
            )
        )
    agency = body.agency
    assert agency is not None  # an assigned body always names an agency
    if MeasureReport.objects.filter(measure=body.measure, agency=agency).exists():
        raise ValidationError(
            _("%(agency)s has already reported on this measure.") % {"agency": agency.short_name}
        )
    measure = body.measure
    code = agency.code
    body.delete()
    audit_record(
        actor=actor,
        action="plan.measure.unassign_agency",
        obj=measure,
        changes={"assigned": {"before": code, "after": None}},
    )
