"""The published OpenAPI schema drives Schemathesis over every operation of the API: no answer may
be a server error, and every answer must match what the schema says of it."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from tests.factories import EventFactory


@pytest.fixture
def api_schema(catalogue, settings):
    settings.API_THROTTLE_RATE = ""  # hundreds of requests in a few seconds
    # Online only: no place, so municipality and its name are null.
    EventFactory(municipality=None, venue="", online_url="https://meet.example.org/online")
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


# Bounded, so the run stays within a minute or two.
EXAMPLES = hypothesis_settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_every_operation_answers_as_the_schema_says(api_schema):
    """Valid requests (positive data) must be accepted and invalid ones (negative data) refused,
    and every answer must match the schema, under every check Schemathesis has by default."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 14  # seven resources, each a list and a detail

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @EXAMPLES
            def answers_as_documented(case):
                case.call_and_validate()  # no checks named: all the default ones

            answers_as_documented()


def test_calls_that_follow_each_other_answer_as_the_schema_says(api_schema):
    """The stateful phase: an answer's codes lead to the next calls (the links Schemathesis
    infers from the schema), under the same checks."""
    machine = api_schema.as_state_machine()
    # Each list leads to its items: something to follow, not an empty run.
    assert len(machine.bundles) == 7, list(machine.bundles)
    machine.run(
        settings=hypothesis_settings(
            max_examples=20,
            stateful_step_count=6,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
