"""What search engines and other programs read in the pages: JSON-LD, meta descriptions,
the sitemap, robots.txt, valid ``<time datetime>`` and form markup a parser keeps intact."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import html5lib
import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.e2e.site import LANGUAGES, build_site, pages
from tests.factories import (
    CallFactory,
    ConsultationFactory,
    EventFactory,
    FieldOfActivityFactory,
    InitiativeFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    SupporterFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# HTML's valid global date and time string: at most three digits after the second.
DIRECTORY_DESCRIPTION = (
    "The directory of the region's non-governmental organisations: search by name, field of "
    "activity and municipality, and find their contacts."
)
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$"
)


def json_ld(page: str) -> dict:
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(script)


def meta_description(page: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', page)
    return match.group(1) if match else ""


def test_an_event_page_describes_its_start_place_and_online_link(anonymous):
    start = datetime(2027, 3, 4, 8, 0, 0, 123456, tzinfo=UTC)
    event = EventFactory(
        title="Delavnica",
        start=start,
        end=start + timedelta(hours=3),
        venue="Kulturni dom",
        address="Bevkov trg 4",
        municipality=MunicipalityFactory(name="Nova Gorica"),
        online_url="https://meet.example.org/delavnica",
    )

    data = json_ld(anonymous.get(f"/en/events/{event.slug}/").content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Delavnica"
    assert data["startDate"] == "2027-03-04T09:00:00+01:00"
    assert data["endDate"] == "2027-03-04T12:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["@type"] == "Place"
    assert place["name"] == "Kulturni dom"
    assert place["address"]["streetAddress"] == "Bevkov trg 4"
    assert place["address"]["addressLocality"] == "Nova Gorica"
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example.org/delavnica"}
    assert data["url"] == f"http://testserver/en/events/{event.slug}/"


def test_an_online_event_has_only_its_link_as_location(anonymous):
    event = EventFactory(
        venue="", address="", municipality=None, online_url="https://meet.example.org/x"
    )
    data = json_ld(anonymous.get(f"/en/events/{event.slug}/").content.decode())
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}


def test_no_text_can_end_the_json_ld_script(anonymous):
    event = EventFactory(title="</script><script>alert(1)</script>")
    page = anonymous.get(f"/en/events/{event.slug}/").content.decode()
    assert json_ld(page)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in page


def test_an_organisation_page_gives_name_address_website_and_logo(anonymous):
    organisation = OrganisationFactory(
        name="Društvo Soča",
        website="https://drustvo-soca.example.org",
        seat=MunicipalityFactory(name="Tolmin"),
        logo="logos/soca.png",
    )
    data = json_ld(anonymous.get(f"/en/organisations/{organisation.slug}/").content.decode())
    assert data["@type"] == "NGO"
    assert data["name"] == "Društvo Soča"
    assert data["url"] == "https://drustvo-soca.example.org"
    assert data["address"]["addressLocality"] == "Tolmin"
    assert data["logo"].startswith("http://testserver/") and data["logo"].endswith("soca.png")


@pytest.mark.parametrize(
    ("sector", "legal_form", "kind"),
    [
        ("civil", "association", "NGO"),
        ("public", "public_body", "GovernmentOrganization"),
        ("private", "company", "Corporation"),
    ],
)
def test_an_organisation_is_described_as_what_its_sector_makes_it(
    anonymous, sector, legal_form, kind
):
    organisation = OrganisationFactory(sector=sector, legal_form=legal_form)
    data = json_ld(anonymous.get(f"/en/organisations/{organisation.slug}/").content.decode())
    assert data["@type"] == kind


def test_a_partnership_page_describes_a_project_with_its_partners_in_their_sectors(anonymous):
    place = MunicipalityFactory(name="Nova Gorica")
    partnership = PartnershipFactory(title="Skupna pisarna", municipalities=[place])
    PartnerFactory(partnership=partnership, organisation=OrganisationFactory(name="Društvo"))
    PartnerFactory(
        partnership=partnership,
        organisation=OrganisationFactory(name="Občina", sector="public", legal_form="public_body"),
    )
    PartnerFactory(
        partnership=partnership,
        role="supporter",
        organisation=OrganisationFactory(name="Domel d.o.o.", sector="private"),
    )
    page = anonymous.get(f"/en/partnerships/{partnership.slug}/").content.decode()
    data = json_ld(page)
    assert data["@type"] == "Project"
    assert data["name"] == "Skupna pisarna"
    assert data["areaServed"] == [{"@type": "AdministrativeArea", "name": "Nova Gorica"}]
    members = {role["member"]["name"]: role for role in data["member"]}
    assert {name: role["member"]["@type"] for name, role in members.items()} == {
        "Društvo": "NGO",
        "Občina": "GovernmentOrganization",
        "Domel d.o.o.": "Corporation",
    }
    assert members["Domel d.o.o."]["@type"] == "OrganizationRole"
    assert members["Domel d.o.o."]["roleName"] == "Supporter"


def test_a_partnership_that_is_not_public_is_not_described(client_for, staff):
    partnership = PartnershipFactory(is_public=False)
    page = client_for(staff).get(f"/en/partnerships/{partnership.slug}/").content.decode()
    assert "application/ld+json" not in page


def test_an_initiative_page_describes_a_project_led_by_its_lead(anonymous):
    initiative = InitiativeFactory(
        title="Pripombe k proračunu", lead=OrganisationFactory(name="Društvo Soča")
    )
    SupporterFactory(initiative=initiative, organisation=OrganisationFactory(name="Podpornik"))
    data = json_ld(anonymous.get(f"/en/advocacy/{initiative.slug}/").content.decode())
    assert data["@type"] == "Project"
    assert data["name"] == "Pripombe k proračunu"
    assert data["founder"]["name"] == "Društvo Soča"
    assert [member["name"] for member in data["member"]] == ["Podpornik"]


def test_a_consultation_page_describes_the_draft_and_the_comments_it_invites(anonymous):
    consultation = ConsultationFactory(title="Osnutek proračuna")
    page = anonymous.get(f"/en/advocacy/consultations/{consultation.slug}/").content.decode()
    data = json_ld(page)
    assert data["@type"] == "CreativeWork"
    assert data["publisher"] == {
        "@type": "GovernmentOrganization",
        "name": consultation.body.name,
        "url": f"http://testserver/en/organisations/{consultation.body.slug}/",
    }
    action = data["potentialAction"]
    assert action["@type"] == "CommentAction"
    assert datetime.fromisoformat(action["endTime"]) == consultation.deadline.replace(microsecond=0)


def test_an_organisation_waiting_for_verification_is_not_described(client_for, ngo_admin):
    organisation = ngo_admin.memberships.get().organisation
    organisation.verification_status = "pending"
    organisation.save()
    page = client_for(ngo_admin).get(f"/en/organisations/{organisation.slug}/").content.decode()
    assert "application/ld+json" not in page


def test_a_call_page_gives_funder_amount_and_deadline(anonymous):
    call = CallFactory(min_grant=1000, max_grant=5000, fields=[FieldOfActivityFactory()])
    data = json_ld(anonymous.get(f"/en/calls/{call.slug}/").content.decode())
    assert data["@type"] == "MonetaryGrant"
    assert data["funder"]["name"] == call.funder.name
    assert data["amount"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "minValue": 1000.0,
        "maxValue": 5000.0,
    }
    deadline = datetime.fromisoformat(data["potentialAction"]["endTime"])
    assert deadline == call.deadline.replace(microsecond=0)


def test_iso_datetimes_have_no_microseconds_and_follow_the_pages_time_zone():
    moment = datetime(2026, 11, 28, 9, 15, 30, 654321, tzinfo=UTC)
    template = Template(
        "{% load machine_readable tz %}{% timezone 'Europe/Sofia' %}{{ m|isodatetime }}{% endtimezone %}"
    )
    assert template.render(Context({"m": moment})) == "2026-11-28T11:15:30+02:00"


def test_the_last_confirmed_date_on_a_profile_is_a_valid_datetime(anonymous):
    organisation = OrganisationFactory(last_confirmed_at=timezone.now().replace(microsecond=123456))
    page = anonymous.get(f"/en/organisations/{organisation.slug}/").content.decode()
    values = re.findall(r'<time datetime="([^"]*)"', page)
    assert values
    assert all(VALID_DATETIME.match(value) for value in values), values


def test_every_public_page_has_a_description_in_its_language():
    site = build_site()
    client = Client()
    descriptions = {}
    for language in LANGUAGES:
        for address, signed_in in pages(site, language):
            if signed_in:
                continue
            description = meta_description(client.get(address).content.decode())
            assert len(description) > 20, f"{address} has no meta description"
            assert "{" not in description and "<" not in description, address
            descriptions[address] = description
    # In the page's language: the directory's description as that language's catalogue has it.
    for language in LANGUAGES:
        with translation.override(language):
            expected = escape(gettext(DIRECTORY_DESCRIPTION))
        assert descriptions[f"/{language}/organisations/"] == expected
    profile = descriptions[f"/en/organisations/{site.organisation.slug}/"]
    assert "Pomagamo starejšim" in profile


def test_the_sitemap_lists_the_public_pages_in_four_languages(anonymous):
    event = EventFactory(slug="delavnica")
    EventFactory(slug="osnutek", is_published=False)
    organisation = OrganisationFactory(slug="drustvo-soca")
    OrganisationFactory(slug="v-preverjanju", verification_status="pending")
    call = CallFactory(slug="razpis")
    initiative = InitiativeFactory(slug="pobuda")
    InitiativeFactory(slug="zaprta-pobuda", is_public=False)
    consultation = ConsultationFactory(slug="razprava")

    response = anonymous.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap, in a test)
    urls = root.findall(f"{SITEMAP}url")
    locations = {url.findtext(f"{SITEMAP}loc") for url in urls}
    for language in LANGUAGES:
        for path in [
            "/",
            "/about/",
            "/organisations/",
            "/events/",
            "/calls/",
            "/partnerships/",
            f"/organisations/{organisation.slug}/",
            f"/events/{event.slug}/",
            f"/calls/{call.slug}/",
            "/advocacy/",
            "/advocacy/consultations/",
            "/privacy/",
            f"/advocacy/{initiative.slug}/",
            f"/advocacy/consultations/{consultation.slug}/",
        ]:
            assert f"http://testserver/{language}{path}" in locations
    hidden = ("osnutek", "v-preverjanju", "zaprta-pobuda")
    assert not any(slug in location for location in locations for slug in hidden)
    alternates = {
        link.get("hreflang"): link.get("href") for link in urls[0].findall(f"{XHTML}link")
    }
    assert set(alternates) == {*LANGUAGES, "x-default"}


def test_robots_txt_points_to_the_sitemap(anonymous):
    response = anonymous.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


@pytest.mark.parametrize("address", ["/en/accounts/signup/", "/en/accounts/password/change/"])
def test_the_password_rules_stay_where_the_field_points(client_for, staff, anonymous, address):
    client = client_for(staff) if "change" in address else anonymous
    page = client.get(address).content.decode()
    # Parsed as a browser parses it: the rules must still be inside the described element.
    document = html5lib.parse(page, namespaceHTMLElements=False)
    field = next(
        element
        for element in document.iter("input")
        if element.get("name") in {"password1", "password"} and element.get("aria-describedby")
    )
    (described,) = [
        element for element in document.iter() if element.get("id") == field.get("aria-describedby")
    ]
    with translation.override("en"):
        rules = [item.text for item in described.iter("li")]
    assert len(rules) == 4, rules


def test_the_invitation_form_with_errors_points_only_to_what_is_there(client_for, ngo_admin):
    organisation = ngo_admin.memberships.get().organisation
    page = (
        client_for(ngo_admin)
        .post(f"/en/organisations/{organisation.slug}/people/invite/", {"email": "x"})
        .content.decode()
    )
    document = html5lib.parse(page, namespaceHTMLElements=False)
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    form = next(f for f in document.iter("form") if f.get("action", "").endswith("/invite/"))
    described = [
        target
        for element in form.iter()
        for target in (element.get("aria-describedby") or "").split()
    ]
    assert described
    assert set(described) <= ids
    # Every error message stays inside the form (a list inside a <p> would be moved out).
    assert "Enter a valid email address." in "".join(form.itertext())


def test_a_cancelled_event_says_so_to_people_search_engines_and_calendars(anonymous):
    event = EventFactory(title="Odpovedana delavnica", is_cancelled=True)

    page = anonymous.get(f"/en/events/{event.slug}/").content.decode()
    assert json_ld(page)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "This event is cancelled and will not take place." in page
    assert 'action="/en/events/' not in page  # no registration form

    refused = anonymous.post(
        f"/en/events/{event.slug}/register/",
        {"name": "Ana Novak", "email": "ana@example.org", "consent": "on"},
    )
    assert "Registration for this event is closed." in refused.content.decode()
    assert not event.registrations.exists()

    calendar = anonymous.get(f"/en/events/{event.slug}/calendar.ics").content.decode()
    assert "STATUS:CANCELLED" in calendar
