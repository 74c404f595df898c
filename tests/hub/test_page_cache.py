"""Pieces of pages kept in the cache (hub.cache): never stale, never someone else's.

The lists, the home page, the feeds and the exports are rendered once per language and data
version. Each test first reads a page (so it is in the cache), then changes the data the way the
portal does, and reads it again.
"""

from __future__ import annotations

import json
import re
import tracemalloc

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from events.models import Registration
from events.services import registration_cancel
from hub.cache import DOMAINS, SEATS, data_changed, data_versions
from hub.filtering import UnderstoodQueries
from hub.models import FieldOfActivity, FunderTemplate, Municipality
from organisations.models import Organisation, VerificationStatus
from organisations.services import organisation_confirm
from organisations.views import open_data
from tests.factories import (
    CallFactory,
    EventFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    NewsItemFactory,
    OperationFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    PeerCallFactory,
    PeerEventFactory,
    RegistrationFactory,
)

LANGUAGES = ["sl", "en", "bg", "pl"]


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def without_tokens(page: str) -> str:
    """A page without its CSRF tokens, which differ on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def shows_after_change(client, urls: list[str], change, old: str, new: str) -> None:
    for url in urls:
        assert old in text(client, url), url  # read once: now it is in the cache
    change()
    for url in urls:
        page = text(client, url)
        assert new in page, url
        assert old not in page, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_organisation_changed_shows_at_once_everywhere(anonymous, language):
    organisation = OrganisationFactory(name="Društvo Prej")

    def rename():
        organisation.name = "Društvo Potem"
        organisation.save()

    shows_after_change(
        anonymous,
        [
            f"/{language}/organisations/",
            f"/{language}/organisations/?q=drustvo",
            f"/{language}/organisations/export.csv",
            f"/{language}/organisations/export.json",
            f"/{language}/organisations/{organisation.slug}/",
        ],
        rename,
        "Društvo Prej",
        "Društvo Potem",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_event_changed_shows_at_once_everywhere(anonymous, language):
    event = EventFactory(title="Delavnica prej")

    def rename():
        event.title = "Delavnica potem"
        event.save()

    shows_after_change(
        anonymous,
        [
            f"/{language}/",
            f"/{language}/events/",
            f"/{language}/events/feed.ics",
            f"/{language}/events/{event.slug}/",
        ],
        rename,
        "Delavnica prej",
        "Delavnica potem",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_registration_shows_in_the_seats_left_at_once(anonymous, language):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)
    urls = [f"/{language}/events/", f"/{language}/events/{event.slug}/", f"/{language}/"]
    before = {url: without_tokens(text(anonymous, url)) for url in urls}
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    for url in urls:
        again = without_tokens(text(anonymous, url))
        assert again != before[url], url
        if language == "en":
            assert "2 seats left" in before[url] or "2 left" in before[url], url
            assert "1 seat left" in again or "1 left" in again, url


def test_a_crowd_registering_leaves_the_pages_without_seats_in_the_cache(
    anonymous, django_assert_num_queries, same_minute
):
    """A registration, its participant and its entry data change seats only: the pages that
    show no seat count are still served from the cache, without a query."""
    organisation = OrganisationFactory(name="Društvo Prej")
    event = EventFactory(capacity=30, organiser=organisation)
    call = CallFactory()
    urls = [
        "/en/organisations/",
        f"/en/organisations/{organisation.slug}/",
        "/en/calls/",
        f"/en/calls/{call.slug}/",
        "/en/partnerships/",
    ]
    first = {url: without_tokens(text(anonymous, url)) for url in urls}
    assert "30 left" in text(anonymous, f"/en/events/{event.slug}/")
    registration = RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    for url in urls:
        with django_assert_num_queries(0):
            assert without_tokens(text(anonymous, url)) == first[url], url
    assert "29 left" in text(anonymous, f"/en/events/{event.slug}/")
    registration.status = Registration.Status.CANCELLED
    registration.save()
    assert "30 left" in text(anonymous, f"/en/events/{event.slug}/")


def test_a_seat_passed_down_the_waiting_list_is_a_change_of_seats_only(anonymous):
    """A cancelled seat goes to the first person waiting (by an update, which sends no signal):
    a change of seats only, like a registration."""
    event = EventFactory(capacity=2, waiting_list=True)
    seated = RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    assert "1 left" in text(anonymous, f"/en/events/{event.slug}/")
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    assert "All seats are taken" in text(anonymous, f"/en/events/{event.slug}/")
    others, seats = data_versions(DOMAINS), data_versions((SEATS,))
    assert registration_cancel(registration=seated) == [waiting]
    assert data_versions(DOMAINS) == others
    assert data_versions((SEATS,)) != seats
    assert "All seats are taken" in text(anonymous, f"/en/events/{event.slug}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_call_changed_shows_at_once_everywhere(anonymous, language):
    call = CallFactory(title="Razpis prej")

    def rename():
        call.title = "Razpis potem"
        call.save()

    shows_after_change(
        anonymous,
        [
            f"/{language}/",
            f"/{language}/calls/",
            f"/{language}/calls/feed/",
            f"/{language}/calls/deadlines.ics",
            f"/{language}/calls/{call.slug}/",
        ],
        rename,
        "Razpis prej",
        "Razpis potem",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_news_item_changed_shows_at_once_on_the_home_page_and_what_it_is_about(
    anonymous, language
):
    event = EventFactory(title="Delavnica")
    item = NewsItemFactory(title="Novica prej", event=event)

    def rename():
        item.title = "Novica potem"
        item.save()

    shows_after_change(
        anonymous,
        [f"/{language}/", f"/{language}/events/{event.slug}/"],
        rename,
        "Novica prej",
        "Novica potem",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_hubs_record_changed_shows_at_once_on_the_lists(anonymous, language):
    event = PeerEventFactory(title="Dogodek soseda prej")
    call = PeerCallFactory(title="Razpis soseda prej")

    def rename():
        event.title = "Dogodek soseda potem"
        event.save()
        call.title = "Razpis soseda potem"
        call.save()

    shows_after_change(
        anonymous,
        [f"/{language}/events/?include=peers", f"/{language}/calls/?include=peers"],
        rename,
        "soseda prej",
        "soseda potem",
    )


def test_a_question_the_funder_template_adds_shows_on_the_event_page_at_once(anonymous):
    template = FunderTemplate.objects.create(code="esf-plus", name="ESF+", entry_items=["gender"])
    OperationFactory(template=template)
    event = EventFactory(title="Delavnica")
    url = f"/en/events/{event.slug}/"
    page = text(anonymous, url)  # now in the cache
    assert "The funder counts participants by gender." in page
    assert "Highest completed education" not in page
    template.entry_items = ["gender", "education"]
    template.save()
    assert "Highest completed education" in text(anonymous, url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partnership_changed_shows_at_once(anonymous, language):
    partnership = PartnershipFactory(title="Partnerstvo prej")
    PartnerFactory(partnership=partnership)

    def rename():
        partnership.title = "Partnerstvo potem"
        partnership.save()

    shows_after_change(
        anonymous,
        [f"/{language}/partnerships/", f"/{language}/partnerships/{partnership.slug}/"],
        rename,
        "Partnerstvo prej",
        "Partnerstvo potem",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partner_joining_shows_at_once(anonymous, language):
    partnership = PartnershipFactory(title="Partnerstvo")
    PartnerFactory(partnership=partnership, organisation__name="Prvi partner")
    url = f"/{language}/partnerships/?q=Partnerstvo"
    before = without_tokens(text(anonymous, url))
    PartnerFactory(
        partnership=partnership, organisation__name="Drugi", organisation__sector="public"
    )
    assert without_tokens(text(anonymous, url)) != before


@pytest.fixture
def same_minute(monkeypatch):
    """Pages are kept per minute (``hub.cache.this_minute``): the tests that read a page again
    and expect the kept copy hold the clock's minute, so a run that crosses one still passes.
    Data versions (``time_ns``) keep running."""
    import time
    from types import SimpleNamespace

    import hub.cache

    held = time.time()
    clock = SimpleNamespace(time=lambda: held, time_ns=time.time_ns, monotonic=time.monotonic)
    monkeypatch.setattr(hub.cache, "time", clock)


@pytest.mark.parametrize(
    "url", ["/en/", "/en/organisations/?q=drustvo", "/en/organisations/{slug}/"]
)
def test_a_page_read_again_without_cookies_comes_from_the_cache(
    anonymous, django_assert_num_queries, url, same_minute
):
    organisation = OrganisationFactory(name="Društvo Prej")
    template, url = url, url.format(slug=organisation.slug)
    first = text(anonymous, url)
    with django_assert_num_queries(0):
        assert without_tokens(text(anonymous, url)) == without_tokens(first)
    if "{slug}" not in template:
        return  # the lists render from cached pieces, without queries, either way
    # With a cookie of its own (here a message waiting), the page is rendered for the reader.
    anonymous.cookies["messages"] = "x"
    with CaptureQueriesContext(connection) as queries:
        text(anonymous, url)
    assert queries.captured_queries


class CountedCache:
    """The calls to the cache, counted: each is one round trip to Redis (the test's cache in
    memory answers get_many with a get per key, which are not counted)."""

    def __init__(self, monkeypatch):
        self.calls: list[str] = []
        self._inside = False
        for name in ("get", "get_many", "set", "add", "set_many"):
            original = getattr(cache, name)
            monkeypatch.setattr(cache, name, self._counted(name, original))

    def _counted(self, name, original):
        def counted(*args, **kwargs):
            if self._inside:
                return original(*args, **kwargs)
            self.calls.append(name)
            self._inside = True
            try:
                return original(*args, **kwargs)
            finally:
                self._inside = False

        return counted


@pytest.mark.parametrize("url", ["/en/", "/en/organisations/", "/en/organisations/{slug}/"])
def test_a_page_kept_for_readers_without_cookies_costs_one_cache_read(
    anonymous, monkeypatch, url, same_minute
):
    organisation = OrganisationFactory(name="Društvo Prej")
    url = url.format(slug=organisation.slug)
    first = text(anonymous, url)
    counted = CountedCache(monkeypatch)
    # The hub's identity, the data versions and the page, in one get_many.
    assert without_tokens(text(anonymous, url)) == without_tokens(first)
    assert counted.calls == ["get_many"]
    # After a change the same read finds the page out of date and renders it afresh.
    data_changed("organisations")
    counted.calls.clear()
    assert without_tokens(text(anonymous, url)) == without_tokens(first)
    assert counted.calls[0] == "get_many" and "set" in counted.calls


def test_a_process_reads_the_hubs_identity_only_when_it_was_kept_anew(
    anonymous, monkeypatch, same_minute
):
    """The first round trip carries the identity's token, not the identity: a process that
    holds the identity kept under it reads nothing more; another process, or any process
    after staff change the profile, reads the identity once."""
    from hub import selectors
    from hub.models import HubProfile

    text(anonymous, "/en/events/")
    counted = CountedCache(monkeypatch)
    text(anonymous, "/en/events/")
    assert counted.calls == ["get_many"]
    monkeypatch.setattr(selectors, "_this_process", None)
    counted.calls.clear()
    text(anonymous, "/en/events/")
    assert counted.calls == ["get_many", "get_many"]
    counted.calls.clear()
    text(anonymous, "/en/events/")
    assert counted.calls == ["get_many"]
    profile = HubProfile.objects.get()
    profile.name = "Stičišče Novo ime"
    profile.save()
    assert "Stičišče Novo ime" in text(anonymous, "/en/events/")
    counted.calls.clear()
    assert "Stičišče Novo ime" in text(anonymous, "/en/events/")
    assert counted.calls == ["get_many"]


def test_a_cached_page_carries_a_csrf_token_of_its_own_for_every_reader(client_for):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    event = EventFactory(title="Delavnica", capacity=10)
    url = f"/en/events/{event.slug}/"
    tokens = []
    for _ in range(2):
        reader = Client(enforce_csrf_checks=True)
        page = text(reader, url)
        token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token and "\x00" not in page
        # The masked token of the page is the secret in this reader's own cookie.
        assert {_unmask_cipher_token(t) for t in token} == {reader.cookies["csrftoken"].value}
        tokens.append(reader.cookies["csrftoken"].value)
    assert tokens[0] != tokens[1]


def test_a_signed_in_reader_never_gets_the_page_kept_for_readers_without_cookies(
    anonymous, client_for, ngo_admin, organisation_a
):
    url = f"/en/organisations/{organisation_a.slug}/"
    text(anonymous, url)
    text(anonymous, url)
    own = text(client_for(ngo_admin), url)
    assert f"/en/organisations/{organisation_a.slug}/edit/" in own
    assert f"/en/organisations/{organisation_a.slug}/edit/" not in text(anonymous, url)


def test_an_advocacy_initiative_changed_shows_on_the_profile_at_once(anonymous):
    from tests.factories import InitiativeFactory

    initiative = InitiativeFactory(title="Pobuda prej")
    organisation = initiative.lead
    url = f"/en/organisations/{organisation.slug}/"

    def rename():
        initiative.title = "Pobuda potem"
        initiative.save()

    shows_after_change(anonymous, [url], rename, "Pobuda prej", "Pobuda potem")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_renamed_field_of_activity_shows_in_the_filters_at_once(anonymous, language):
    field = FieldOfActivityFactory(slug="youth", name="Mladina")
    OrganisationFactory(fields=[field])
    urls = [f"/{language}/organisations/", f"/{language}/events/", f"/{language}/calls/"]
    for url in urls:
        assert re.search(r'<option value="youth">[^<]+</option>', text(anonymous, url))
    FieldOfActivity.objects.filter(pk=field.pk).update(
        **{f"name_{code}": f"Mladi ({code})" for code in LANGUAGES}
    )
    data_changed("reference")  # update() sends no signal: the admin saves, which does
    for url in urls:
        assert f'<option value="youth">Mladi ({language})</option>' in text(anonymous, url)


def test_a_new_municipality_is_offered_at_once(anonymous):
    text(anonymous, "/en/organisations/")
    MunicipalityFactory(name="Kobarid", slug="kobarid")
    assert '<option value="kobarid">Kobarid</option>' in text(anonymous, "/en/organisations/")


def test_the_chosen_filter_is_marked_in_the_cached_options(anonymous):
    MunicipalityFactory(name="Tolmin", slug="tolmin")
    text(anonymous, "/en/organisations/")
    page = text(anonymous, "/en/organisations/?municipality=tolmin")
    assert '<option value="tolmin" selected>Tolmin</option>' in page
    assert '<option value="" selected>All municipalities</option>' not in page


def test_confirming_a_profile_shows_in_the_export_at_once(anonymous, ngo_admin, organisation_a):
    Organisation.objects.filter(pk=organisation_a.pk).update(
        last_confirmed_at="2020-01-02T10:00:00+00:00"
    )
    data_changed("organisations")
    assert "2020-01-02" in text(anonymous, "/en/organisations/export.csv")
    organisation_confirm(organisation=organisation_a, by=ngo_admin)
    assert "2020-01-02" not in text(anonymous, "/en/organisations/export.csv")


def test_a_hidden_organisation_leaves_the_cached_directory_at_once(anonymous):
    organisation = OrganisationFactory(name="Skrito društvo")
    assert "Skrito društvo" in text(anonymous, "/en/organisations/")
    organisation.verification_status = VerificationStatus.INACTIVE
    organisation.save()
    assert "Skrito društvo" not in text(anonymous, "/en/organisations/")


# Nobody sees another person's page.


def test_a_members_private_partnership_stays_theirs(
    client_for, ngo_admin, other_ngo_admin, organisation_a, anonymous
):
    private = PartnershipFactory(title="Zaprto partnerstvo", is_public=False)
    PartnerFactory(partnership=private, organisation=organisation_a)
    PartnershipFactory(title="Javno partnerstvo")
    assert "Zaprto partnerstvo" in text(client_for(ngo_admin), "/en/partnerships/")
    for other in [client_for(other_ngo_admin), anonymous]:
        page = text(other, "/en/partnerships/")
        assert "Javno partnerstvo" in page
        assert "Zaprto partnerstvo" not in page


def test_calls_for_my_organisation_are_not_someone_elses(
    client_for, ngo_admin, other_ngo_admin, organisation_a, organisation_b
):
    Organisation.objects.filter(pk=organisation_b.pk).update(sector="private")
    CallFactory(title="Samo za nevladne", sectors=["civil"])
    CallFactory(title="Za vse")
    url = "/en/calls/?mine=on"
    assert "Samo za nevladne" in text(client_for(ngo_admin), url)
    page = text(client_for(other_ngo_admin), url)
    assert "Za vse" in page
    assert "Samo za nevladne" not in page


def test_the_signed_in_parts_of_a_cached_list_are_each_readers_own(
    client_for, ngo_admin, anonymous
):
    OrganisationFactory()
    signed_in = text(client_for(ngo_admin), "/en/organisations/")
    assert "Register your organisation" in signed_in
    page = text(anonymous, "/en/organisations/")
    assert "Sign up to register your organisation" in page
    assert "Register your organisation</a>" not in page


def test_a_cached_page_carries_the_readers_own_csrf_token(client_for, ngo_admin, other_ngo_admin):
    OrganisationFactory()
    first = client_for(ngo_admin)
    second = client_for(other_ngo_admin)
    for client in (first, second):
        client.handler.enforce_csrf_checks = True
        text(client, "/en/organisations/")
    page = text(second, "/en/organisations/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = second.post(
        "/i18n/setlang/",
        {"language": "sl", "next": "/en/organisations/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


# The export: constant queries and memory, whatever the number of rows.


def _organisations(count: int) -> None:
    field = FieldOfActivity.objects.first() or FieldOfActivityFactory()
    seat = Municipality.objects.first() or MunicipalityFactory()
    start = Organisation.objects.count()
    batch = []
    for n in range(start, start + count):
        organisation = Organisation(
            name=f"Društvo {n}",
            slug=f"export-{n}",
            sector="civil",
            legal_form="association",
            country="SI",
            seat=seat,
            description="<p>Pomagamo ljudem v lokalni skupnosti, že od leta 1990.</p>" * 3,
            verification_status=VerificationStatus.VERIFIED,
        )
        organisation.search_refresh()
        batch.append(organisation)
    created = Organisation.objects.bulk_create(batch)
    Organisation.fields.through.objects.bulk_create(
        Organisation.fields.through(organisation_id=o.pk, fieldofactivity_id=field.pk)
        for o in created
    )
    Organisation.municipalities_served.through.objects.bulk_create(
        Organisation.municipalities_served.through(organisation_id=o.pk, municipality_id=seat.pk)
        for o in created
    )


def _export(client) -> tuple[int, int, int, int]:
    """(rows, queries while the file streams, peak bytes allocated while it streams, bytes of
    the file). Without a cache the request itself also reads the hub's profile each time."""
    response = client.get("/en/organisations/export.csv")
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        rows = size = 0
        for chunk in response.streaming_content:
            rows += chunk.count(b"\n")
            size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return rows - 1, len(queries), peak, size


