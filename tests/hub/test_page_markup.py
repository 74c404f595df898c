"""What assistive technology reads: live regions, languages of names, labels, and ids."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from hub.models import Country
from tests.factories import EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_flash_message_is_announced_by_a_live_region_around_a_plain_list(client_for, ngo_admin):
    organisation = ngo_admin.memberships.get().organisation
    client = client_for(ngo_admin)
    page = client.post(
        f"/en/organisations/{organisation.slug}/confirm/", follow=True
    ).content.decode()
    region = re.search(r'<div class="messages-region" role="status">\s*<ul class="messages">', page)
    assert region, "the message list is not inside the live region"
    assert '<ul class="messages" role=' not in page


def test_names_and_titles_in_another_language_say_which(anonymous):
    OrganisationFactory(name="Сдружение Русе", slug="sdruzhenie-ruse", country=Country.BULGARIA)
    OrganisationFactory(name="Društvo Soča", slug="drustvo-soca", country=Country.SLOVENIA)
    start = timezone.now() + timedelta(days=3)
    EventFactory(
        title="Обучение",
        slug="obuchenie",
        language="bg",
        venue="Младежки дом",
        start=start,
        end=start + timedelta(hours=2),
    )

    directory = anonymous.get("/sl/organisations/").content.decode()
    assert re.search(r'<h3 lang="bg"><a [^>]*>Сдружение Русе</a>', directory)
    assert re.search(r'<h3 lang="sl"><a [^>]*>Društvo Soča</a>', directory)

    events = anonymous.get("/sl/events/").content.decode()
    assert re.search(r'<h3 id="event-\d+-title" lang="bg"><a [^>]*>Обучение</a>', events)
    assert '<span lang="bg">Младежки дом, ' in events

    profile = anonymous.get("/en/organisations/sdruzhenie-ruse/").content.decode()
    assert '<h1 lang="bg">Сдружение Русе</h1>' in profile


def test_every_aria_describedby_points_to_text_on_the_page(client_for, ngo_admin):
    organisation = ngo_admin.memberships.get().organisation
    client = client_for(ngo_admin)
    for address in (
        f"/en/organisations/{organisation.slug}/people/",
        f"/en/organisations/{organisation.slug}/edit/",
        "/en/organisations/register/",
    ):
        page = client.get(address).content.decode()
        described = re.findall(r'aria-describedby="([^"]+)"', page)
        assert described, address
        for ids in described:
            for target in ids.split():
                assert f'id="{target}"' in page, f"{address}: nothing has id {target}"


def test_the_month_filter_offers_any_month_once(anonymous):
    start = timezone.now() + timedelta(days=3)
    EventFactory(start=start, end=start + timedelta(hours=2))
    page = anonymous.get("/en/events/").content.decode()
    assert page.count(">Any month</option>") == 1


def test_the_profile_heading_is_about_the_organisation_not_the_hub(anonymous, organisation_a):
    page = anonymous.get(f"/sl/organisations/{organisation_a.slug}/").content.decode()
    assert "O organizaciji" in page
    assert '<h2 id="about-title">O stičišču</h2>' not in page


def test_the_event_page_does_not_call_registering_and_signing_in_by_one_word(anonymous):
    start = timezone.now() + timedelta(days=3)
    event = EventFactory(start=start, end=start + timedelta(hours=2))
    page = anonymous.get(f"/sl/events/{event.slug}/").content.decode()
    assert ">Prijava</a>" in page  # signing in, in the header
    assert '<h2 id="register-title">Prijava na dogodek</h2>' in page


def test_no_template_puts_markup_in_a_pages_title_or_description():
    """The title and the description are plain text (the tab, search results, link previews):
    a section pasted into either block would print its tags there."""
    blocks = re.compile(r"{% block (title|description) %}(.*?){% endblock", re.S)
    wrong = [
        f"{path.relative_to(settings.BASE_DIR)}: {name}"
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        for name, text in blocks.findall(path.read_text(encoding="utf-8"))
        if "<" in text or "\n\n" in text
    ]
    assert not wrong, wrong
