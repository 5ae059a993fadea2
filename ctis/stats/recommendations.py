"""International recommendations: read from the source's text (the US TIP report's
chapter ends with "Recommendations for Azerbaijan: …; …; …."), and each one's status in a
year, drawn from the accepted reports on the plan measures that answer it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ctis.plan.models import ImplementationStatus, MeasureReport
from ctis.stats.models import Recommendation

MARKER = "tövsiyələr:"


def parse(text: str) -> list[str]:
    """The recommendations of a chapter's closing paragraph, in order."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    body = " ".join(line.strip() for line in lines)
    if MARKER in body:
        body = body.split(MARKER, 1)[1]
    parts = [part.strip().rstrip(".").strip() for part in body.split(";")]
    return [part[0].upper() + part[1:] + "." for part in parts if part]


# A recommendation's status in a year, from its measures' accepted reports.
ADDRESSED = "addressed"
UNDER_WAY = "under_way"
NOT_ADDRESSED = "not_addressed"
NO_REPORT = "no_report"
NO_MEASURE = "no_measure"
STATUS_LABELS = {
    ADDRESSED: _("Addressed: every measure reported implemented"),
    UNDER_WAY: _("Under way"),
    NOT_ADDRESSED: _("Not addressed: the measures reported not implemented"),
    NO_REPORT: _("No accepted report this year"),
    NO_MEASURE: _("No plan measure answers it"),
}
DONE = {ImplementationStatus.IMPLEMENTED}
MOVING = {ImplementationStatus.IN_PROGRESS, ImplementationStatus.PARTIAL}


@dataclass
class Status:
    recommendation: Recommendation
    status: str
    measures: list[str] = field(default_factory=list)
    reports: dict[str, int] = field(default_factory=dict)  # implementation status → reports

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def _status(measure_count: int, statuses: list[str]) -> str:
    if not measure_count:
        return NO_MEASURE
    if not statuses:
        return NO_REPORT
    if all(s in DONE for s in statuses):
        return ADDRESSED
    if any(s in DONE or s in MOVING for s in statuses):
        return UNDER_WAY
    return NOT_ADDRESSED


def statuses(year: int) -> list[Status]:
    """Every followed recommendation with its status in ``year`` (two queries)."""
    recommendations = list(
        Recommendation.objects.filter(is_active=True).prefetch_related("measures")
    )
    measure_ids = {m.pk for r in recommendations for m in r.measures.all()}
    reports: dict[int, list[str]] = {}
    for measure_id, status in MeasureReport.objects.filter(
        measure_id__in=measure_ids,
        period__year=year,
        state=MeasureReport.State.ACCEPTED,
    ).values_list("measure_id", "status"):
        reports.setdefault(measure_id, []).append(status)
    found = []
    for recommendation in recommendations:
        measures = list(recommendation.measures.all())
        seen = [s for m in measures for s in reports.get(m.pk, [])]
        counts: dict[str, int] = {}
        for status in seen:
            counts[status] = counts.get(status, 0) + 1
        found.append(
            Status(
                recommendation=recommendation,
                status=_status(len(measures), seen),
                measures=[m.number for m in measures],
                reports=counts,
            )
        )
    return found
