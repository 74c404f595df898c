"""The published OpenAPI schema drives Schemathesis over every operation of the API: no answer may
be a server error, and every answer must match what the schema says of it."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings


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
        "/api/v1/partnerships/",
        "/api/v1/fields/",
        "/api/v1/municipalities/",
    }


schema = schemathesis.pytest.from_fixture("api_schema")

# Bounded, so the whole run stays within a minute or so; Schemathesis's own phases (the schema's
# examples, its coverage of each parameter's edges, then random cases) all run.
EXAMPLES = hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_schema_has_every_operation(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 12  # six resources, each a list and a detail


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_as_the_schema_says(case):
    # Every check Schemathesis has by default, none left out.
    case.call_and_validate()


def test_calls_that_follow_each_other_answer_as_the_schema_says(api_schema):
    """The stateful phase: a list's answer leads to its items (the links Schemathesis infers)."""
    machine = api_schema.as_state_machine()
    machine.run(
        settings=hypothesis_settings(
            max_examples=25,
            stateful_step_count=6,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
