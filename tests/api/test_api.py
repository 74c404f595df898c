"""The public API: what it shows, how its lists agree with the pages and exports, bad input,
conditional requests, languages, the throttle and fixed query counts."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from events.models import Event
from organisations.models import Organisation
from tests.factories import (
    CallFactory,
    EventFactory,
    FieldOfActivityFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
)

API = "/api/v1"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response) -> list[str]:
    return [item["slug"] for item in results(response)]


# What it shows


def test_organisations_show_public_fields_only(anonymous, catalogue):
    OrganisationFactory(name="Not verified yet", verification_status="pending")
    listed = results(anonymous.get(f"{API}/organisations/"))
    assert {item["name"] for item in listed} == {o.name for o in catalogue["organisations"]}
    item = listed[0]
    for private in ["verification_status", "staff_notes", "has_potential", "rejection_reason"]:
        assert private not in item
    assert anonymous.get(f"{API}/organisations/not-verified-yet/").status_code == 404


def test_only_published_events_and_calls_and_public_partnerships(anonymous, catalogue):
    EventFactory(title="Draft event", slug="draft-event", is_published=False)
    CallFactory(title="Draft call", slug="draft-call", is_published=False)
    PartnershipFactory(title="Private one", slug="private-one", is_public=False)
    assert slugs(anonymous.get(f"{API}/events/")) == [catalogue["event"].slug]
    assert slugs(anonymous.get(f"{API}/calls/")) == [catalogue["call"].slug]
    assert slugs(anonymous.get(f"{API}/partnerships/")) == [catalogue["partnership"].slug]
    for path in ["events/draft-event/", "calls/draft-call/", "partnerships/private-one/"]:
        assert anonymous.get(f"{API}/{path}").status_code == 404


def test_every_object_links_to_its_page(anonymous, catalogue):
    for resource, obj in [
        ("organisations", catalogue["organisations"][0]),
        ("events", catalogue["event"]),
        ("calls", catalogue["call"]),
        ("partnerships", catalogue["partnership"]),
    ]:
        item = anonymous.get(f"{API}/{resource}/{obj.slug}/?lang=en").json()
        assert item["id"] == obj.pk
        assert item["url"] == f"http://testserver/en/{resource}/{obj.slug}/"
        assert anonymous.get(item["url"]).status_code == 200
    field = results(anonymous.get(f"{API}/fields/?lang=en"))[0]
    assert field["url"].startswith("http://testserver/en/organisations/?field=")


def test_a_past_event_is_listed_on_request_and_keeps_its_address(anonymous, catalogue):
    start = timezone.now() - timedelta(days=10)
    past = EventFactory(title="Last month", slug="last-month", start=start)
    assert past.slug not in slugs(anonymous.get(f"{API}/events/"))
    assert slugs(anonymous.get(f"{API}/events/", {"when": "past"})) == ["last-month"]
    assert anonymous.get(f"{API}/events/last-month/").json()["registration_state"] == "past"


def test_partners_outside_the_directory_are_named_without_a_link(anonymous, catalogue):
    pending = OrganisationFactory(name="Pending partner", verification_status="pending")
    PartnerFactory(partnership=catalogue["partnership"], organisation=pending)
    partners = anonymous.get(f"{API}/partnerships/{catalogue['partnership'].slug}/").json()[
        "partners"
    ]
    hidden = next(p for p in partners if p["organisation_name"] == "Pending partner")
    assert hidden["organisation"] is None and hidden["organisation_url"] is None


# Page, CSV, JSON export and API agree


def test_one_filter_gives_the_same_ids_in_the_same_order_everywhere(anonymous, catalogue):
    youth = catalogue["youth"]
    for name, year in [("Zavod Ž", 1990), ("Ajda", None), ("Čebela", 2001), ("Bober", 2001)]:
        OrganisationFactory(name=name, founded_year=year, fields=[youth])
    query = {"field": "youth", "sort": "-founded"}

    page = anonymous.get("/en/organisations/", query)
    on_page = [organisation.slug for organisation in page.context["organisations"]]
    in_csv = [
        row["slug"]
        for row in csv.DictReader(
            io.StringIO(anonymous.get("/en/organisations/export.csv", query).getvalue().decode())
        )
    ]
    in_json = [
        row["slug"]
        for row in json.loads(anonymous.get("/en/organisations/export.json", query).getvalue())
    ]
    in_api = slugs(anonymous.get(f"{API}/organisations/", {**query, "lang": "en"}))

    assert len(on_page) == 5
    assert on_page == in_csv == in_json == in_api


# Bad input answers 400


@pytest.mark.parametrize(
    "url",
    [f"{API}/organisations/", "/en/organisations/export.csv", "/en/organisations/export.json"],
)
def test_an_unknown_sector_is_refused_with_the_allowed_values(anonymous, catalogue, url):
    response = anonymous.get(url, {"sector": "no-such-sector", "lang": "en"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["parameter"] == "sector"
    assert error["allowed"] == ["civil", "public", "private"]


def test_a_label_where_a_code_is_expected_is_refused_with_the_codes(anonymous, catalogue):
    response = anonymous.get("/en/organisations/export.json", {"field": "Culture"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["parameter"] == "field"
    assert set(error["allowed"]) == {"youth", "culture"}


@pytest.mark.parametrize("url", [f"{API}/events/", f"{API}/calls/", f"{API}/partnerships/"])
def test_every_list_refuses_an_unknown_field(anonymous, catalogue, url):
    response = anonymous.get(url, {"field": "no-such-field"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["allowed"]


def test_an_unknown_language_or_date_is_refused(anonymous, catalogue):
    response = anonymous.get(f"{API}/fields/", {"lang": "de"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["allowed"] == ["sl", "en", "bg", "pl"]
    response = anonymous.get(f"{API}/events/", {"modified_since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "modified_since"


def test_the_directory_page_shows_an_unknown_value_as_a_form_error(anonymous, catalogue):
    response = anonymous.get("/en/organisations/", {"sector": "no-such-sector"})
    assert response.status_code == 200
    assert "Select a valid choice. no-such-sector is not one of the available choices." in (
        response.content.decode()
    )


def test_the_exports_accept_the_codes_they_print(anonymous, catalogue):
    catalogue["organisations"][0].municipalities_served.set([catalogue["tolmin"]])
    rows = list(
        csv.DictReader(
            io.StringIO(anonymous.get("/en/organisations/export.csv").getvalue().decode())
        )
    )
    row = next(r for r in rows if r["slug"] == catalogue["organisations"][0].slug)
    for parameter, column in [
        ("sector", "sector"),
        ("legal_form", "legal_form"),
        ("field", "fields"),
        ("municipality", "seat_code"),
        ("municipality", "municipalities_served_codes"),
        ("region", "region_code"),
    ]:
        value = row[column].split("; ")[0]
        response = anonymous.get("/en/organisations/export.json", {parameter: value})
        assert response.status_code == 200, (parameter, value)
        assert row["slug"] in [r["slug"] for r in json.loads(response.getvalue())]


# Changes: modified_since, ETag, Last-Modified


def test_modified_since_keeps_what_changed_after(anonymous, catalogue):
    old, recent = catalogue["organisations"]
    Organisation.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert slugs(anonymous.get(f"{API}/organisations/", {"modified_since": since})) == [recent.slug]


@pytest.mark.parametrize("path", ["/organisations/", "/organisations/{slug}/"])
def test_an_unchanged_answer_is_304_on_if_none_match(anonymous, catalogue, path):
    url = API + path.format(slug=catalogue["organisations"][0].slug)
    first = anonymous.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    Organisation.objects.filter(pk=catalogue["organisations"][0].pk).update(
        phone="+386 5 111 11 11"
    )
    changed = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_an_unchanged_detail_is_304_on_if_modified_since(anonymous, catalogue):
    event = catalogue["event"]
    url = f"{API}/events/{event.slug}/"
    last_modified = anonymous.get(url)["Last-Modified"]
    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now() + timedelta(minutes=1))
    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_unpublishing_an_event_moves_the_lists_last_modified(anonymous, catalogue):
    url = f"{API}/events/"
    before = anonymous.get(url)["Last-Modified"]
    later = timezone.now() + timedelta(minutes=5)
    Event.objects.filter(pk=catalogue["event"].pk).update(is_published=False, updated_at=later)
    response = anonymous.get(url, HTTP_IF_MODIFIED_SINCE=before)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(int(later.timestamp()))


# Language


def test_the_language_follows_lang_then_accept_language(anonymous, catalogue):
    field = catalogue["youth"]
    field.name_sl, field.name_en = "Mladi", "Youth"
    field.save()
    organisation = catalogue["organisations"][0]
    Organisation.objects.filter(pk=organisation.pk).update(sector="public")
    url = f"{API}/organisations/{organisation.slug}/"

    english = anonymous.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="sl")
    slovene = anonymous.get(url, HTTP_ACCEPT_LANGUAGE="sl")
    default = anonymous.get(url)

    assert english["Content-Language"] == "en"
    assert english.json()["field_labels"] == ["Youth"]
    assert english.json()["url"].startswith("http://testserver/en/")
    assert english.json()["sector_label"] == "Public"
    assert slovene["Content-Language"] == "sl"
    assert slovene.json()["field_labels"] == ["Mladi"]
    assert slovene.json()["url"].startswith("http://testserver/sl/")
    assert slovene.json()["sector_label"] not in ("", "Public")
    assert default.json() == slovene.json()
    assert "Accept-Language" in english["Vary"]


# Pages of results


def test_pages_go_up_to_the_documented_maximum(anonymous, settings):
    for number in range(settings.API_MAX_PAGE_SIZE + 5):
        FieldOfActivityFactory(name=f"Field {number:03}", slug=f"field-{number:03}")
    most = settings.API_MAX_PAGE_SIZE
    body = anonymous.get(f"{API}/fields/", {"page_size": most}).json()
    assert body["count"] == most + 5
    assert len(body["results"]) == most
    assert body["next"].endswith(f"page=2&page_size={most}")
    assert len(anonymous.get(f"{API}/fields/").json()["results"]) == 20


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("page_size", "101"), ("page_size", "0"), ("page_size", "ten"), ("page", "0"), ("page", "")],
)
def test_a_page_or_page_size_out_of_bounds_is_a_400_naming_the_limit(
    anonymous, settings, parameter, value
):
    response = anonymous.get(f"{API}/fields/", {parameter: value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameter"] == parameter
    limit = f"from 1 to {settings.API_MAX_PAGE_SIZE}" if parameter == "page_size" else "from 1 up"
    assert limit in error["message"]


def test_a_filter_given_without_a_value_is_a_400_but_an_empty_search_is_not(anonymous):
    response = anonymous.get(f"{API}/events/", {"field": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "field"
    assert anonymous.get(f"{API}/events/", {"q": ""}).status_code == 200


def test_online_events_are_null_where_the_schema_says_they_may_be(anonymous):
    EventFactory(municipality=None, venue="", online_url="https://meet.example.org/x")
    (event,) = anonymous.get(f"{API}/events/").json()["results"]
    assert event["municipality"] is None and event["municipality_name"] is None
    schema = anonymous.get("/api/v1/schema/").json()["components"]["schemas"]["Event"]
    for name in ("municipality", "municipality_name"):
        assert "null" in schema["properties"][name]["type"], schema["properties"][name]


# Throttle


def test_the_throttle_answers_429_with_retry_after_past_its_limit(anonymous, settings):
    limit = int(settings.API_THROTTLE_RATE.split("/")[0])
    description = anonymous.get(f"{API}/schema/").json()["info"]["description"]
    assert f"{limit} requests per minute per client address" in description
    for _ in range(limit - 1):  # the schema above was the first
        assert anonymous.get(f"{API}/fields/").status_code == 200
    response = anonymous.get(f"{API}/fields/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]
    # Another client is counted on its own.
    assert anonymous.get(f"{API}/fields/", REMOTE_ADDR="192.0.2.7").status_code == 200


# Fixed query counts


def _queries(client, url) -> int:
    client.get(url)  # warms the cached hub profile the filters' municipality lists read
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_organisation_list_and_detail_take_fixed_queries(anonymous, catalogue):
    one = _queries(anonymous, f"{API}/organisations/?page_size=100")
    detail = _queries(anonymous, f"{API}/organisations/{catalogue['organisations'][0].slug}/")
    for _ in range(50):
        OrganisationFactory(
            seat=catalogue["tolmin"],
            fields=[catalogue["youth"], catalogue["culture"]],
            municipalities_served=[catalogue["tolmin"]],
        )
    # 1 count, 2 the page, 3 fields, 4 municipalities served, 5 the latest change
    assert _queries(anonymous, f"{API}/organisations/?page_size=100") == one == 5
    # 1 the organisation with seat and region, 2 fields, 3 municipalities served
    assert detail == 3


def test_event_call_and_partnership_lists_take_fixed_queries(anonymous, catalogue):
    urls = [f"{API}/events/", f"{API}/calls/", f"{API}/partnerships/"]
    before = [_queries(anonymous, url) for url in urls]
    funder = catalogue["call"].funder
    for number in range(50):
        EventFactory(
            organiser=catalogue["organisations"][number % 2],
            municipality=catalogue["tolmin"],
            fields=[catalogue["youth"]],
        )
        CallFactory(funder=funder, fields=[catalogue["youth"]])
        partnership = PartnershipFactory(fields=[catalogue["youth"]])
        for organisation in catalogue["organisations"]:
            PartnerFactory(partnership=partnership, organisation=organisation)
    after = [_queries(anonymous, url + "?page_size=100") for url in urls]
    # events: count, page, fields, the latest change (the API takes any month: no list of them)
    # calls: count, page, fields, regions, the latest change
    # partnerships: count, page, municipalities, fields, partners with organisations, latest
    assert after == before == [4, 5, 6]


def test_details_take_fixed_queries(anonymous, catalogue):
    # event: the event with seat counts, fields; call: the call, fields, regions;
    # partnership: the partnership, municipalities, fields, partners
    assert [
        _queries(anonymous, f"{API}/events/{catalogue['event'].slug}/"),
        _queries(anonymous, f"{API}/calls/{catalogue['call'].slug}/"),
        _queries(anonymous, f"{API}/partnerships/{catalogue['partnership'].slug}/"),
    ] == [2, 3, 4]


# Documentation


def test_the_docs_page_runs_under_the_sites_csp(anonymous):
    response = anonymous.get(f"{API}/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self'" in policy
    assert "<script>" not in page and "<style>" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    script = anonymous.get(f"{API}/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_the_footer_and_the_open_data_page_lead_to_the_api(anonymous):
    assert f'href="{API}/docs/"' in anonymous.get("/en/").content.decode()
    page = anonymous.get("/en/organisations/open-data/").content.decode()
    assert f'href="{API}/docs/"' in page and f'href="{API}/schema/"' in page
    assert "changes are only additive" in page


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("0016-11-10T22:45:52+17:11", 200),  # an offset PostgreSQL would refuse
        ("0001-01-01T00:00:00+01:00", 400),  # before year 1 in UTC
        ("2026-01-31T08:00:00", 200),  # no offset: the hub's time zone
    ],
)
def test_modified_since_takes_any_iso_8601_time(anonymous, db, value, status):
    assert anonymous.get(f"{API}/partnerships/", {"modified_since": value}).status_code == status
