"""The API's documentation page runs in Chromium under the site's own Content Security Policy:
Swagger UI loads from the portal's static files, lists every operation and can call one."""

import pytest

from tests.factories import FieldOfActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_and_runs_the_operations_without_csp_violations(page, live_server):
    FieldOfActivityFactory(name="Youth", slug="youth")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )

    page.goto("/api/v1/docs/")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()

    assert operations.count() == 14
    page.locator("#operations-fields-fields_list").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status").first.wait_for()
    assert "youth" in page.locator(".live-responses-table").inner_text()
    assert violations == []
    assert outside == []  # nothing from a CDN
