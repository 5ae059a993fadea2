from django.urls import include, path
from django.views.i18n import set_language

from ctis.core.views import favicon, login_not_required_set_language

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/setlang/", login_not_required_set_language(set_language), name="set_language"),
    path("", include("ctis.core.urls")),
    path("accounts/", include("ctis.accounts.urls")),
    path("audit/", include("ctis.audit.urls")),
    path("alerts/", include("ctis.inbox.urls")),
    path("plan/", include("ctis.plan.urls")),
    path("cases/", include("ctis.cases.urls")),
    path("nrm/", include("ctis.nrm.urls")),
    path("hotline/", include("ctis.hotline.urls")),
    path("monitoring/", include("ctis.monitoring.urls")),
    path("outreach/", include("ctis.outreach.urls")),
]
