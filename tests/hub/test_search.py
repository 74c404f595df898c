"""The portal's search on PostgreSQL: the shared cases through the directory, misspellings,
ranking, the event list, and the index the search uses. tests/hub/test_sqlite.py runs the same
cases on SQLite."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from hub.search import search_queryset
from hub.text import search_document, search_normalise
from organisations.models import Organisation
from tests.factories import EventFactory, MunicipalityFactory, OrganisationFactory
from tests.hub.search_cases import CASES, ORGANISATIONS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL search; SQLite is test_sqlite.py"
)


@pytest.fixture
def organisations(db):
    for name, short_name, description in ORGANISATIONS:
        OrganisationFactory(name=name, short_name=short_name, description=description)


def found(client, query: str) -> list[str]:
    response = client.get("/sl/organisations/", {"q": query})
    return [organisation.name for organisation in response.context["organisations"]]


@pytest.mark.parametrize(("query", "expected"), CASES.items())
def test_the_directory_search_ignores_case_diacritics_script_and_word_order(
    anonymous, organisations, query, expected
):
    assert sorted(found(anonymous, query)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("smarnca", "Društvo Šmarnica za duševno zdravje"),
        ("drustvo zirri", "Društvo žena in deklet Žiri"),
        ("russe", "Ruse Youth Network"),
    ],
)
def test_a_misspelt_name_is_still_found(anonymous, organisations, query, expected):
    names = found(anonymous, query)
    assert expected in names
    assert "Nothing related" not in names


def test_names_that_match_come_before_descriptions_that_do(anonymous):
    OrganisationFactory(name="Aaa društvo", description="Delujemo tudi v Žireh in Žiri.")
    OrganisationFactory(name="Žiri skupaj")
    assert found(anonymous, "ziri") == ["Žiri skupaj", "Aaa društvo"]


def test_the_search_text_follows_every_save(db):
    organisation = OrganisationFactory(name="Društvo Soča")
    organisation.name = "Društvo Žiri"
    organisation.save(update_fields=["name"])
    assert search_queryset(Organisation.objects.all(), "ziri").get() == organisation
    assert not search_queryset(Organisation.objects.all(), "soca").exists()


def in_days(days: int) -> dict:
    start = timezone.now() + timedelta(days=days)
    return {"start": start, "end": start + timedelta(hours=3)}


def test_the_event_list_searches_titles_and_places_and_keeps_its_date_order(anonymous):
    later = EventFactory(title="Обучение в Русе", slug="obuchenie-v-ruse", **in_days(9))
    sooner = EventFactory(title="Delavnica", venue="Dom kulture Žiri", **in_days(3))
    other = EventFactory(title="Workshop in Ruse", **in_days(5))
    EventFactory(title="Nothing related", venue="Nova Gorica", **in_days(4))
    in_ruse = EventFactory(
        title="Info day", municipality=MunicipalityFactory(name="Русе"), **in_days(7)
    )

    def titles(query):
        response = anonymous.get("/sl/events/", {"q": query})
        return [event.title for event in response.context["events"]]

    assert titles("ziri") == [sooner.title]
    assert titles("ruse") == [other.title, in_ruse.title, later.title]
    assert titles("русе обучение") == [later.title]


def test_events_are_found_by_their_municipalitys_new_name_after_a_rename(anonymous):
    municipality = MunicipalityFactory(name="Kanal")
    event = EventFactory(title="Info day", municipality=municipality, **in_days(3))

    municipality.name = "Kanal ob Soči"
    municipality.save()

    response = anonymous.get("/sl/events/", {"q": "ob soci"})
    assert [found.pk for found in response.context["events"]] == [event.pk]


@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("organisations_organisation", "organisation_search_text_trgm"),
        ("organisations_organisation", "organisation_search_name_trgm"),
        ("events_event", "event_search_text_trgm"),
    ],
)
def test_the_search_uses_the_trigram_indexes(db, table, index):
    """The planner picks the GIN indexes for the search's own SQL (sequential scans forbidden, as
    the test tables are too small for the planner to want an index)."""
    model = Organisation if table.startswith("organisations") else Event
    queryset = search_queryset(model.objects.order_by(), "ziri", ranked=False)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan


@pytest.mark.parametrize("count", [1, 30])
def test_a_search_of_the_event_list_takes_the_same_queries(
    anonymous, django_assert_num_queries, count
):
    for day in range(count):
        EventFactory(title=f"Delavnica v Žireh {day}", **in_days(day + 1))
    # The six queries of the list (months, count, page, fields of the page, the filter's fields
    # and municipalities): the search is part of the count and the page's query.
    with django_assert_num_queries(6):
        response = anonymous.get("/en/events/", {"q": "zireh"})
    assert len(response.context["events"]) == min(count, 20)


def test_staff_find_organisations_and_events_in_the_admin_without_diacritics(client_for, staff):
    OrganisationFactory(name="Društvo žena in deklet Žiri", registration_number="1234567000")
    OrganisationFactory(name="Nothing related")
    EventFactory(title="Delavnica v Žireh")
    client = client_for(staff)
    page = client.get("/admin/organisations/organisation/", {"q": "drustvo ziri"})
    assert [o.name for o in page.context["cl"].result_list] == ["Društvo žena in deklet Žiri"]
    page = client.get("/admin/organisations/organisation/", {"q": "1234567000"})
    assert [o.name for o in page.context["cl"].result_list] == ["Društvo žena in deklet Žiri"]
    page = client.get("/admin/events/event/", {"q": "zireh"})
    assert [e.title for e in page.context["cl"].result_list] == ["Delavnica v Žireh"]


def test_the_demo_loaders_leave_everything_searchable(db):
    import events.demo
    import hub.demo
    import organisations.demo

    hub.demo.load()
    organisations.demo.load()
    events.demo.load()
    assert Organisation.objects.count() > 10
    for organisation in Organisation.objects.all():
        assert organisation.search_text == search_document(
            organisation.name, organisation.short_name, organisation.description
        )
    for event in Event.objects.all():
        assert event.search_name == search_normalise(event.title)


def test_search_reindex_repairs_rows_written_without_save(db):
    from django.core.management import call_command

    Organisation.objects.bulk_create([OrganisationFactory.build(name="Društvo Žiri", seat=None)])
    assert not search_queryset(Organisation.objects.all(), "ziri").exists()
    call_command("search_reindex", stdout=io.StringIO())
    assert search_queryset(Organisation.objects.all(), "ziri").exists()


@pytest.mark.parametrize("language", ["sl", "en", "bg", "pl"])
def test_a_directory_page_reads_its_names_in_order_from_an_index(db, language):
    from django.utils import translation

    from organisations.selectors import organisation_directory

    with translation.override(language), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        sql, params = organisation_directory()[:20].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The partial index of verified organisations in the reader's alphabetical order.
    assert f"organisation_directory_{language}" in plan