# Without a cache: what is measured is the writing of the file, not the cache's memory.
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_the_export_takes_fixed_queries_and_memory_for_200_or_2000_rows(anonymous):
    _organisations(200)
    _export(anonymous)  # the first request loads code and translations, and writes the lines
    small = _export(anonymous)
    _organisations(1800)
    writing = _export(anonymous)
    large = _export(anonymous)
    assert (small[0], writing[0], large[0]) == (200, 2000, 2000)
    # Without a cache, how lines are written is worked out anew for each export: 1. places with
    # their regions, 2. fields of activity; 3. the savepoint the lines are checked in (a
    # transaction outside tests), 4. its settings (no JIT, memory to sort in), 5. which
    # organisations' lines are missing or out of date, 6. the release; 7. the savepoint the
    # lines are read in, 8. its settings, 9. COPY of the kept lines in the directory's order,
    # 10. the release
    assert small[1] == large[1] == 10
    # 1,800 lines missing: written by one query, with the places and fields it names read once.
    assert writing[1] == 13
    # The file grows by some 660 KB; what is held while it streams stays within one batch of
    # rows and one 64 KiB piece of the file (a few hundred KB whatever the size; measured:
    # ~260 KB for 200 rows, ~400 KB for 2,000).
    assert large[3] > small[3] + 600_000
    assert large[2] < small[2] + 300_000, (small, large)


