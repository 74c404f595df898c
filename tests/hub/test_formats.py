"""Dates read the way each language writes them, on pages and in e-mails."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.utils import formats, timezone, translation

from events.services import registration_create
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.now().year + 1


def expected_day(language: str) -> str:
    return {
        "sl": f"3. december {YEAR}",
        "en": f"3 December {YEAR}",
        "bg": f"3 декември {YEAR} г.",
        "pl": f"3 grudnia {YEAR}",
    }[language]


@pytest.fixture
def event():
    start = datetime(YEAR, 12, 3, 10, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return EventFactory(title="Writing a budget", start=start, end=start + timedelta(hours=3))


@pytest.mark.parametrize("language", ["sl", "en", "bg", "pl"])
def test_an_event_page_shows_its_day_in_the_languages_own_style(anonymous, event, language):
    page = anonymous.get(f"/{language}/events/{event.slug}/").content.decode()
    assert expected_day(language) in page
    assert "10:00" in page and "13:00" in page and "a.m." not in page
    assert f"03. december {YEAR}" not in page
    assert "Декември" not in page and "December 3" not in page


@pytest.mark.parametrize("language", ["sl", "en", "bg", "pl"])
def test_the_confirmation_e_mail_shows_the_day_in_the_persons_language(
    event, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=event, name="Ana", email="ana@example.org", consent=True, language=language
        )
    (message,) = mail.outbox
    assert expected_day(language) in message.body
    assert "<span" not in message.body  # the place's language mark is for HTML only
    assert expected_day(language) in message.alternatives[0][0]


def test_every_language_defines_the_day_with_its_weekday():
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            assert formats.get_format("WEEKDAY_DATE_FORMAT") != "WEEKDAY_DATE_FORMAT"


def test_a_month_heading_is_lower_case_in_bulgarian_and_nominative_in_polish():
    december = datetime(YEAR, 12, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with translation.override("bg"):
        assert formats.date_format(december, "YEAR_MONTH_FORMAT") == f"декември {YEAR} г."
    with translation.override("pl"):
        assert formats.date_format(december, "YEAR_MONTH_FORMAT").lower() == f"grudzień {YEAR}"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("sl", "12.345 organizacij"),
        ("en", "12,345 organisations"),
        ("bg", "12\xa0345 организации"),
        ("pl", "12\xa0345 organizacji"),
    ],
)
def test_large_counts_are_grouped_the_languages_way(anonymous, monkeypatch, language, shown):
    from django.core.paginator import Paginator

    monkeypatch.setattr(Paginator, "count", property(lambda paginator: 12345))
    page = anonymous.get(f"/{language}/organisations/").content.decode()
    assert shown in page
