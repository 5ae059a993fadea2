"""Schemathesis against the API's own description (issue 14): for every operation it
generates calls — valid and not — from ``/api/schema/`` and sends them to the application
with a real client's token. No call may answer with a server error, and every answer must
be one the description declares, with the content type and the body it declares.

``CTIS_FUZZ_EXAMPLES`` sets the calls per operation (25 here, 100 in ``.ci/run``)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ctis.accounts.models import Agency
from ctis.interop import services
from tests.factories import PersonFactory

EXAMPLES = int(os.environ.get("CTIS_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db, agencies, admin, settings):
    """The description, read from the application itself. Its calls go through Django's
    whole handler, which closes the database connection after each request; as Django's
    own test client does, that is turned off, or the test's transaction would go with it
    (on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from ctis.wsgi import application

    settings.CTIS_API_CALLS_PER_MINUTE = 1_000_000
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(admin, agencies):
    client = services.client_register(
        actor=admin,
        agency=Agency.objects.get(code="mia-ctd"),
        name="Fuzzing system",
        # Beside the investigator, the roles whose resources would otherwise stop at the
        # role check: the hotline's, monitoring's, and a head's (events, plan reports).
        roles=["police_investigator", "hotline_operator", "monitoring_officer", "agency_head"],
    )
    PersonFactory(actor=client.user)  # a record it may see, for the list to hold something
    return services.token_issue(actor=admin, client=client).text


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_description_says(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
