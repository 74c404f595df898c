"""A partner website frames the portal: embeds show, ordinary pages refuse, the frame fits.

The partner's page is served by a small http.server on 127.0.0.1, the portal by the live server
on localhost: two origins, as on the web.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import EventFactory, FieldOfActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partner_site(tmp_path):
    """Serves the files in a folder from another origin; yields (folder, address)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_partner_page_shows_the_embedded_events_and_not_an_ordinary_page(
    browser, live_server, partner_site
):
    field = FieldOfActivityFactory(slug="kultura")
    EventFactory(title="Delavnica za kulturnike", fields=[field])
    EventFactory(title="Druga delavnica")
    folder, origin = partner_site
    assert not live_server.url.startswith(origin)
    (folder / "index.html").write_text(
        f"""<!DOCTYPE html><html lang="sl"><head><meta charset="utf-8"><title>Partner</title></head>
<body>
<iframe id="embed" src="{live_server.url}/embed/sl/events/?field=kultura" title="Dogodki"
  width="600" height="640" style="width:100%;border:0"></iframe>
<script src="{live_server.url}/static/js/embed-parent.js" async></script>
<iframe id="page" src="{live_server.url}/sl/events/" title="Stran"></iframe>
</body></html>""",
        encoding="utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "frame-ancestors" in message.text else None,
    )

    page.goto(f"{origin}/index.html")

    embed = page.frame_locator("#embed")
    embed.get_by_role("link", name="Delavnica za kulturnike").wait_for()
    assert embed.get_by_role("link", name="Druga delavnica").count() == 0
    # The resize script has told the partner's page how tall the list is.
    page.wait_for_function("document.getElementById('embed').style.height !== ''", timeout=10_000)
    height = page.evaluate("document.getElementById('embed').getBoundingClientRect().height")
    assert 80 <= height < 640

    # The ordinary page never loads in the frame: the browser reports the refusal.
    for _ in range(50):
        if refused:
            break
        page.wait_for_timeout(100)
    ordinary = page.frame_locator("#page")
    assert ordinary.get_by_role("heading", name="Prihajajoči dogodki").count() == 0
    assert refused, "the browser did not report refusing the ordinary page"
    context.close()
