"""The public list and detail of calls: order, filters, eligibility, query counts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from hub.cache import data_changed
from tests.factories import (
    CallDocumentFactory,
    CallFactory,
    EventFactory,
    FieldOfActivityFactory,
    FunderFactory,
    MunicipalityFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/en/calls/"


def titles(response) -> list[str]:
    return [call.title for call in response.context["calls"]]


def test_open_calls_come_first_nearest_deadline_first_then_upcoming(anonymous):
    now = timezone.now()
    CallFactory(title="Later deadline", deadline=now + timedelta(days=40))
    CallFactory(title="Sooner deadline", deadline=now + timedelta(days=3))
    CallFactory(
        title="Opens next month",
        opens=now + timedelta(days=30),
        deadline=now + timedelta(days=20 + 30),
    )
    CallFactory(title="Closed", opens=now - timedelta(days=60), deadline=now - timedelta(days=1))
    CallFactory(title="Draft", is_published=False)
    response = anonymous.get(LIST)
    assert titles(response) == ["Sooner deadline", "Later deadline", "Opens next month"]
    page = response.content.decode()
    assert "Closing soon" in page
    closed = anonymous.get(LIST, {"status": "closed"})
    assert titles(closed) == ["Closed"]


def test_closing_soon_means_within_seven_days(anonymous):
    now = timezone.now()
    CallFactory(title="Six days", deadline=now + timedelta(days=6))
    CallFactory(title="Eight days", deadline=now + timedelta(days=8))
    assert titles(anonymous.get(LIST, {"status": "closing_soon"})) == ["Six days"]


def test_search_forgives_case_and_diacritics_and_filters_narrow(anonymous):
    social = FieldOfActivityFactory(name="Social care", slug="social-care")
    ministry = FunderFactory(name="Ministrstvo za javno upravo", kind="ministry")
    CallFactory(
        title="Razpis za društva žensk",
        funder=ministry,
        fields=[social],
        sectors=["civil"],
        legal_forms=["association"],
        max_grant=5000,
    )
    CallFactory(title="Podjetniški razpis", sectors=["private"], legal_forms=["company"])
    assert titles(anonymous.get(LIST, {"q": "DRUSTVA zensk"})) == ["Razpis za društva žensk"]
    assert titles(anonymous.get(LIST, {"field": "social-care"})) == ["Razpis za društva žensk"]
    assert titles(anonymous.get(LIST, {"funder_kind": "ministry"})) == ["Razpis za društva žensk"]
    assert titles(anonymous.get(LIST, {"funder": ministry.slug})) == ["Razpis za društva žensk"]
    assert titles(anonymous.get(LIST, {"sector": "private"})) == ["Podjetniški razpis"]
    assert titles(anonymous.get(LIST, {"legal_form": "association"})) == ["Razpis za društva žensk"]
    assert titles(anonymous.get(LIST, {"amount": "8000"})) == ["Podjetniški razpis"]


def test_area_and_deadline_filters(anonymous):
    goriska = RegionFactory(name="Goriška", slug="goriska", country="SI")
    gorenjska = RegionFactory(name="Gorenjska", slug="gorenjska", country="SI")
    now = timezone.now()
    CallFactory(title="Goriška only", regions=[goriska], deadline=now + timedelta(days=5))
    CallFactory(title="Gorenjska only", regions=[gorenjska], deadline=now + timedelta(days=50))
    CallFactory(title="Whole country", deadline=now + timedelta(days=20))
    assert titles(anonymous.get(LIST, {"region": "goriska"})) == ["Goriška only", "Whole country"]
    before = (now + timedelta(days=25)).date().isoformat()
    assert titles(anonymous.get(LIST, {"deadline_before": before})) == [
        "Goriška only",
        "Whole country",
    ]


def test_a_member_filters_the_calls_their_organisation_may_apply_to(client_for, ngo_admin):
    home = RegionFactory(name="Goriška", slug="goriska", country="SI")
    other = RegionFactory(name="Gorenjska", slug="gorenjska", country="SI")
    organisation = ngo_admin.memberships.get().organisation
    organisation.seat = MunicipalityFactory(region=home)
    organisation.sector, organisation.legal_form, organisation.country = (
        "civil",
        "association",
        "SI",
    )
    organisation.save()
    CallFactory(title="For associations here", legal_forms=["association"], regions=[home])
    CallFactory(title="For foundations", legal_forms=["foundation"])
    CallFactory(title="Elsewhere", regions=[other])
    CallFactory(title="For everyone")
    client = client_for(ngo_admin)
    assert len(titles(client.get(LIST))) == 4
    mine = client.get(LIST, {"mine": "on"})
    assert sorted(titles(mine)) == ["For associations here", "For everyone"]


def test_the_eligibility_filter_is_only_offered_to_members(anonymous):
    CallFactory()
    assert "Only calls my organisation may apply to" not in anonymous.get(LIST).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    field = FieldOfActivityFactory()
    for _ in range(count):
        CallFactory(fields=[field])
    # 1. fields of activity for the filter's choices
    # 2. funders for the filter's choices
    # 3. regions for the filter's choices
    # 4. count of the calls found
    # 5. the calls of this page, with their funders
    # 6. the fields of activity of those calls
    with django_assert_num_queries(6):
        response = anonymous.get(LIST)
    assert len(titles(response)) == min(count, 20)


def test_the_detail_says_who_may_apply_in_plain_words(anonymous):
    goriska = RegionFactory(name="Goriška", slug="goriska", country="SI")
    call = CallFactory(
        sectors=["civil"],
        legal_forms=["association", "private_institute"],
        regions=[goriska],
        min_grant=2000,
        max_grant=15000,
        co_financing=85,
        currency="EUR",
    )
    with translation.override("en"):
        page = anonymous.get(call.get_absolute_url()).content.decode()
    assert "You may apply if your organisation is: association or private institute." in page
    assert "Your organisation must work in: Goriška." in page
    assert "A grant is between €2,000 and €15,000." in page
    assert "The funder pays up to 85 % of the project" in page
    assert re.search(r"\d+\xa0(days|weeks), \d+\xa0hours? left|\d+\xa0days? left", page)


def test_the_deadline_is_shown_in_the_calls_time_zone_named(anonymous):
    deadline = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    call = CallFactory(deadline=deadline, time_zone="Europe/Sofia")
    with translation.override("en"):
        page = anonymous.get(call.get_absolute_url()).content.decode()
    from zoneinfo import ZoneInfo

    local = deadline.astimezone(ZoneInfo("Europe/Sofia"))
    assert f"{local:%H:%M}" in page
    # Named by its name, not by an abbreviation a reader could take for their own zone.
    assert "(Eastern European time (Sofia))" in page


def test_documents_and_info_days_are_linked_both_ways(anonymous):
    call = CallFactory()
    CallDocumentFactory(call=call, title="Razpisna dokumentacija")
    info_day = EventFactory(title="Info day on the call", kind="info_day", call=call)
    EventFactory(title="Unpublished info day", call=call, is_published=False)
    page = anonymous.get(call.get_absolute_url()).content.decode()
    assert "Razpisna dokumentacija" in page and "(PDF)" in page
    assert info_day.get_absolute_url() in page
    assert "Unpublished info day" not in page
    event_page = anonymous.get(info_day.get_absolute_url()).content.decode()
    assert call.get_absolute_url() in event_page


def test_an_unpublished_call_is_not_found(anonymous):
    call = CallFactory(is_published=False)
    assert anonymous.get(call.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_detail_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    call = CallFactory(
        fields=[FieldOfActivityFactory() for _ in range(min(count, 13))],
        regions=[RegionFactory() for _ in range(count)],
    )
    for number in range(count):
        CallDocumentFactory(call=call, title=f"Annex {number}")
        EventFactory(call=call)
    # 1. the call with its funder
    # 2. its fields of activity
    # 3. its regions
    # 4. its documents
    # 5. its published events, with their municipalities
    # 6. the published news about it
    with django_assert_num_queries(6):
        response = anonymous.get(call.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_the_home_page_shows_the_open_calls_closing_soonest(
    anonymous, django_assert_num_queries, count
):
    now = timezone.now()
    for days in range(count):
        CallFactory(title=f"In {days + 2} days", deadline=now + timedelta(days=days + 2))
    CallFactory(title="Closed", opens=now - timedelta(days=9), deadline=now - timedelta(days=1))
    response = anonymous.get("/en/")
    assert [c.title for c in response.context["closing_calls"]] == [
        f"In {days + 2} days" for days in range(min(count, 3))
    ]
    assert "Open calls closing soonest" in response.content.decode()
    # Rendered afresh (the lists are kept in the cache until a call or event changes):
    # 1. the latest news (none here)
    # 2. the next events (none here, so nothing to prefetch)
    # 3. the open calls closing soonest, with their funders
    # 4. their fields of activity
    data_changed("calls")
    with django_assert_num_queries(4):
        anonymous.get("/en/")
    # And from the cache: none.
    with django_assert_num_queries(0):
        anonymous.get("/en/")


def test_the_search_columns_have_trigram_indexes_on_postgresql():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'calls_call'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"call_search_text_trgm", "call_search_name_trgm"} <= names
