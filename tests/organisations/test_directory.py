"""The public directory, a profile page and the open-data downloads."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.utils import translation

from organisations.models import VerificationStatus
from tests.factories import (
    FieldOfActivityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.hub.search_cases import ENGLISH_ORDER, SLOVENE_ORDER, places_listed

LIST = "/en/organisations/"


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["organisations"]]


@pytest.fixture
def places(db):
    goriska = RegionFactory(name="Goriška", slug="goriska")
    ruse = RegionFactory(name="Област Русе", slug="oblast-ruse", country="BG")
    return {
        "tolmin": MunicipalityFactory(name="Tolmin", slug="tolmin", region=goriska),
        "bovec": MunicipalityFactory(name="Bovec", slug="bovec", region=goriska),
        "ruse": MunicipalityFactory(name="Русе", slug="ruse", region=ruse, country="BG"),
    }


def test_only_verified_organisations_are_listed(anonymous):
    OrganisationFactory(name="Verified one")
    for status in ["pending", "rejected", "inactive"]:
        OrganisationFactory(name=f"Hidden {status}", verification_status=status)
    response = anonymous.get(LIST)
    assert names(response) == ["Verified one"]
    assert "1 organisation" in response.content.decode()


def test_an_empty_directory_says_so(anonymous):
    assert "The directory is still empty." in anonymous.get(LIST).content.decode()


def test_no_match_offers_the_way_back(anonymous):
    OrganisationFactory(name="Društvo Soča")
    page = anonymous.get(LIST, {"q": "nothing-like-this"}).content.decode()
    assert "No organisation matches your search." in page
    assert "Show all organisations" in page


def test_filters_by_field_region_municipality_sector_and_legal_form(anonymous, places):
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    OrganisationFactory(name="Youth club Tolmin", seat=places["tolmin"], fields=[youth])
    OrganisationFactory(
        name="Serves Bovec from Ruse",
        seat=places["ruse"],
        municipalities_served=[places["bovec"]],
        legal_form="foundation",
    )
    OrganisationFactory(name="Municipality of Ruse", seat=places["ruse"], sector="public")

    assert names(anonymous.get(LIST, {"field": "youth"})) == ["Youth club Tolmin"]
    assert names(anonymous.get(LIST, {"region": "goriska"})) == [
        "Serves Bovec from Ruse",
        "Youth club Tolmin",
    ]
    assert names(anonymous.get(LIST, {"municipality": "bovec"})) == ["Serves Bovec from Ruse"]
    assert names(anonymous.get(LIST, {"sector": "public"})) == ["Municipality of Ruse"]
    assert names(anonymous.get(LIST, {"legal_form": "foundation"})) == ["Serves Bovec from Ruse"]


def test_sorting_and_filters_stay_in_the_pagination_links(anonymous):
    for year in range(1990, 2015):
        OrganisationFactory(name=f"Club {year}", founded_year=year, sector="civil")
    response = anonymous.get(LIST, {"sector": "civil", "sort": "-founded"})
    assert names(response)[:2] == ["Club 2014", "Club 2013"]
    assert len(names(response)) == 20
    assert response.context["result_count"] == 25
    page = response.content.decode()
    assert "25 organisations" in page
    assert "?sector=civil&amp;sort=-founded&amp;page=2" in page
    second = anonymous.get(LIST, {"sector": "civil", "sort": "-founded", "page": 2})
    assert names(second) == [f"Club {year}" for year in range(1994, 1989, -1)]


@pytest.mark.parametrize("count", [1, 50])
def test_the_directory_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    field = FieldOfActivityFactory()
    for _ in range(count):
        OrganisationFactory(fields=[field])
    # 1. fields of activity for the filter's choices
    # 2. regions for the filter's choices
    # 3. municipalities for the filter's choices
    # 4. count of the organisations found
    # 5. the organisations of this page, with their seats
    # 6. the fields of activity of those organisations
    with django_assert_num_queries(6):
        response = anonymous.get(LIST)
    assert len(names(response)) == min(count, 20)


@pytest.mark.parametrize("count", [1, 50])
def test_a_search_takes_the_same_number_of_queries(anonymous, django_assert_num_queries, count):
    for number in range(count):
        OrganisationFactory(name=f"Društvo življenje {number}")
    # The same six queries: the search is part of the count and the page's query.
    with django_assert_num_queries(6):
        response = anonymous.get(LIST, {"q": "zivljenje"})
    assert response.context["result_count"] == count


@pytest.mark.parametrize("count", [1, 50])
def test_a_profile_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    organisation = OrganisationFactory(
        fields=[FieldOfActivityFactory() for _ in range(min(count, 13))],
        municipalities_served=[MunicipalityFactory() for _ in range(count)],
    )
    # 1. the organisation with its seat and the seat's region
    # 2. its fields of activity
    # 3. the municipalities it serves
    # 4. the partnerships it takes part in (a section hub.sections adds; none here)
    # 5. the advocacy initiatives it leads or supports, 6. its representations (another section)
    with django_assert_num_queries(6):
        response = anonymous.get(organisation.get_absolute_url())
    assert response.status_code == 200


def test_a_profile_shows_the_public_fields_and_not_the_staff_ones(anonymous, places):
    organisation = OrganisationFactory(
        name="Planinsko društvo Tolmin",
        seat=places["tolmin"],
        municipalities_served=[places["bovec"]],
        email="pd@example.org",
        description="Skrbimo za poti.\n\nVodimo izlete.",
        staff_notes="Late with reports",
        has_potential=True,
    )
    page = anonymous.get(f"/en/organisations/{organisation.slug}/").content.decode()
    assert "Planinsko društvo Tolmin" in page
    assert "pd@example.org" in page
    assert "Bovec" in page
    assert "<p>Skrbimo za poti.</p>" in page
    assert "Last confirmed" in page
    assert "Late with reports" not in page


def test_a_description_cannot_inject_script_into_the_profile(anonymous):
    organisation = OrganisationFactory(description="<script>alert(1)</script><b>x</b>")
    page = anonymous.get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page


def test_a_pending_profile_is_hidden_from_others(anonymous, client_for, other_ngo_admin, staff):
    organisation = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    url = organisation.get_absolute_url()
    assert anonymous.get(url).status_code == 404
    assert client_for(other_ngo_admin).get(url).status_code == 404
    assert client_for(staff).get(url).status_code == 200


# Search (tests/hub/test_search.py has the shared cases; tests/hub/test_sqlite.py runs them on
# SQLite). Misspellings and ranking are PostgreSQL's alone.

pytestmark_pg = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo-tolerant, ranked search needs PostgreSQL"
)


@pytestmark_pg
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zivljenje", "Društvo za življenje"),
        ("ZIVLJENJE", "Društvo za življenje"),
        ("lodz", "Fundacja Łódź Razem"),
        ("Łódź", "Fundacja Łódź Razem"),
        ("русе", "Клуб „Отворено общество“ – Русе"),
        ("отворено", "Клуб „Отворено общество“ – Русе"),
        ("KOO", "Клуб „Отворено общество“ – Русе"),  # short name, ASCII
        ("senčur", "Gasilci Šenčur"),
        ("zivljenja", "Društvo za življenje"),  # a small misspelling still matches
        ("mentorstvo", "Gasilci Šenčur"),  # in the description
    ],
)
def test_search_finds_names_without_diacritics_and_in_cyrillic(anonymous, query, expected):
    OrganisationFactory(name="Društvo za življenje")
    OrganisationFactory(name="Fundacja Łódź Razem", country="PL")
    OrganisationFactory(name="Клуб „Отворено общество“ – Русе", short_name="KOO", country="BG")
    OrganisationFactory(name="Gasilci Šenčur", description="Mentorstvo mladim gasilcem.")
    OrganisationFactory(name="Nothing related", description="Kmetijstvo.")
    found = names(anonymous.get(LIST, {"q": query}))
    assert found[0] == expected
    assert "Nothing related" not in found


# Alphabetical order of the reader's language


@pytest.fixture
def slovene_places(db):
    region = RegionFactory(name="Slovenija", slug="slovenija")
    for name in reversed(SLOVENE_ORDER):
        seat = MunicipalityFactory(name=name, slug=name.lower(), region=region)
        OrganisationFactory(name=name, seat=seat)


def test_the_directory_lists_names_in_slovene_order_for_slovene_readers(anonymous, slovene_places):
    assert names(anonymous.get("/sl/organisations/")) == SLOVENE_ORDER
    assert names(anonymous.get("/sl/organisations/", {"sort": "name"})) == SLOVENE_ORDER
    assert names(anonymous.get("/sl/organisations/", {"sort": "-name"})) == SLOVENE_ORDER[::-1]


def test_english_readers_get_the_english_order(anonymous, slovene_places):
    # English sorts Š as S and Ž as Z: "Šenčur" before "Sežana", "Žiri" before "Zreče".
    assert names(anonymous.get("/en/organisations/")) == ENGLISH_ORDER


def test_the_municipality_filter_and_form_list_places_in_slovene_order(
    anonymous, client_for, ngo_admin, slovene_places
):
    directory = anonymous.get("/sl/organisations/").content.decode()
    assert places_listed(directory, "municipality") == SLOVENE_ORDER
    events = anonymous.get("/sl/events/").content.decode()
    assert places_listed(events, "municipality") == SLOVENE_ORDER
    form = client_for(ngo_admin).get("/sl/organisations/register/").content.decode()
    assert places_listed(form, "seat") == SLOVENE_ORDER


def test_fields_of_the_same_rank_are_listed_in_slovene_order(anonymous):
    # Named in Slovene whatever language an earlier test in this process left active.
    with translation.override("sl"):
        for name in ["Zdravje", "Šport", "Sociala", "Človekove pravice", "Kultura"]:
            FieldOfActivityFactory(name=name)
    page = anonymous.get("/sl/organisations/").content.decode()
    select = re.search(r'<select name="field"[^>]*>(.*?)</select>', page, re.S)[1]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select)[1:] == [
        "Človekove pravice",
        "Kultura",
        "Sociala",
        "Šport",
        "Zdravje",
    ]


# Open data


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_csv_has_public_fields_only_and_honours_filters(anonymous, places):
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    OrganisationFactory(
        name="Youth club",
        seat=places["tolmin"],
        fields=[youth],
        municipalities_served=[places["tolmin"], places["bovec"]],
        public_interest=True,
        staff_notes="secret",
    )
    OrganisationFactory(name="Other", seat=places["ruse"])
    OrganisationFactory(name="Pending", verification_status="pending", fields=[youth])

    response = anonymous.get("/en/organisations/export.csv", {"field": "youth"})
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert [row["name"] for row in rows] == ["Youth club"]
    row = rows[0]
    assert row["municipalities_served"] == "Bovec; Tolmin"
    assert row["region"] == "Goriška"
    assert row["public_interest"] == "true"
    assert row["profile_url"].endswith("/en/organisations/" + row["slug"] + "/")
    assert "staff_notes" not in row
    assert "secret" not in ",".join(row.values())
    assert "verification_status" not in row


def test_the_json_matches_the_documented_columns(anonymous):
    from organisations.exports import COLUMNS

    OrganisationFactory(name="Društvo Soča", members=12)
    response = anonymous.get("/en/organisations/export.json")
    data = json.loads(b"".join(response.streaming_content))
    assert [list(item) for item in data] == [[column.name for column in COLUMNS]]
    assert data[0]["name"] == "Društvo Soča"
    assert data[0]["members"] == 12
    page = anonymous.get("/en/organisations/open-data/").content.decode()
    for column in COLUMNS:
        assert f"<code>{column.name}</code>" in page


def test_a_formula_in_a_name_is_not_run_by_spreadsheets(anonymous):
    OrganisationFactory(name='=HYPERLINK("http://evil")', phone="+386 5 000 00 00")
    row = csv_rows(anonymous.get("/en/organisations/export.csv"))[0]
    assert row["name"].startswith("'=")
    assert row["phone"] == "+386 5 000 00 00"


def test_the_directory_links_to_the_downloads_with_its_filters(anonymous):
    OrganisationFactory()
    page = anonymous.get(LIST, {"sector": "civil"}).content.decode()
    assert "/en/organisations/export.csv?sector=civil" in page
    assert "/en/organisations/open-data/" in page
