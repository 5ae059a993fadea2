"""What the API tests share: a registered system with its token, and a call with it."""

from __future__ import annotations

from django.test import Client

from ctis.accounts.models import Agency
from ctis.interop import services


def system(admin, agency_code: str, role: str, name: str) -> tuple:
    """A client registered for the agency in one role, and its token's text."""
    client = services.client_register(
        actor=admin, agency=Agency.objects.get(code=agency_code), name=name, roles=[role]
    )
    return client, services.token_issue(actor=admin, client=client).text


def api(token, method="get", url="/api/v1/notifications/", language="en", **kwargs):
    """A call with the token, its body as JSON, in ``language``."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": language}
    headers.update(kwargs.pop("headers", {}))
    return getattr(Client(), method)(url, content_type="application/json", **headers, **kwargs)
