from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ctis.interop import persons, views

app_name = "interop"


def _open(view):
    """The API answers systems with tokens, not log-in redirects; its description is
    public (it holds no data)."""
    return login_not_required(view)


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
