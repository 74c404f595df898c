"""Lists and events framed by partner websites, the oEmbed answer, and the "Embed this" box."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.factories import (
    CallFactory,
    EventFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    field = FieldOfActivityFactory(slug="kultura")
    place = MunicipalityFactory(slug="tolmin")
    organiser = OrganisationFactory(slug="drustvo-soca")
    return {
        "all": EventFactory(
            title="Vse troje", fields=[field], municipality=place, organiser=organiser
        ),
        "field": EventFactory(title="Samo kultura", fields=[field]),
        "place": EventFactory(title="Samo Tolmin", municipality=place),
        "organiser": EventFactory(title="Samo društvo", organiser=organiser),
    }


def titles(response) -> list[str]:
    page = response.content.decode()
    return [
        html.unescape(title)
        for title in re.findall(r'<li>\s*<a [^>]*>([^<]+)<span class="visually-hidden">', page)
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Vse troje", "Samo kultura", "Samo Tolmin", "Samo društvo"}),
        ("?field=kultura", {"Vse troje", "Samo kultura"}),
        ("?municipality=tolmin", {"Vse troje", "Samo Tolmin"}),
        ("?organiser=drustvo-soca", {"Vse troje", "Samo društvo"}),
        ("?field=kultura&municipality=tolmin&organiser=drustvo-soca", {"Vse troje"}),
    ],
)
def test_the_embedded_events_take_the_lists_filters(anonymous, events, query, expected):
    response = anonymous.get(f"/embed/en/events/{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_an_unknown_filter_value_is_shown_not_ignored(anonymous, events):
    response = anonymous.get("/embed/en/events/?field=Kultura")
    assert response.status_code == 400
    assert "<code>field</code>" in response.content.decode()
    assert titles(response) == []


def test_the_embedded_calls_take_the_lists_filters(anonymous):
    field = FieldOfActivityFactory(slug="kultura")
    CallFactory(title="Za kulturo", fields=[field])
    CallFactory(title="Za vse")
    assert titles(anonymous.get("/embed/en/calls/?field=kultura")) == ["Za kulturo"]
    assert len(titles(anonymous.get("/embed/en/calls/"))) == 2


def test_an_embed_is_in_the_language_of_its_address_and_links_open_outside_the_frame(
    anonymous, events
):
    page = anonymous.get("/embed/bg/events/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<html lang="bg">' in page
    links = re.findall(r"<a [^>]*>", page)
    assert links and all('target="_blank"' in link and 'rel="noopener"' in link for link in links)
    assert "/bg/events/" in page
    assert "<form" not in page and "csrftoken" not in page


def test_an_embed_in_an_unknown_language_is_not_found(anonymous):
    assert anonymous.get("/embed/de/events/").status_code == 404
    assert anonymous.get("/embed/en/partners/").status_code == 404


def test_only_embeds_may_be_framed_by_other_sites(anonymous, events):
    event = events["all"]
    for address in ["/embed/en/events/", "/embed/en/calls/", f"/embed/en/events/{event.slug}/"]:
        response = anonymous.get(address)
        assert response.status_code == 200, address
        assert "X-Frame-Options" not in response, address
        policy = response["Content-Security-Policy"]
        assert (
            "frame-ancestors *" in policy
            and "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
        )
        assert "script-src 'self'" in policy
        assert not response.cookies, address
    for address in ["/en/events/", f"/en/events/{event.slug}/", "/en/calls/", "/oembed?url=x"]:
        response = anonymous.get(address)
        assert response["X-Frame-Options"] == "DENY", address
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], address


@pytest.mark.parametrize("count", [1, 20])
def test_an_embedded_list_takes_a_fixed_number_of_queries(
    anonymous, django_assert_num_queries, count
):
    place = MunicipalityFactory(slug="tolmin")
    for number in range(count):
        EventFactory(title=f"Event {number}", municipality=place, organiser=OrganisationFactory())
    # 1. the months that have events (the list's month filter offers them)
    # 2. the municipality in the filter
    # 3. the events, with their municipalities, organisers and seat counts
    with django_assert_num_queries(3):
        response = anonymous.get("/embed/en/events/?municipality=tolmin&limit=30")
    assert len(titles(response)) == count


def test_oembed_answers_for_an_event_with_a_frame_of_it(anonymous):
    event = EventFactory(title="Delavnica")
    response = anonymous.get(
        "/oembed", {"url": f"http://testserver/sl/events/{event.slug}/", "format": "json"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert data["title"] == "Delavnica"
    assert isinstance(data["width"], int) and isinstance(data["height"], int)
    assert data["html"].startswith(f'<iframe src="http://testserver/embed/sl/events/{event.slug}/"')
    assert 'title="Delavnica"' in data["html"]
    assert anonymous.get(f"/embed/sl/events/{event.slug}/").status_code == 200


def test_oembed_answers_for_a_list_with_its_filters(anonymous, events):
    url = "http://testserver/en/events/?field=kultura&page=2&q="
    data = json.loads(anonymous.get("/oembed", {"url": url, "maxheight": "300"}).content)
    assert data["type"] == "rich"
    assert data["height"] == 300
    src = re.search(r'src="([^"]+)"', data["html"]).group(1)
    assert html.unescape(src) == "http://testserver/embed/en/events/?field=kultura"
    calls = json.loads(anonymous.get("/oembed", {"url": "http://testserver/pl/calls/"}).content)
    assert 'src="http://testserver/embed/pl/calls/"' in calls["html"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/en/events/",
        "http://testserver.example.org/en/events/",
        "http://testserver/en/organisations/",
        "http://testserver/en/events/no-such-event/",
        "http://testserver/de/events/",
        "javascript:alert(1)",
        "",
    ],
)
def test_oembed_does_not_answer_for_other_addresses(anonymous, url):
    assert anonymous.get("/oembed", {"url": url, "format": "json"}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/en/events/?field=no-such-field",
        "http://testserver/en/events/?municipality=atlantis&field=kultura",
        "http://testserver/sl/calls/?amount=-5",
        "http://testserver/sl/calls/?status=someday",
    ],
)
def test_oembed_answers_404_for_a_list_whose_filters_the_list_refuses(anonymous, events, url):
    embed = url.replace("http://testserver/", "/embed/")
    assert anonymous.get(embed).status_code == 400
    assert anonymous.get("/oembed", {"url": url, "format": "json"}).status_code == 404


def test_oembed_answers_only_in_json(anonymous):
    response = anonymous.get("/oembed", {"url": "http://testserver/en/events/", "format": "xml"})
    assert response.status_code == 501


def test_pages_that_can_be_embedded_say_where_their_oembed_is(anonymous, events):
    event = events["all"]
    for address in ["/en/events/?field=kultura", "/en/calls/", f"/en/events/{event.slug}/"]:
        page = anonymous.get(address).content.decode()
        link = re.search(
            r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page
        )
        assert link, address
        discovered = html.unescape(link.group(1)).replace("http://testserver", "")
        assert anonymous.get(discovered).status_code == 200, address


def test_the_embed_box_offers_the_frame_with_the_filters_in_use(anonymous, events):
    page = anonymous.get("/en/events/?field=kultura&municipality=tolmin&page=1").content.decode()
    box = re.search(r'<details class="embed-box card">.*?</details>', page, re.S).group(0)
    code = html.unescape(
        re.search(r"<textarea[^>]*readonly[^>]*>(.*?)</textarea>", box, re.S).group(1)
    )
    assert (
        '<iframe src="http://testserver/embed/en/events/?field=kultura&amp;municipality=tolmin"'
        in code
    )
    assert 'title="Events: ' in code
    assert re.search(r'<script src="http://testserver/static/js/embed-parent\.js" async>', code)
    assert '<label for="embed-code-events">' in box

    calls = anonymous.get("/en/calls/?field=kultura").content.decode()
    assert "http://testserver/embed/en/calls/?field=kultura" in html.unescape(calls)
