"""Playwright driving Debian's chromium against pytest-django's live server.

The browser is Debian's chromium-headless-shell: the same chromium, built as the headless shell
that Playwright itself runs when asked for a headless browser. Without the desktop browser around
it, loading a page costs about half the processor time it costs in `chromium --headless`, and the
tests load hundreds of pages.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.checks import AXE

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium-headless-shell")
    assert executable, "chromium-headless-shell is missing: .ci/system-deps test installs it."
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core comes from the npm registry (package.json at the root; `make test` installs it)
    and is injected by the tests into the pages; no page ever loads it."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` at the repository root (make test does)."
    return AXE.read_text(encoding="utf-8")
