"""The checks the walk over every page runs (tests/e2e/test_every_page.py) find what they look
for, and keyboard focus shows.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.checks import DANGLING_REFERENCES, RUN_AXE, WCAG_TAGS, axe_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_check_is_fed_the_wcag_tags_and_reports_a_violation(browser, axe_source):
    """The walk can fail: the same script, in a page loaded the same way, finds an image without
    a text alternative."""
    control = '<html lang="en"><title>t</title><main><img src="x.png"></main></html>'
    context = axe_context(browser, axe_source)
    context.route(
        "http://control.test/**",
        lambda route: (
            route.fulfill(content_type="text/html", body=control)
            if route.request.url == "http://control.test/"
            else route.fulfill(status=404)
        ),
    )
    page = context.new_page()
    page.goto("http://control.test/")
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    context.close()
    assert [v["rule"] for v in violations] == ["image-alt"], json.dumps(violations, indent=1)


def test_the_check_finds_a_reference_to_a_missing_id(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_content(
        '<html lang="en"><title>t</title><main><p id="help">Help</p>'
        '<input aria-describedby="help id_q_helptext" aria-label="Search">'
        '<section aria-labelledby="nowhere"></section></main></html>'
    )
    found = page.evaluate(DANGLING_REFERENCES)
    context.close()
    assert [reference.split(" on ")[0] for reference in found] == [
        'aria-describedby="id_q_helptext"',
        'aria-labelledby="nowhere"',
    ]


FOCUS_COLOURS = """(el) => {
  const style = getComputedStyle(el);
  const backdrop = (node) => {
    for (; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== "rgba(0, 0, 0, 0)") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return {
    visible: el.matches(":focus-visible"),
    ring: style.outlineColor,
    ringWidth: parseFloat(style.outlineWidth),
    gap: (style.boxShadow.match(/rgba?\\([^)]*\\)/) || [backdrop(el.parentElement)])[0],
    element: backdrop(el),
    around: backdrop(el.parentElement),
  };
}"""


def _luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("address", "target"),
    [
        ("/en/organisations/", "main button[type=submit]"),
        ("/en/", "nav.main-nav a"),
        ("/en/", "footer a"),
    ],
)
def test_the_focus_ring_stands_out_from_the_page_and_from_the_element(page, address, target):
    page.goto(address)
    page.keyboard.press("Tab")  # a keyboard user: focus rings show
    element = page.locator(target).first
    element.focus()
    colours = element.evaluate(FOCUS_COLOURS)
    assert colours["visible"] and colours["ringWidth"] >= 2, colours
    # The ring against what lies on either side of it: the white gap and the page around...
    assert contrast(colours["ring"], colours["gap"]) >= 3, colours
    assert contrast(colours["ring"], colours["around"]) >= 3, colours
    # ... and the gap against the element, so the ring never merges with a coloured button.
    if colours["element"] != colours["around"]:
        assert contrast(colours["gap"], colours["element"]) >= 3, colours
