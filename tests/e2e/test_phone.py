"""On a phone the directory's first result is on the first screen and its filters are one tap
away; that no page is wider than a phone (390 and 360 px) is checked by the walk over every page
(tests/e2e/test_every_page.py), and here that its check finds what sticks out."""

from __future__ import annotations

import pytest

from tests.e2e.checks import DESKTOP, PHONE, too_wide
from tests.e2e.site import LANGUAGES, build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A page of the walk (tests/e2e/test_every_page.py) as it would go wrong: a table wider than a
# phone with no wrapper to scroll it in, and, in the second one, no viewport meta.
TOO_WIDE = """<html lang="en"><head>{viewport}<title>t</title></head>
<body style="margin: 0"><main><p>Fits.</p>
<table class="grant-table" style="width: 600px"><tr><td>Wide</td></tr></table></main></body></html>"""
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


@pytest.mark.parametrize("viewport", [VIEWPORT, ""], ids=["with-viewport", "without-viewport"])
def test_the_check_finds_what_is_wider_than_a_phone(browser, viewport):
    """The walk's check, on a page loaded at a desktop window's size as the walk loads it."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_content(TOO_WIDE.format(viewport=viewport))
    found = too_wide(page, "/control/")
    context.close()
    assert [line.split(";")[0] for line in found] == [
        "/control/ at 390 px: page 600 px wide",
        "/control/ at 360 px: page 600 px wide",
    ], found
    assert all("table.grant-table ends at 600" in line for line in found), found
    missing = ["no <meta name=viewport" in line for line in found]
    assert missing == [not viewport, not viewport], found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_directory_result_is_on_the_first_screen(browser, live_server, language):
    build_site()
    # Without JavaScript, to show that the folded filters need none.
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    for address, first_result in [
        (f"/{language}/organisations/", ".organisation-list > li"),
        (f"/{language}/events/", ".event-card"),
    ]:
        page.goto(address)
        box = page.locator(first_result).first.bounding_box()
        assert box["y"] < PHONE["height"], f"{address}: the first result starts at {box['y']} px"

        # The filters are one tap away.
        filters = page.locator("details.filter-panel")
        assert not filters.evaluate("details => details.open"), address
        assert page.locator("#id_municipality").is_hidden()
        filters.locator("summary").click()
        assert page.locator("#id_municipality").is_visible(), address
    context.close()


def test_wide_screens_show_the_filters_open(browser, live_server):
    build_site()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for address in ("/en/organisations/", "/en/events/"):
        page.goto(address)
        assert page.locator("details.filter-panel").evaluate("details => details.open"), address
    context.close()
