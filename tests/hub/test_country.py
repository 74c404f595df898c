"""The hub's country in its profile: the Polish (Gdańsk) and Bulgarian (Ruse) demo hubs count
time in their own zone and show money in their own currency, in the reader's number format."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

import hub.demo
from events.indicators import events_held
from hub.indicators import Period
from hub.money import currency_on
from hub.selectors import hub_profile
from reports.documents import render_funder_report, report_xlsx
from reports.services import funder_report_request
from tests.factories import (
    CallFactory,
    ConsultationFactory,
    EventFactory,
    OperationFactory,
    PartnerFactory,
    PartnershipFactory,
)
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db

SOFIA = ZoneInfo("Europe/Sofia")
LAST_YEAR = timezone.localdate().year - 1


def spaced(text: str) -> str:
    """Babel separates thousands and the symbol with no-break spaces; a reader sees spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def gdansk():
    hub.demo.load("gdansk")
    return hub_profile()


@pytest.fixture
def ruse():
    hub.demo.load("ruse")
    return hub_profile()


def test_the_demo_hubs_name_their_country_zone_and_currency():
    expected = {
        "goriska": ("SI", "Europe/Ljubljana", "EUR"),
        "ruse": ("BG", "Europe/Sofia", "EUR"),
        "gdansk": ("PL", "Europe/Warsaw", "PLN"),
    }
    for story, (country, zone, currency) in expected.items():
        hub.demo.load(story)
        profile = hub_profile()
        assert (profile.country, profile.time_zone, profile.currency) == (country, zone, currency)


# --- Time ------------------------------------------------------------------------------------------


def test_gdansks_calendars_are_in_warsaw_time(anonymous, gdansk):
    EventFactory(title="Warsztaty dla organizacji")
    CallFactory(title="Konkurs dla organizacji")
    ConsultationFactory(title="Konsultacje programu współpracy")
    feeds = (
        "/pl/events/feed.ics",
        "/pl/calls/deadlines.ics",
        "/pl/advocacy/consultations/deadlines.ics",
    )
    for feed in feeds:
        calendar = anonymous.get(feed).content.decode()
        assert "TZID:Europe/Warsaw" in calendar
        assert "Ljubljana" not in calendar


def test_a_ruse_event_at_half_past_midnight_on_1_october_counts_in_q4_on_that_day(anonymous, ruse):
    start = datetime(LAST_YEAR, 10, 1, 0, 30, tzinfo=SOFIA)  # 30 September, 21:30 UTC
    event = EventFactory(
        title="Работна среща", slug="rabotna-sreshta", start=start, end=start + timedelta(hours=2)
    )
    assert event.time_zone == "Europe/Sofia"  # new events start in the hub's zone

    assert list(events_held(Period.quarter(LAST_YEAR, 4))) == [event]
    assert not events_held(Period.quarter(LAST_YEAR, 3)).exists()
    assert event.local_day == date(LAST_YEAR, 10, 1)
    page = anonymous.get(f"/bg/events/{event.slug}/").content.decode()
    assert f'datetime="{LAST_YEAR}-10-01T00:30:00+03:00"' in page
    assert "1 октомври" in page


def test_pages_count_days_in_the_hubs_zone_whatever_the_settings_say(anonymous, ruse, settings):
    assert settings.TIME_ZONE == "Europe/Ljubljana"
    seen = {}

    def probe(request):

        seen["zone"] = str(timezone.get_current_timezone())
        return HttpResponse()

    from hub.middleware import HubTimeZoneMiddleware

    HubTimeZoneMiddleware(probe)(RequestFactory().get("/"))
    assert seen["zone"] == "Europe/Sofia"
    assert str(timezone.get_current_timezone()) == "Europe/Ljubljana"  # given back after


def test_a_call_names_its_zone_by_name_only_when_it_is_not_the_hubs(anonymous, ruse):
    own = CallFactory(title="Конкурс на фондацията", slug="konkurs")
    elsewhere = CallFactory(title="Покана", slug="pokana", time_zone="Europe/Ljubljana")
    listing = anonymous.get("/bg/calls/").content.decode()
    assert "(Централноевропейско време (Любляна))" in listing
    assert "Източноевропейско време" not in listing
    detail = anonymous.get(f"/bg/calls/{own.slug}/").content.decode()
    assert '<span class="time-zone">(Източноевропейско време (София))</span>' in detail
    assert "(EET)" not in detail and "(EEST)" not in detail
    assert elsewhere.time_zone == "Europe/Ljubljana"


