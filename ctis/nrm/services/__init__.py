"""Writes of the National Referral Mechanism, each with its audit entry, one module per
section: ``indicators`` (indicator sets), ``screening``, ``notifications`` (and status
decisions), ``consent``, ``referrals`` (a table of allowed steps, one service per step),
``shelters`` (shelters, stays, services and allowances), ``assistance`` (support plans and
closing) and ``abroad`` (citizens harmed abroad). The reads they need (the police unit,
active consent, occupancy, the assessment of a screening, ...) are in
``ctis.nrm.selectors``.

The public names are re-exported here, so ``from ctis.nrm import services`` and
``services.referral_send(...)`` read as before.
"""

from ctis.nrm.services.abroad import (
    abroad_case_close,
    abroad_case_record,
)
from ctis.nrm.services.assistance import (
    ActionInput,
    assistance_close,
    support_action_progress,
    support_plan_create,
)
from ctis.nrm.services.consent import (
    consent_record,
    consent_withdraw,
)
from ctis.nrm.services.indicators import (
    INDICATOR_FIELDS,
    REFERENCE_SETS,
    SET_FIELDS,
    indicator_active_set,
    indicator_sets_import,
    indicator_sets_load_reference,
)
from ctis.nrm.services.notifications import (
    NOTIFICATION_HOURS,
    notification_receive,
    notification_record,
    notification_send,
    status_decide,
)
from ctis.nrm.services.referrals import (
    REFERENCE_AGENCY_FUNCTIONS,
    REFERRAL_STEPS,
    ReferralInput,
    nrm_agencies_load_reference,
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
    referral_step,
    referral_withdraw,
)
from ctis.nrm.services.screening import (
    screening_record,
)
from ctis.nrm.services.shelters import (
    ALLOWANCES,
    REFERENCE_ALLOWANCE_RATES,
    ServiceInput,
    allowance_rate_set,
    allowance_rates_load_reference,
    facility_save,
    service_record,
    stay_admit,
    stay_discharge,
)

__all__ = [
    "ALLOWANCES",
    "ActionInput",
    "INDICATOR_FIELDS",
    "NOTIFICATION_HOURS",
    "REFERENCE_AGENCY_FUNCTIONS",
    "REFERENCE_ALLOWANCE_RATES",
    "REFERENCE_SETS",
    "REFERRAL_STEPS",
    "ReferralInput",
    "SET_FIELDS",
    "ServiceInput",
    "abroad_case_close",
    "abroad_case_record",
    "allowance_rate_set",
    "allowance_rates_load_reference",
    "assistance_close",
    "consent_record",
    "consent_withdraw",
    "facility_save",
    "indicator_active_set",
    "indicator_sets_import",
    "indicator_sets_load_reference",
    "notification_receive",
    "notification_record",
    "notification_send",
    "nrm_agencies_load_reference",
    "referral_accept",
    "referral_complete",
    "referral_decline",
    "referral_send",
    "referral_step",
    "referral_withdraw",
    "screening_record",
    "service_record",
    "status_decide",
    "stay_admit",
    "stay_discharge",
    "support_action_progress",
    "support_plan_create",
]