@pytest.mark.django_db(transaction=True)
def test_a_first_export_sends_its_first_byte_before_reading_and_streams_the_rows(anonymous):
    _organisations(400)
    response = anonymous.get("/en/organisations/export.csv")
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(pieces)
    assert first == "\ufeff".encode()
    assert not queries.captured_queries
    next(pieces)
    # Read in a transaction: the cursor hands out rows as PostgreSQL finds them (in autocommit
    # it would be declared WITH HOLD, and the whole result computed before the first row).
    assert connection.in_atomic_block
    rest = b"".join(pieces)
    assert not connection.in_atomic_block
    assert rest.count(b"\n") > 200  # the rows after the first piece of ~64 KiB


def test_an_export_read_again_comes_from_the_cache_or_not_at_all(
    anonymous, django_assert_num_queries
):
    _organisations(30)
    first = anonymous.get("/en/organisations/export.csv")
    body = b"".join(first.streaming_content)
    with django_assert_num_queries(0):
        again = anonymous.get("/en/organisations/export.csv")
        assert b"".join(again.streaming_content) == body
    unchanged = anonymous.get("/en/organisations/export.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    OrganisationFactory(name="Novo društvo")
    changed = anonymous.get("/en/organisations/export.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Novo društvo" in b"".join(changed.streaming_content).decode()


@pytest.fixture
def filters_built(monkeypatch) -> list[str]:
    """The queries an export built its filters for, as they are built."""
    built = []
    real = open_data.export_filters

    def export_filters(request):
        built.append(request.GET.urlencode())
        return real(request)

    monkeypatch.setattr(open_data, "export_filters", export_filters)
    return built


def test_an_export_without_a_query_builds_no_filters_and_holds_the_whole_directory(
    anonymous, filters_built
):
    """The filters are built to check a query; without one, the export is the directory."""
    _organisations(3)
    OrganisationFactory(name="Nepreverjeno", verification_status=VerificationStatus.PENDING)
    with_filters = b"".join(anonymous.get("/en/organisations/export.csv?q=").streaming_content)
    assert filters_built == ["q="]
    filters_built.clear()
    body = b"".join(anonymous.get("/en/organisations/export.json").streaming_content)
    assert len(json.loads(body)) == 3
    assert b"".join(anonymous.get("/en/organisations/export.csv").streaming_content) == with_filters
    assert filters_built == []
    civil = anonymous.get("/en/organisations/export.csv?sector=civil")
    written = b"".join(civil.streaming_content)
    assert filters_built == ["sector=civil"]
    assert anonymous.get("/en/organisations/export.csv?sector=nobody").status_code == 400
    assert filters_built == ["sector=civil", "sector=nobody"]
    # Kept whole: the query was checked when the file was written, for the same data.
    again = anonymous.get("/en/organisations/export.csv?sector=civil")
    assert b"".join(again.streaming_content) == written
    assert filters_built == ["sector=civil", "sector=nobody"]


def test_an_exports_head_leaves_before_its_organisations_are_asked_for(anonymous, monkeypatch):
    """The client has the first byte before the export's query is made or run."""
    _organisations(3)
    asked = []

    def queryset(request, checked):
        asked.append(checked is not None)
        return real(request, checked)

    real = open_data._queryset
    monkeypatch.setattr(open_data, "_queryset", queryset)
    for url, checked in [
        ("/en/organisations/export.csv", False),
        ("/en/organisations/export.json?sector=civil", True),
    ]:
        pieces = iter(anonymous.get(url).streaming_content)
        next(pieces)
        assert asked == []
        b"".join(pieces)
        assert asked == [checked]
        asked.clear()


def test_a_kept_export_is_known_by_its_address_each_minute(anonymous, monkeypatch, filters_built):
    """The first request of a minute asks the cache whether the file is kept (its query
    checked as it goes, unless this process understood it already); the next ones of that
    minute learn it with the versions, and build no filters."""
    _organisations(3)
    minute = [1000]
    monkeypatch.setattr("hub.cache.this_minute", lambda: minute[0])
    url = "/en/organisations/export.csv?sector=civil"
    first = b"".join(anonymous.get(url).streaming_content)
    assert filters_built == ["sector=civil"]
    minute[0] += 1
    # A process that has not seen the query yet.
    monkeypatch.setattr(open_data, "UNDERSTOOD", UnderstoodQueries(domains=("reference",)))
    with CaptureQueriesContext(connection) as queries:
        assert b"".join(anonymous.get(url).streaming_content) == first
    assert not [query for query in queries.captured_queries if "COPY" in query["sql"]]
    assert filters_built == ["sector=civil", "sector=civil"]
    assert b"".join(anonymous.get(url).streaming_content) == first
    assert filters_built == ["sector=civil", "sector=civil"]


def test_a_query_understood_is_checked_again_only_once_places_or_fields_change(
    anonymous, filters_built
):
    """A filtered export asked again after the directory changed is written afresh, filtered
    as before, without building its filters before its first byte; a change to what the
    filters offer (places, fields) has the query checked again, and a query refused is
    refused every time."""
    _organisations(2)
    url = "/en/organisations/export.csv?sector=civil"
    assert "Društvo 1" in text(anonymous, url)
    assert filters_built == ["sector=civil"]
    seat = Municipality.objects.get()
    OrganisationFactory(name="Novo civilno društvo", sector="civil", seat=seat)
    OrganisationFactory(name="Občina Novo", sector="public", seat=seat)
    pieces = iter(anonymous.get(url).streaming_content)
    next(pieces)
    assert filters_built == ["sector=civil"]
    again = b"".join(pieces).decode()
    assert "Novo civilno društvo" in again
    assert "Občina Novo" not in again
    # Built after the head, to filter the rows: once more in this request.
    assert filters_built == ["sector=civil", "sector=civil"]
    FieldOfActivityFactory(name="Nova področja")
    filters_built.clear()
    pieces = iter(anonymous.get(url).streaming_content)
    next(pieces)
    assert filters_built == ["sector=civil"]
    b"".join(pieces)
    for _ in range(2):
        refused = anonymous.get("/en/organisations/export.csv?sector=nobody")
        assert refused.status_code == 400
        assert json.loads(refused.content)["errors"][0]["parameter"] == "sector"
    assert filters_built.count("sector=nobody") == 2


def test_a_process_remembers_only_its_last_understood_queries(rf):
    understood = UnderstoodQueries(domains=("reference",), size=2)
    asked = [rf.get("/", {"sector": sector}) for sector in ("civil", "public", "private")]
    for request in asked:
        understood.remember(request)
    assert [understood.known(request) for request in asked] == [False, True, True]
    assert understood.known(rf.get("/", {"sector": "civil", "q": "x"})) is False
    understood.remember(asked[1])
    data_changed("reference")
    assert understood.known(asked[1]) is False


def test_a_lost_piece_of_a_cached_export_is_written_again(anonymous):
    _organisations(400)
    body = b"".join(anonymous.get("/en/organisations/export.csv").streaming_content)
    # The cache's own keys are ":<version>:<key>".
    pieces = [key.split(":", 2)[2] for key in list(cache._cache) if "export.csv" in key]
    # The head is kept with the number of pieces, by the export's address; the piece after it
    # is read with the number, the rest a few at a time.
    count = cache.get(next(key for key in pieces if key.endswith(":pieces")))
    assert count > 3
    lost = [key for key in pieces if key.endswith((":1", f":{count - 1}"))]
    assert len(lost) == 2
    cache.delete_many(lost)
    with CaptureQueriesContext(connection) as queries:
        again = b"".join(anonymous.get("/en/organisations/export.csv").streaming_content)
    assert again == body
    assert any("COPY" in query["sql"] for query in queries.captured_queries)


def test_feeds_answer_304_until_their_data_changes(anonymous):
    call = CallFactory()
    EventFactory()
    for url in ["/en/calls/feed/", "/en/events/feed.ics", "/en/calls/deadlines.ics"]:
        first = anonymous.get(url)
        assert first.status_code == 200
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    first = anonymous.get("/en/calls/feed/")
    call.title = "Nov naslov"
    call.save()
    assert anonymous.get("/en/calls/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