# --- Money -----------------------------------------------------------------------------------------


def test_gdansks_contributions_and_call_amounts_are_in_zloty(anonymous, gdansk):
    partner = PartnerFactory(
        financial_contribution=Decimal("1500"), in_kind_value=Decimal("420000.5")
    )
    call = CallFactory(total_budget=Decimal("420000"), max_grant=Decimal("20000"))
    assert call.currency == "PLN"  # new calls start in the hub's currency

    page = spaced(anonymous.get(f"/pl/partnerships/{partner.partnership.slug}/").content.decode())
    assert "1 500,00 zł" in page
    assert "420 000,50 zł" in page
    assert "€" not in page
    call_page = spaced(anonymous.get(f"/pl/calls/{call.slug}/").content.decode())
    assert "420 000 zł" in call_page
    assert "20 000 zł" in call_page


def test_bulgarian_amounts_before_2026_keep_their_lev(anonymous, ruse):
    partnership = PartnershipFactory(started=date(2025, 3, 1))
    PartnerFactory(partnership=partnership, joined=date(2025, 3, 1), financial_contribution=800)
    PartnerFactory(partnership=partnership, joined=date(2026, 1, 1), financial_contribution=900)
    assert currency_on(date(2025, 12, 31)) == "BGN"
    assert currency_on(date(2026, 1, 1)) == "EUR"

    page = spaced(anonymous.get(f"/bg/partnerships/{partnership.slug}/").content.decode())
    assert "800,00 лв." in page
    assert "900,00 €" in page


def test_the_report_prints_the_operations_value_in_the_hubs_currency_and_format(
    gdansk, coordinator
):
    operation = OperationFactory(
        template=template_of("ngos_supported"),
        start=date(LAST_YEAR, 1, 1),
        end=date(LAST_YEAR + 2, 12, 31),
        value=Decimal("420000"),
    )
    report = funder_report_request(
        operation=operation,
        period=Period.quarter(LAST_YEAR, 1),
        kind="progress",
        language="pl",
        by=coordinator,
    )
    with translation.override("pl"):
        pdf = render_funder_report(report)
        workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    text = spaced(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "420 000,00 zł" in text
    assert "420000" not in text
    value_row = next(row for row in workbook.worksheets[0].iter_rows() if row[0].value == "Wartość")
    assert value_row[1].value == 420000
    assert value_row[1].number_format == '#,##0.00 "zł"'


def test_background_jobs_count_in_the_hubs_zone_and_give_the_callers_back(ruse):
    from hub.signals import task_time_zone_begin, task_time_zone_end

    task_time_zone_begin()
    assert str(timezone.get_current_timezone()) == "Europe/Sofia"
    task_time_zone_end()
    assert str(timezone.get_current_timezone()) == "Europe/Ljubljana"
    with timezone.override(ZoneInfo("Europe/Warsaw")):  # a task run in-process by a request
        task_time_zone_begin()
        task_time_zone_end()
        assert str(timezone.get_current_timezone()) == "Europe/Warsaw"


def test_staff_set_the_hubs_zone_in_the_admin_and_the_calendar_follows_at_once(
    anonymous, client_for, staff
):
    event = EventFactory(time_zone="Europe/Warsaw")
    profile = hub_profile()
    response = client_for(staff).post(
        f"/admin/hub/hubprofile/{profile.pk}/change/",
        {
            "name": "Centrum Organizacji Pozarządowych",
            "language": "pl",
            "country": "PL",
            "time_zone": "Europe/Warsaw",
            "currency": "PLN",
            "email": "biuro@example.org",
            **{f"introduction_{language}": "" for language in ("sl", "en", "bg", "pl")},
        },
    )
    assert response.status_code == 302
    assert not event.shows_time_zone  # now the hub's own zone: not named on its pages
    assert EventFactory().time_zone == "Europe/Warsaw"
    assert "X-WR-TIMEZONE" not in anonymous.get("/pl/events/feed.ics").content.decode()
    assert "TZID:Europe/Warsaw" in anonymous.get("/pl/events/feed.ics").content.decode()
