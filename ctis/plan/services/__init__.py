"""Writes of the plan module, one module per part: ``loading`` (a plan from its export
structure, and the official plan), ``plans``, ``sections``, ``measures`` (with ``bodies``,
the names of the bodies they check against the registry), ``reporting`` (the reporting
cycle), ``indicators`` (the catalogue of numbers reports give) and ``documents`` (the
consolidated report made in the background). The public
names are re-exported here."""

from ctis.plan.services.documents import (
    document_fetch,
    document_request,
)
from ctis.plan.services.indicators import (
    IndicatorValueInput,
    indicator_save,
    indicators_load_reference,
)
from ctis.plan.services.loading import (
    plan_load,
    plan_load_official,
)
from ctis.plan.services.measures import (
    measure_create,
    measure_update,
)
from ctis.plan.services.plans import (
    plan_copy_structure,
    plan_create,
    plan_update,
)
from ctis.plan.services.reporting import (
    REPORT_STEPS,
    FigureInput,
    measure_assign_agency,
    measure_unassign_agency,
    period_open,
    period_set_status,
    report_accept,
    report_attach,
    report_create,
    report_detach,
    report_return,
    report_submit,
    report_update,
)
from ctis.plan.services.sections import (
    section_create,
    section_update,
)

__all__ = [
    "FigureInput",
    "IndicatorValueInput",
    "REPORT_STEPS",
    "document_fetch",
    "document_request",
    "indicator_save",
    "indicators_load_reference",
    "measure_assign_agency",
    "measure_create",
    "measure_unassign_agency",
    "measure_update",
    "period_open",
    "period_set_status",
    "plan_copy_structure",
    "plan_create",
    "plan_load",
    "plan_load_official",
    "plan_update",
    "report_accept",
    "report_attach",
    "report_create",
    "report_detach",
    "report_return",
    "report_submit",
    "report_update",
    "section_create",
    "section_update",
]
