"""Every page a person reaches, public and signed in, in all four languages, loaded once and
checked twice: by axe-core (WCAG 2.1 A and AA, and references to missing ids) at a desktop
window's size, then for anything wider than a phone at 390 and 360 px. One load serves both
checks, some 30% less processor time than loading every page for each; each check reports on
its own (a subtest each).

The phone check sees the page as loaded on a wide screen and then narrowed: the stylesheet's
media queries apply as on a phone, and a script that acted on the wide screen at load (the
directory's filters open) has the phone check cover what a phone shows after a tap too. That
the page says width=device-width, which a phone needs to lay it out at its own width, is
checked in the page. tests/e2e/test_phone.py checks what a phone shows as it loads.

axe is read once, and each browser context of the walk runs it in every page it opens, before
the page's own scripts: sending the 650 kB script into each page after it loaded took longer
than checking the page. tests/e2e/test_accessibility.py and tests/e2e/test_phone.py show that
each check finds what it looks for.
"""

from __future__ import annotations

import pytest

from tests.e2e.checks import (
    DANGLING_REFERENCES,
    DESKTOP,
    RUN_AXE,
    WCAG_TAGS,
    axe_context,
    readable,
    too_wide,
)
from tests.e2e.site import (
    LANGUAGES,
    build_site,
    pages,
    pages_in_visitors_language,
    session_cookie,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_meets_wcag_2_1_aa_and_fits_a_phone(
    browser, live_server, axe_source, subtests, language
):
    site = build_site()
    tabs = {}
    for signed_in in (False, True):
        # The pages without a language in their address (API docs, admin) speak the browser's.
        context = axe_context(
            browser, axe_source, base_url=live_server.url, locale=language, viewport=DESKTOP
        )
        if signed_in:
            context.add_cookies([session_cookie(site.member, live_server)])
        tabs[signed_in] = context.new_page()

    violations, wide = [], []
    # The API docs and the admin's pages are checked by axe; they are not laid out for phones.
    phone_sized = set(pages(site, language))
    for address, signed_in in pages(site, language) + pages_in_visitors_language(site):
        page = tabs[signed_in]
        page.set_viewport_size(DESKTOP)
        response = page.goto(address)
        assert response.ok, f"{address} answered {response.status}"
        assert page.url == live_server.url + address, f"{address} went to {page.url}"
        # Read by a script, not a locator: a locator's first use in a page installs Playwright's
        # selector engine there, some 40 ms of processor time a page.
        assert page.evaluate("document.documentElement.lang") == language, address
        if address.startswith("/api/"):
            page.locator(".opblock-summary-path").first.wait_for()  # Swagger UI has drawn
        where = address + (" (signed in)" if signed_in else "")
        found = page.evaluate(RUN_AXE, WCAG_TAGS)
        if found:
            violations.append(readable(where, found))
        violations += [
            f"{where}: dangling {reference}" for reference in page.evaluate(DANGLING_REFERENCES)
        ]
        if (address, signed_in) in phone_sized:
            wide += too_wide(page, where)
    for page in tabs.values():
        page.context.close()

    with subtests.test("axe-core, WCAG 2.1 A/AA"):
        assert not violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(violations)
    with subtests.test("phone width, 390 and 360 px"):
        assert not wide, "Pages wider than a phone:\n" + "\n".join(wide)
