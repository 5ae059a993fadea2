from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ctis.interop import crimes, hotline, monitoring, persons, referrals, reports, views
from ctis.interop.api import open_to_tokens

app_name = "interop"


_open = open_to_tokens


urlpatterns = [
    path("schema/", _open(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        _open(SpectacularSwaggerSplitView.as_view(url_name="interop:schema")),
        name="docs",
    ),
    path("v1/client/", _open(views.ClientView.as_view()), name="client"),
    path("v1/notifications/", _open(views.NotificationList.as_view()), name="notifications"),
    path(
        "v1/notifications/<uuid:pk>/",
        _open(views.NotificationDetail.as_view()),
        name="notification",
    ),
    path("v1/persons/", _open(persons.PersonList.as_view()), name="persons"),
    path("v1/persons/<str:code>/", _open(persons.PersonDetail.as_view()), name="person"),
]
# Each resource module lists its own addresses (under v1/), wrapped in api.open_to_tokens.
urlpatterns += [
    *referrals.urlpatterns,
    *crimes.urlpatterns,
    *hotline.urlpatterns,
    *monitoring.urlpatterns,
    *reports.urlpatterns,
]
