"""On a phone (390 and 360 px wide) no page scrolls sideways, no table cuts off columns, and
the directory's first result is on the first screen."""

from __future__ import annotations

import pytest

from tests.e2e.site import LANGUAGES, build_site, pages, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}

# What sticks out: the page's width, and each element whose right edge passes the screen's or
# whose box scrolls sideways (a table in its wrapper), named so a failure says where to look.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const named = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const out = [];
  const hidden = new Set();  // visually hidden (clipped) elements and what they hold
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (hidden.has(el.parentElement) || (style.position === "absolute" && style.clip !== "auto")) {
      hidden.add(el);
      continue;
    }
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) out.push(named(el) + " ends at " + Math.round(box.right));
    if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      out.push(named(el) + " scrolls sideways by " + (el.scrollWidth - el.clientWidth));
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 8)};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_is_wider_than_a_phone(browser, live_server, language):
    site = build_site()
    tabs = {}
    for signed_in in (False, True):
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
        if signed_in:
            context.add_cookies([session_cookie(site.member, live_server)])
        tabs[signed_in] = context.new_page()

    too_wide = []
    for address, signed_in in pages(site, language):
        page = tabs[signed_in]
        page.set_viewport_size(PHONE)
        assert page.goto(address).ok, address
        assert page.url == live_server.url + address, f"{address} went to {page.url}"
        for size in (PHONE, NARROW):
            page.set_viewport_size(size)
            found = page.evaluate(OVERFLOW)
            if found["scrollWidth"] > size["width"] or found["out"]:
                too_wide.append(
                    f"{address} at {size['width']} px: page {found['scrollWidth']} px wide; "
                    + "; ".join(found["out"])
                )
    for page in tabs.values():
        page.context.close()

    assert not too_wide, "Pages wider than a phone:\n" + "\n".join(too_wide)


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
