"""The directory does not move once it shows (Cumulative Layout Shift 0): the filters are laid
out from the first paint, on a wide screen and on a phone."""

from __future__ import annotations

import pytest

from tests.factories import FieldOfActivityFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every layout shift since the page started (buffered), once the page has settled.
LAYOUT_SHIFTS = """() => new Promise((resolve) => {
  const shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      shifts.push({
        value: entry.value,
        moved: entry.sources.map((source) => source.node ? source.node.outerHTML.slice(0, 100) : ""),
      });
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(shifts), 1000);
})"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(
    "address", ["/bg/organisations/?q=сдружение", "/en/organisations/", "/sl/events/"]
)
def test_the_directory_does_not_shift_its_layout(browser, live_server, width, address):
    field = FieldOfActivityFactory(name="Младежта", slug="mladezh")
    for number in range(12):
        OrganisationFactory(name=f"Сдружение „Младост“ {number}", fields=[field])
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(address, wait_until="load")
    shifts = page.evaluate(LAYOUT_SHIFTS)
    filters_shown = page.locator(".filter-panel select, .filter-panel input").first.is_visible()
    context.close()
    assert sum(shift["value"] for shift in shifts) == 0, shifts
    # Laid out open on a wide screen, folded on a phone.
    assert filters_shown == (width == 1280)
