"""HEAD is answered wherever GET is (RFC 9110: a general-purpose server supports both): link
checkers and crawlers send it first."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hub.feeds import FEEDS
from tests.e2e.site import LANGUAGES, build_site, pages

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _machine_addresses(site) -> list[str]:
    """What programs fetch: the site's own files, feeds, open data, oEmbed and the API."""
    addresses = [
        "/robots.txt",
        "/sitemap.xml",
        "/healthz",
        f"/oembed?url=http://testserver/en/events/{site.event.slug}/",
        "/oembed?url=http://testserver/en/calls/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        "/api/v1/organisations/",
        f"/api/v1/organisations/{site.organisation.slug}/",
        "/api/v1/events/",
        "/api/v1/calls/",
        "/api/v1/partnerships/",
        "/api/v1/fields/",
        "/api/v1/municipalities/",
    ]
    for language in LANGUAGES:
        with translation.override(language):
            for name in sorted(FEEDS):
                kwargs = {"slug": site.event.slug} if name == "events:calendar" else None
                addresses.append(reverse(name, kwargs=kwargs))
            addresses += [
                reverse("organisations:export_csv"),
                reverse("organisations:export_json"),
                reverse("organisations:datapackage"),
            ]
    return addresses


def _assert_head_like_get(client: Client, address: str) -> None:
    got = client.get(address)
    assert got.status_code == 200, f"GET {address}: {got.status_code}"
    head = client.head(address)
    assert head.status_code == 200, f"HEAD {address}: {head.status_code}"
    assert head["Content-Type"] == got["Content-Type"], address
    body = b"".join(head.streaming_content) if head.streaming else head.content
    assert body == b"", address


def test_every_public_address_answers_head_as_it_answers_get():
    site = build_site()
    anonymous = Client()
    member = Client()
    member.force_login(site.member)
    sitemap = ET.fromstring(anonymous.get("/sitemap.xml").content)  # noqa: S314 (our own)
    in_sitemap = [
        location.removeprefix("http://testserver")
        for location in (url.findtext(f"{SITEMAP}loc") for url in sitemap.iter(f"{SITEMAP}url"))
    ]
    assert len(in_sitemap) > 50
    walked = [
        (address, signed_in)
        for language in LANGUAGES
        for address, signed_in in pages(site, language)
    ]
    addresses = [(address, False) for address in in_sitemap + _machine_addresses(site)] + walked
    for address, signed_in in dict.fromkeys(addresses):
        _assert_head_like_get(member if signed_in else anonymous, address)


def test_head_is_refused_with_the_other_unsafe_methods_where_get_is_not_allowed(anonymous):
    # The oEmbed endpoint and the framed lists read only: anything but GET and HEAD is 405.
    for address in ["/oembed?url=x", "/embed/en/events/", "/robots.txt"]:
        response = anonymous.post(address)
        assert response.status_code == 405, address
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
