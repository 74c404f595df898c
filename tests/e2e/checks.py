"""What the browser tests check inside a page: axe-core's WCAG 2.1 A/AA rules, references to
missing ids, and whether anything sticks out of a phone's screen.

The walk over every page (test_every_page.py) and the tests that show each check can fail
(test_accessibility.py, test_phone.py) run the same scripts.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

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

# Playwright's default window, where axe runs; then the page is narrowed to two phones.
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}

# What sticks out: the page's width, and each element whose right edge passes the screen's or
# whose box scrolls sideways (a table in its wrapper), named so a failure says where to look.
# A page without a viewport meta of width=device-width is laid out 980 px wide by a phone
# whatever its styles say, so it is reported too.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const named = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const out = [];
  const viewport = document.querySelector('meta[name="viewport"]');
  if (!viewport || !/(^|,)\\s*width\\s*=\\s*device-width\\s*(,|$)/.test(viewport.content))
    out.push("no <meta name=viewport content=width=device-width>: a phone lays it out 980 px wide");
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


def readable(address: str, violations: list[dict]) -> str:
    lines = [f"{address}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['rule']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      at {node['target']}  {node['html']}")
            lines.append("         " + node["why"].replace("\n", "\n         "))
    return "\n".join(lines)


def axe_context(browser, axe_source: str, **options):
    """A browser context whose every page has axe, loaded before the page's own scripts. The
    portal's content security policy allows no inline script; the injected axe is one."""
    context = browser.new_context(bypass_csp=True, **options)
    context.add_init_script(script=axe_source)
    return context


def too_wide(page, address: str) -> list[str]:
    """The page, already loaded, at each phone's width: what sticks out, as lines of a report.
    The window is left at the narrowest phone's size."""
    found = []
    for size in (PHONE, NARROW):
        page.set_viewport_size(size)
        result = page.evaluate(OVERFLOW)
        if result["scrollWidth"] > size["width"] or result["out"]:
            found.append(
                f"{address} at {size['width']} px: page {result['scrollWidth']} px wide; "
                + "; ".join(result["out"])
            )
    return found
