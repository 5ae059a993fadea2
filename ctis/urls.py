from django.urls import include, path

from ctis.accounts.views_auth import set_language_view
from ctis.core.views import favicon
from ctis.interop.api import not_found, server_error

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/setlang/", set_language_view, name="set_language"),
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
    path("stats/", include("ctis.stats.urls")),
    path("api/", include("ctis.interop.urls")),
    path("import/", include("ctis.interop.urls_pages")),
    path("htcds/", include("ctis.interop.urls_htcds")),
    path("api-clients/", include("ctis.interop.urls_clients")),
]

# The API answers in its own shape even where no view does (ADR 0020).
handler404 = not_found
handler500 = server_error
