"""Pages of the National Referral Mechanism, one module per section, as its services are.
``ctis/nrm/urls.py`` names the views from here."""

from ctis.nrm.views.abroad import (
    abroad_close,
    abroad_create,
)
from ctis.nrm.views.assistance import (
    assistance_close,
    support_action_detail,
    support_action_progress,
    support_plan_create,
)
from ctis.nrm.views.consent import (
    consent_create,
    consent_withdraw,
)
from ctis.nrm.views.indicators import (
    indicator_set_detail,
    indicator_set_list,
)
from ctis.nrm.views.notifications import (
    notification_create,
    notification_detail,
    notification_list,
    notification_receive,
)
from ctis.nrm.views.referrals import (
    referral_create,
    referral_detail,
    referral_list,
)
from ctis.nrm.views.screening import (
    screening_create,
    screening_detail,
)
from ctis.nrm.views.shelters import (
    facility_list,
    service_create,
    stay_admit,
    stay_discharge,
)

__all__ = [
    "abroad_close",
    "abroad_create",
    "assistance_close",
    "consent_create",
    "consent_withdraw",
    "facility_list",
    "indicator_set_detail",
    "indicator_set_list",
    "notification_create",
    "notification_detail",
    "notification_list",
    "notification_receive",
    "referral_create",
    "referral_detail",
    "referral_list",
    "screening_create",
    "screening_detail",
    "service_create",
    "stay_admit",
    "stay_discharge",
    "support_action_detail",
    "support_action_progress",
    "support_plan_create",
]
