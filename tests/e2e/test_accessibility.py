"""axe-core over every page, public and signed in, in all four languages: WCAG 2.1 A and AA.

axe-core comes from the npm registry (package.json at the root; `make test` installs it) and is
injected by the test into each page; no page ever loads it. It is read once, and each browser
context of a walk runs it in every page it opens, before the page's own scripts: sending the
650 kB script into each page after it loaded took longer than checking the page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.site import (
    LANGUAGES,
    build_site,
    pages,
    pages_in_visitors_language,
    session_cookie,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                                            why: n.failureSummary})),
  }));
}"""


# axe only lists a reference to a missing id "for review", never as a violation: checked here.
DANGLING_REFERENCES = """() => {
  const found = [];
  for (const attribute of ["aria-describedby", "aria-labelledby"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of element.getAttribute(attribute).trim().split(/\\s+/)) {
        if (id && !document.getElementById(id)) {
          found.push(`${attribute}="${id}" on ${element.outerHTML.slice(0, 160)}`);
        }
      }
    }
  }
  return found;
}"""


def readable(address: str, violations: list[dict]) -> str:
    lines = [f"{address}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['rule']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      at {node['target']}  {node['html']}")
            lines.append("         " + node["why"].replace("\n", "\n         "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` at the repository root (make test does)."
    return AXE.read_text(encoding="utf-8")


def axe_context(browser, axe_source: str, **options):
    """A browser context whose every page has axe, loaded before the page's own scripts. The
    portal's content security policy allows no inline script; the injected axe is one."""
    context = browser.new_context(bypass_csp=True, **options)
    context.add_init_script(script=axe_source)
    return context


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_breaks_wcag_2_1_aa_in_any_language(browser, live_server, axe_source, language):
    site = build_site()
    contexts = {}
    for signed_in in (False, True):
        # The pages without a language in their address (API docs, admin) speak the browser's.
        context = axe_context(browser, axe_source, base_url=live_server.url, locale=language)
        if signed_in:
            context.add_cookies([session_cookie(site.member, live_server)])
        contexts[signed_in] = context.new_page()

    found = []
    for address, signed_in in pages(site, language) + pages_in_visitors_language(site):
        page = contexts[signed_in]
        response = page.goto(address)
        assert response.ok, f"{address} answered {response.status}"
        assert page.url == live_server.url + address, f"{address} went to {page.url}"
        assert page.locator("html").get_attribute("lang") == language, address
        if address.startswith("/api/"):
            page.locator(".opblock-summary-path").first.wait_for()  # Swagger UI has drawn
        violations = page.evaluate(RUN_AXE, WCAG_TAGS)
        where = address + (" (signed in)" if signed_in else "")
        if violations:
            found.append(readable(where, violations))
        found += [
            f"{where}: dangling {reference}" for reference in page.evaluate(DANGLING_REFERENCES)
        ]
    for page in contexts.values():
        page.context.close()

    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(found)


def test_the_check_is_fed_the_wcag_tags_and_reports_a_violation(browser, axe_source):
    """The run above can fail: the same script, in a page loaded the same way, finds an image
    without a text alternative."""
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
