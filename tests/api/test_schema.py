"""The published OpenAPI schema drives Schemathesis over every operation of the API: no answer may
be a server error, and every answer must match what the schema says of it."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture
def api_schema(catalogue, settings):
    settings.API_THROTTLE_RATE = ""  # hundreds of requests in a few seconds
    # As Django's test client does: the test's transaction outlives each request.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_the_schema_is_openapi_3_1(anonymous):
    document = anonymous.get("/api/v1/schema/").json()
    assert document["openapi"] == "3.1.0"
    assert {path for path in document["paths"]} >= {
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/events/",
        "/api/v1/calls/",
        "/api/v1/news/",
        "/api/v1/news/{slug}/",
        "/api/v1/partnerships/",
        "/api/v1/fields/",
        "/api/v1/municipalities/",
    }


def test_every_operation_answers_as_the_schema_says(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 14  # seven resources, each a list and a detail

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def answers_as_documented(case):
            case.call_and_validate(
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ]
            )

        answers_as_documented()
