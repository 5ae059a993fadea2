from django.urls import path

from ctis.interop import client_pages

app_name = "api_clients"

urlpatterns = [
    path("", client_pages.client_list, name="list"),
    path("new/", client_pages.client_create, name="create"),
    path("<int:pk>/", client_pages.client_detail, name="detail"),
    path("<int:pk>/tokens/", client_pages.token_issue, name="token_issue"),
    path(
        "<int:pk>/tokens/<str:prefix>/revoke/",
        client_pages.token_revoke,
        name="token_revoke",
    ),
    path("<int:pk>/revoke/", client_pages.client_revoke, name="revoke"),
]
